package org.mlflow4j.store.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.Dataset;
import org.mlflow4j.entity.DatasetInput;
import org.mlflow4j.entity.ExperimentTag;
import org.mlflow4j.entity.InputTag;

/** Ids, experiment names, experiment tags and dataset inputs (spec/validation.md §1-§3, §13). */
class ValidationIdAndNameTest {

  // ------------------------------------------------------------ run ids

  @ParameterizedTest
  @ValueSource(strings = {"0123456789abcdef0123456789abcdef", "a", "Z", "9", "run_1", "a-b", "aé"})
  @DisplayName("run ids of the form ^[a-zA-Z0-9][\\w\\-]{0,255}$ are accepted")
  void validRunIds(String id) {
    assertThatCode(() -> Validation.validateRunId(id)).doesNotThrowAnyException();
  }

  @Test
  @DisplayName("a run id may have 256 characters, not 257")
  void runIdLength() {
    assertThatCode(() -> Validation.validateRunId("a".repeat(256))).doesNotThrowAnyException();
    assertThatThrownBy(() -> Validation.validateRunId("a".repeat(257)))
        .isInstanceOf(MlflowException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "../x", "..", ".", "..%2F", "%2e%2e", "a/b", "a\u0000b", "a\\b", "/abs", "_a", "-a",
        "bad id!", "a.b", "a b", "a\n", "é", "C:\\x", "a#b", "a%2Fb"
      })
  @DisplayName("malformed and traversal run ids are rejected with MLflow's message")
  void invalidRunIds(String id) {
    assertThatThrownBy(() -> Validation.validateRunId(id))
        .isInstanceOfSatisfying(
            MlflowException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
        .hasMessageStartingWith("Invalid value \"")
        .hasMessageEndingWith("for parameter 'run_id' supplied.");
  }

  @Test
  @DisplayName("the run id message quotes the id as JSON")
  void runIdMessage() {
    assertThatThrownBy(() -> Validation.validateRunId("bad id!"))
        .hasMessage("Invalid value \"bad id!\" for parameter 'run_id' supplied.");
    assertThatThrownBy(() -> Validation.validateRunId(null))
        .hasMessage("Missing value for required parameter 'run_id'.");
  }

  // ------------------------------------------------------------ experiment ids

  @ParameterizedTest
  @ValueSource(strings = {"0", "1", "123456789012345678", "abc", "exp_1-x"})
  @DisplayName("experiment ids of the file-store format are accepted")
  void validExperimentIds(String id) {
    assertThatCode(() -> Validation.validateExperimentId(id)).doesNotThrowAnyException();
  }

  @Test
  @DisplayName("an experiment id may have 64 characters, not 65")
  void experimentIdLength() {
    assertThatCode(() -> Validation.validateExperimentId("1".repeat(64)))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> Validation.validateExperimentId("1".repeat(65)))
        .hasMessage("Invalid experiment ID: '" + "1".repeat(65) + "'");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "../x", "..", "..%2F", "%2e%2e", "a/b", "a\u0000b", "a\\b", "/abs", "-1", "1 2"
      })
  @DisplayName("malformed and traversal experiment ids are rejected")
  void invalidExperimentIds(String id) {
    assertThatThrownBy(() -> Validation.validateExperimentId(id))
        .isInstanceOf(MlflowException.class)
        .hasMessageStartingWith("Invalid experiment ID: '");
  }

  // ------------------------------------------------------------ experiment names

  @Test
  @DisplayName("experiment names: non-empty, at most 500 code points, any characters")
  void experimentNames() {
    assertThatCode(() -> Validation.validateExperimentName("/Users/me/any name ../#%"))
        .doesNotThrowAnyException();
    assertThatCode(() -> Validation.validateExperimentName("n".repeat(500)))
        .doesNotThrowAnyException();
    assertThatCode(() -> Validation.validateExperimentName("😀".repeat(500)))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> Validation.validateExperimentName("n".repeat(501)))
        .isInstanceOf(MlflowException.class)
        .hasMessageStartingWith("'name' exceeds the maximum length of 500 characters")
        .hasMessageContaining("501 characters");
    assertThatThrownBy(() -> Validation.validateExperimentName("😀".repeat(501)))
        .hasMessageContaining("exceeds the maximum length of 500");
    assertThatThrownBy(() -> Validation.validateExperimentName(""))
        .hasMessage("Invalid experiment name: ''");
    assertThatThrownBy(() -> Validation.validateExperimentName(null))
        .hasMessage("Missing value for required parameter 'name'.");
  }

  // ------------------------------------------------------------ experiment tags

  @Test
  @DisplayName("experiment tags: key rules, key 250/251, value 5000/5001 never truncated")
  void experimentTags() {
    assertThatCode(
            () ->
                Validation.validateExperimentTag(
                    ExperimentTag.of("k".repeat(250), "v".repeat(5000))))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () -> Validation.validateExperimentTag(ExperimentTag.of("k".repeat(251), "v")))
        .hasMessageStartingWith("'key' exceeds the maximum length of 250 characters");
    assertThatThrownBy(
            () -> Validation.validateExperimentTag(ExperimentTag.of("note", "v".repeat(5001))))
        .isInstanceOfSatisfying(
            MlflowException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
        .hasMessageStartingWith("'value' exceeds the maximum length of 5000 characters")
        .hasMessageContaining("'note'");
    assertThatThrownBy(() -> Validation.validateExperimentTag(ExperimentTag.of("a//b", "v")))
        .hasMessageContaining("for parameter 'key' supplied");
    assertThatThrownBy(() -> Validation.validateExperimentTag(null))
        .isInstanceOf(MlflowException.class);
  }

  // ------------------------------------------------------------ dataset inputs

  private static DatasetInput input(String name, String digest, String context) {
    return DatasetInput.of(Dataset.of(name, digest, "local", "{\"uri\": \"d.csv\"}"), context);
  }

  @Test
  @DisplayName("inputs of the same name and digest collapse, the first one winning")
  void inputsDeduplicated() {
    DatasetInput a = input("train", "d1", "training");
    DatasetInput b = input("train", "d2", "training");
    DatasetInput aAgain = input("train", "d1", "eval");
    DatasetInput c = input("test", "d1", "eval");
    assertThat(Validation.validateInputs(List.of(a, b, aAgain, c))).containsExactly(a, b, c);
    assertThat(Validation.validateInputs(null)).isEmpty();
  }

  @Test
  @DisplayName("dataset and input tag field lengths are checked")
  void inputLengths() {
    assertThatCode(
            () ->
                Validation.validateInputs(
                    List.of(
                        new DatasetInput(
                            Dataset.of("n".repeat(500), "d".repeat(36), "local", "s")
                                .withSchema("x".repeat(1000))
                                .withProfile("{}"),
                            List.of(InputTag.of("k".repeat(255), "v".repeat(500)))))))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> Validation.validateInputs(List.of(input("n".repeat(501), "d", "c"))))
        .hasMessageStartingWith("'name' exceeds the maximum length of 500 characters");
    assertThatThrownBy(() -> Validation.validateInputs(List.of(input("n", "d".repeat(37), "c"))))
        .hasMessageStartingWith("'digest' exceeds the maximum length of 36 characters")
        .hasMessageContaining("'n'");
    assertThatThrownBy(
            () ->
                Validation.validateInputs(
                    List.of(
                        new DatasetInput(
                            Dataset.of("n", "d", "local", "s".repeat(65536)), List.of()))))
        .hasMessageStartingWith("'source' exceeds the maximum length of 65535 characters");
    assertThatThrownBy(
            () ->
                Validation.validateInputs(
                    List.of(
                        new DatasetInput(
                            Dataset.of("n", "d", "local", "s").withSchema("x".repeat(1048576)),
                            List.of()))))
        .hasMessageStartingWith("'schema' exceeds the maximum length of 1048575 characters");
    assertThatThrownBy(
            () ->
                Validation.validateInputs(
                    List.of(
                        new DatasetInput(
                            Dataset.of("n", "d", "local", "s"),
                            List.of(InputTag.of("k".repeat(256), "v"))))))
        .hasMessageStartingWith("'key' exceeds the maximum length of 255 characters");
    assertThatThrownBy(
            () ->
                Validation.validateInputs(
                    List.of(
                        new DatasetInput(
                            Dataset.of("n", "d", "local", "s"),
                            List.of(InputTag.of("k", "v".repeat(501)))))))
        .hasMessageStartingWith("'value' exceeds the maximum length of 500 characters");
    assertThatThrownBy(() -> Validation.validateInputs(Arrays.asList(input("a", "b", "c"), null)))
        .hasMessage("Missing value for required parameter 'datasets[1]'.");
  }
}
