package org.mlflow4j.store.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.ExperimentTag;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.Param;
import org.mlflow4j.entity.RunTag;

/** Key character and path-uniqueness rules (spec/validation.md §2). */
class ValidationKeyTest {
  private static final String RUN_ID = "0123456789abcdef0123456789abcdef";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a..b", "a.b", "a/b", "a b", "lr:0", "é", "mlflow.runName", "opt/lr", "a-b_c", "中文",
        "x²", "Ⅻ", "٣", "a/b/c.d", ".a", "a.", "a..", "a/.b", "a/..b"
      })
  @DisplayName("keys MLflow accepts are accepted for params, tags, metrics and experiment tags")
  void acceptsValidKeys(String key) {
    assertThatCode(() -> Validation.validateTagKey(key)).doesNotThrowAnyException();
    assertThatCode(
            () ->
                Validation.validateBatch(
                    RUN_ID,
                    List.of(Metric.of(key, 1, 0, 0)),
                    List.of(Param.of(key, "v")),
                    List.of(RunTag.of(key, "v")),
                    false))
        .doesNotThrowAnyException();
    assertThatCode(() -> Validation.validateExperimentTag(ExperimentTag.of(key, "v")))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "\"\"|'.'",
        ".|'.'",
        "..|'..'",
        "a/../b|'b'",
        "./a|'a'",
        "a/./b|'a/b'",
        "a//b|'a/b'",
        "a/|'a'",
        "/a|'/a'",
        "..a|'..a'",
        "../x|'../x'",
        "...a|'...a'",
        "a/b/..|'a'",
        "//a|'//a'",
        "a/b/../../..|'..'"
      })
  @DisplayName("keys that would resolve to another path are rejected, naming the resolved path")
  void rejectsPathNonUniqueKeys(String key, String resolved) {
    assertThatThrownBy(() -> Validation.validateTagKey(key))
        .isInstanceOfSatisfying(
            MlflowException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
        .hasMessageContaining("for parameter 'key' supplied")
        .hasMessageContaining("must not resolve to other names")
        .hasMessageEndingWith("This name would resolve to " + resolved);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a\\b", "a#b", "a*b", "a?b", "a%b", "a\u0000b", "a\nb", "a\tb", "a\u0301", "a\u203fb",
        "😀", "a\u200db", "a,b", "a;b", "a'b", "a\"b", "a+b", "a=b", "a\n"
      })
  @DisplayName("keys with characters outside [/\\w.\\- :] are rejected")
  void rejectsBadCharacters(String key) {
    assertThatThrownBy(() -> Validation.validateTagKey(key))
        .isInstanceOf(MlflowException.class)
        .hasMessageStartingWith("Invalid value \"")
        .hasMessageContaining("for parameter 'key' supplied: Names may only contain alphanumerics,"
            + " underscores (_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/).");
  }

  @Test
  @DisplayName("the bad-character message quotes the key as JSON")
  void badCharacterMessageQuotesKey() {
    assertThatThrownBy(() -> Validation.validateTagKey("a#b"))
        .hasMessage(
            "Invalid value \"a#b\" for parameter 'key' supplied: Names may only contain"
                + " alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colon(:)"
                + " and slashes (/).");
  }

  @Test
  @DisplayName("the path message has MLflow's wording")
  void pathMessageWording() {
    assertThatThrownBy(() -> Validation.validateTagKey("a/../b"))
        .hasMessage(
            "Invalid value \"a/../b\" for parameter 'key' supplied: Names may be treated as files"
                + " in certain cases, and must not resolve to other names when treated as such."
                + " This name would resolve to 'b'");
  }

  @Test
  @DisplayName("a null key is a missing value")
  void nullKey() {
    assertThatThrownBy(() -> Validation.validateTagKey(null))
        .isInstanceOf(MlflowException.class)
        .hasMessage("Missing value for required parameter 'key'.");
  }

  @Test
  @DisplayName("batch errors name the item: metrics[i].name, params[i].key, tags[i].key")
  void batchPathsNameTheItem() {
    assertThatThrownBy(
            () ->
                Validation.validateBatch(
                    RUN_ID,
                    List.of(Metric.of("ok", 1, 0, 0), Metric.of("bad#", 1, 0, 0)),
                    List.of(),
                    List.of(),
                    true))
        .hasMessageContaining("\"bad#\"")
        .hasMessageContaining("'metrics[1].name'");
    assertThatThrownBy(
            () ->
                Validation.validateBatch(
                    RUN_ID,
                    List.of(),
                    List.of(Param.of("ok", "v"), Param.of("x/", "v")),
                    List.of(),
                    true))
        .hasMessageContaining("'params[1].key'");
    assertThatThrownBy(
            () ->
                Validation.validateBatch(
                    RUN_ID, List.of(), List.of(), List.of(RunTag.of("./t", "v")), true))
        .hasMessageContaining("'tags[0].key'");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "\"\"|.",
        ".|.",
        "..|..",
        "a/../b|b",
        "./a|a",
        "a/./b|a/b",
        "a//b|a/b",
        "a/|a",
        "/a|/a",
        "..a|..a",
        "a..b|a..b",
        "//a|//a",
        "///a|/a",
        "/../a|/a",
        "../../a|../../a",
        "a/b/../../..|..",
        "a/../..|..",
        "//a//b/|//a/b",
        "a/b/./c/..|a/b"
      })
  @DisplayName("normpath gives what Python's posixpath.normpath gives")
  void normpathMatchesPython(String path, String expected) {
    assertThat(Validation.normpath(path)).isEqualTo(expected);
  }
}
