package org.mlflow4j.store.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.Param;
import org.mlflow4j.entity.RunTag;
import org.mlflow4j.store.support.Validation.ValidatedBatch;

/** Batches: values, lengths, limits, duplicates and conflicts (spec/validation.md §1, §4-§7). */
class ValidationBatchTest {
  private static final String RUN_ID = "0123456789abcdef0123456789abcdef";
  private static final String EMOJI = "😀";

  private static ValidatedBatch batch(List<Metric> m, List<Param> p, List<RunTag> t) {
    return Validation.validateBatch(RUN_ID, m, p, t, true);
  }

  private static ValidatedBatch strictBatch(List<Metric> m, List<Param> p, List<RunTag> t) {
    return Validation.validateBatch(RUN_ID, m, p, t, false);
  }

  private static List<Metric> metrics(int n) {
    return IntStream.range(0, n).mapToObj(i -> Metric.of("m" + i, i, 0, i)).toList();
  }

  private static List<Param> params(int n) {
    return IntStream.range(0, n).mapToObj(i -> Param.of("p" + i, "v")).toList();
  }

  private static List<RunTag> tags(int n) {
    return IntStream.range(0, n).mapToObj(i -> RunTag.of("t" + i, "v")).toList();
  }

  // ------------------------------------------------------------ metric values

  @Test
  @DisplayName("NaN, +Infinity, -Infinity, negative steps and timestamp 0 are accepted")
  void specialMetricValues() {
    List<Metric> ms =
        List.of(
            Metric.of("a", Double.NaN, 0, -5),
            Metric.of("b", Double.POSITIVE_INFINITY, 1, Long.MIN_VALUE),
            Metric.of("c", Double.NEGATIVE_INFINITY, Long.MAX_VALUE, 0));
    assertThat(batch(ms, List.of(), List.of()).metrics()).isEqualTo(ms);
  }

  @Test
  @DisplayName("a negative timestamp is rejected, naming the metric, its value and the path")
  void negativeTimestamp() {
    assertThatThrownBy(
            () -> batch(List.of(Metric.of("ok", 1, 0, 0), Metric.of("loss", 0.5, -1, 0)),
                List.of(), List.of()))
        .isInstanceOfSatisfying(
            MlflowException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
        .hasMessage(
            "Invalid value -1 for parameter 'metrics[1].timestamp' supplied: metric 'loss'"
                + " (value=0.5). Timestamp must be a nonnegative long (64-bit integer)");
  }

  @Test
  @DisplayName("single-metric validation uses the plain parameter names")
  void singleMetric() {
    assertThatCode(() -> Validation.validateMetric(Metric.of("x", Double.NaN, 0, 0)))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> Validation.validateMetric(Metric.of("x", 1, -2, 0)))
        .hasMessageContaining("'timestamp'");
    assertThatThrownBy(() -> Validation.validateMetric(Metric.of("a//b", 1, 0, 0)))
        .hasMessageContaining("'name'");
  }

  // ------------------------------------------------------------ key lengths

  @Test
  @DisplayName("keys of 250 code points pass, 251 fail, for metrics, params and tags")
  void keyLength() {
    String k250 = "k".repeat(250);
    String k251 = "k".repeat(251);
    assertThatCode(
            () ->
                strictBatch(
                    List.of(Metric.of(k250, 1, 0, 0)),
                    List.of(Param.of(k250, "v")),
                    List.of(RunTag.of(k250, "v"))))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> batch(List.of(Metric.of(k251, 1, 0, 0)), List.of(), List.of()))
        .hasMessageStartingWith("'metrics[0].name' exceeds the maximum length of 250 characters")
        .hasMessageContaining("kkkk")
        .hasMessageContaining("251 characters");
    assertThatThrownBy(() -> batch(List.of(), List.of(Param.of(k251, "v")), List.of()))
        .hasMessageStartingWith("'params[0].key' exceeds the maximum length of 250 characters");
    assertThatThrownBy(() -> batch(List.of(), List.of(), List.of(RunTag.of(k251, "v"))))
        .hasMessageStartingWith("'tags[0].key' exceeds the maximum length of 250 characters");
  }

  @Test
  @DisplayName("key length counts code points: 250 emoji (500 UTF-16 units) pass")
  void keyLengthInCodePoints() {
    // Emoji are not key characters, so use a supplementary-plane letter (U+1D400, math bold A).
    String letter = new String(Character.toChars(0x1D400));
    assertThat(Validation.length(letter.repeat(250))).isEqualTo(250);
    assertThatCode(() -> batch(List.of(), List.of(Param.of(letter.repeat(250), "v")), List.of()))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () -> batch(List.of(), List.of(Param.of(letter.repeat(251), "v")), List.of()))
        .hasMessageContaining("exceeds the maximum length of 250");
  }

  @Test
  @DisplayName("a long key in a message is cut to 100 characters and '...'")
  void longValueInMessageIsCut() {
    String key = "k".repeat(300);
    assertThatThrownBy(() -> batch(List.of(), List.of(Param.of(key, "v")), List.of()))
        .hasMessageContaining("'" + "k".repeat(100) + "...'")
        .hasMessageNotContaining("k".repeat(101));
  }

  // ------------------------------------------------------------ value lengths

  @Test
  @DisplayName("param values: 6000 kept, 6001 truncated to 6000 when allowed, else rejected")
  void paramValueLength() {
    String v6000 = "v".repeat(6000);
    String v6001 = "w".repeat(6001);
    ValidatedBatch b =
        batch(List.of(), List.of(Param.of("a", v6000), Param.of("b", v6001)), List.of());
    assertThat(b.params()).containsExactly(Param.of("a", v6000), Param.of("b", "w".repeat(6000)));

    assertThat(strictBatch(List.of(), List.of(Param.of("a", v6000)), List.of()).params())
        .containsExactly(Param.of("a", v6000));
    assertThatThrownBy(
            () -> strictBatch(List.of(), List.of(Param.of("a", "x"), Param.of("lr", v6001)),
                List.of()))
        .isInstanceOf(MlflowException.class)
        .hasMessageStartingWith("'params[1].value' exceeds the maximum length of 6000 characters")
        .hasMessageContaining("'lr'")
        .hasMessageContaining("'" + "w".repeat(100) + "...'")
        .hasMessageContaining("6001 characters");
  }

  @Test
  @DisplayName("tag values: 8000 kept, 8001 truncated to 8000 when allowed, else rejected")
  void tagValueLength() {
    String v8000 = "v".repeat(8000);
    String v8001 = "w".repeat(8001);
    assertThat(
            batch(List.of(), List.of(), List.of(RunTag.of("a", v8000), RunTag.of("b", v8001)))
                .tags())
        .containsExactly(RunTag.of("a", v8000), RunTag.of("b", "w".repeat(8000)));
    assertThatThrownBy(() -> strictBatch(List.of(), List.of(), List.of(RunTag.of("t", v8001))))
        .hasMessageStartingWith("'tags[0].value' exceeds the maximum length of 8000 characters")
        .hasMessageContaining("'t'");
    assertThat(Validation.validateRunTag(RunTag.of("t", v8001), true).value()).hasSize(8000);
    assertThatThrownBy(() -> Validation.validateRunTag(RunTag.of("t", v8001), false))
        .hasMessageStartingWith("'value' exceeds the maximum length of 8000 characters");
  }

  @Test
  @DisplayName("value lengths count code points; truncation never splits a surrogate pair")
  void valueLengthInCodePoints() {
    String e6000 = EMOJI.repeat(6000); // 12000 UTF-16 units
    assertThat(strictBatch(List.of(), List.of(Param.of("a", e6000)), List.of()).params())
        .containsExactly(Param.of("a", e6000));
    Param truncated =
        batch(List.of(), List.of(Param.of("a", EMOJI.repeat(6001))), List.of()).params().get(0);
    assertThat(truncated.value()).isEqualTo(e6000);
    assertThat(Validation.validateParam(Param.of("a", "x" + EMOJI.repeat(6000)), true).value())
        .isEqualTo("x" + EMOJI.repeat(5999));
    assertThatThrownBy(
            () -> strictBatch(List.of(), List.of(Param.of("a", EMOJI.repeat(6001))), List.of()))
        .hasMessageContaining("exceeds the maximum length of 6000");
  }

  @Test
  @DisplayName("values within the limit are returned as the same instances")
  void unchangedItemsAreKept() {
    Param p = Param.of("a", "1");
    RunTag t = RunTag.of("b", "2");
    ValidatedBatch b = batch(List.of(), List.of(p), List.of(t));
    assertThat(b.params().get(0)).isSameAs(p);
    assertThat(b.tags().get(0)).isSameAs(t);
  }

  // ------------------------------------------------------------ count limits

  @Test
  @DisplayName("1000 metrics pass, 1001 fail with MLflow's message")
  void metricLimit() {
    assertThat(batch(metrics(1000), List.of(), List.of()).metrics()).hasSize(1000);
    assertThatThrownBy(() -> batch(metrics(1001), List.of(), List.of()))
        .hasMessage(
            "A batch logging request can contain at most 1000 metrics. Got 1001 metrics. Please"
                + " split up metrics across multiple requests and try again.");
  }

  @Test
  @DisplayName("100 params and 100 tags pass, 101 fail")
  void paramAndTagLimits() {
    assertThatCode(() -> batch(List.of(), params(100), tags(100))).doesNotThrowAnyException();
    assertThatThrownBy(() -> batch(List.of(), params(101), List.of()))
        .hasMessage(
            "A batch logging request can contain at most 100 params. Got 101 params. Please"
                + " split up params across multiple requests and try again.");
    assertThatThrownBy(() -> batch(List.of(), List.of(), tags(101)))
        .hasMessage(
            "A batch logging request can contain at most 100 tags. Got 101 tags. Please"
                + " split up tags across multiple requests and try again.");
  }

  @Test
  @DisplayName("1000 entities in total pass, 1001 fail")
  void totalLimit() {
    assertThatCode(() -> batch(metrics(800), params(100), tags(100))).doesNotThrowAnyException();
    assertThatThrownBy(() -> batch(metrics(801), params(100), tags(100)))
        .hasMessage(
            "A batch logging request can contain at most 1000 metrics, params, and tags. Got 1001"
                + " metrics, params, and tags. Please split up metrics, params, and tags across"
                + " multiple requests and try again.");
  }

  @Test
  @DisplayName("order of checks: run id, then items, then counts, then duplicate params")
  void orderOfChecks() {
    List<Metric> tooManyWithBadLast = new ArrayList<>(metrics(1000));
    tooManyWithBadLast.add(Metric.of("bad#", 1, 0, 0));
    assertThatThrownBy(() -> batch(tooManyWithBadLast, List.of(), List.of()))
        .hasMessageContaining("'metrics[1000].name'");
    assertThatThrownBy(
            () ->
                Validation.validateBatch(
                    "bad id!", tooManyWithBadLast, List.of(), List.of(), true))
        .hasMessageContaining("'run_id'");
    List<Param> duplicates = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      duplicates.add(Param.of("same", "v"));
    }
    assertThatThrownBy(() -> batch(List.of(), duplicates, List.of()))
        .hasMessageContaining("at most 100 params");
  }

  // ------------------------------------------------------------ duplicates

  @Test
  @DisplayName("duplicate param keys fail even with equal values, listing each repeat")
  void duplicateParams() {
    assertThatThrownBy(
            () ->
                batch(
                    List.of(),
                    List.of(
                        Param.of("a", "1"), Param.of("b", "1"), Param.of("a", "1"),
                        Param.of("a", "2"), Param.of("b", "3")),
                    List.of()))
        .isInstanceOfSatisfying(
            MlflowException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
        .hasMessage(
            "Duplicate parameter keys have been submitted: ['a', 'a', 'b']. Please ensure the"
                + " request contains only one param value per param key.");
  }

  @Test
  @DisplayName("duplicate tag keys: the last value wins, at the first position")
  void duplicateTags() {
    ValidatedBatch b =
        batch(
            List.of(),
            List.of(),
            List.of(RunTag.of("a", "1"), RunTag.of("b", "2"), RunTag.of("a", "3")));
    assertThat(b.tags()).containsExactly(RunTag.of("a", "3"), RunTag.of("b", "2"));
  }

  @Test
  @DisplayName("duplicate metric points are kept (stores de-duplicate)")
  void duplicateMetricsKept() {
    Metric m = Metric.of("a", 1, 2, 3);
    assertThat(batch(List.of(m, m), List.of(), List.of()).metrics()).containsExactly(m, m);
  }

  // ------------------------------------------------------------ nulls

  @Test
  @DisplayName("null lists count as empty; null items are missing values naming the item")
  void nulls() {
    ValidatedBatch empty = Validation.validateBatch(RUN_ID, null, null, null, true);
    assertThat(empty.metrics()).isEmpty();
    assertThat(empty.params()).isEmpty();
    assertThat(empty.tags()).isEmpty();
    assertThatThrownBy(
            () -> batch(Arrays.asList(Metric.of("a", 1, 0, 0), null), List.of(), List.of()))
        .hasMessage("Missing value for required parameter 'metrics[1]'.");
    assertThatThrownBy(() -> batch(List.of(), Arrays.asList((Param) null), List.of()))
        .hasMessage("Missing value for required parameter 'params[0]'.");
    assertThatThrownBy(() -> batch(List.of(), List.of(), Arrays.asList((RunTag) null)))
        .hasMessage("Missing value for required parameter 'tags[0]'.");
    assertThatThrownBy(() -> Validation.validateBatch(null, null, null, null, true))
        .hasMessage("Missing value for required parameter 'run_id'.");
  }

  @Test
  @DisplayName("the result lists are immutable")
  void resultIsImmutable() {
    ValidatedBatch b = batch(metrics(1), params(1), tags(1));
    assertThatThrownBy(() -> b.tags().add(RunTag.of("x", "y")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  // ------------------------------------------------------------ param conflicts

  @Test
  @DisplayName("re-logging a param with the same value is fine")
  void sameParamValue() {
    assertThatCode(
            () ->
                Validation.checkParamsUnchanged(
                    RUN_ID,
                    Map.of("a", "1", "b", "2"),
                    List.of(Param.of("a", "1"), Param.of("c", "3"))))
        .doesNotThrowAnyException();
  }

  @Test
  @DisplayName("changing param values fails, listing every conflict in the SQL store's form")
  void changedParamValues() {
    Map<String, String> existing = new LinkedHashMap<>();
    existing.put("a", "1");
    existing.put("b", "2");
    existing.put("c", "3");
    assertThatThrownBy(
            () ->
                Validation.checkParamsUnchanged(
                    RUN_ID,
                    existing,
                    List.of(Param.of("a", "10"), Param.of("c", "3"), Param.of("b", "it's"))))
        .isInstanceOfSatisfying(
            MlflowException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
        .hasMessage(
            "Changing param values is not allowed. Params were already logged='[{'key': 'a',"
                + " 'old_value': '1', 'new_value': '10'}, {'key': 'b', 'old_value': '2',"
                + " 'new_value': \"it's\"}]' for run ID='"
                + RUN_ID
                + "'.");
  }

  @Test
  @DisplayName("conflicts compare truncated values: 6001 then 6002 equal characters conflict not")
  void conflictAfterTruncation() {
    Param first = Validation.validateParam(Param.of("p", "x".repeat(6001)), true);
    Param second = Validation.validateParam(Param.of("p", "x".repeat(6002)), true);
    assertThatCode(
            () ->
                Validation.checkParamsUnchanged(
                    RUN_ID, Map.of(first.key(), first.value()), List.of(second)))
        .doesNotThrowAnyException();
  }
}
