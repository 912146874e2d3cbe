package org.mlflow4j.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mlflow4j.entity.Dataset;
import org.mlflow4j.entity.DatasetInput;
import org.mlflow4j.entity.Experiment;
import org.mlflow4j.entity.ExperimentTag;
import org.mlflow4j.entity.InputTag;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.MlflowTags;
import org.mlflow4j.entity.Param;
import org.mlflow4j.entity.Run;
import org.mlflow4j.entity.RunData;
import org.mlflow4j.entity.RunInfo;
import org.mlflow4j.entity.RunStatus;
import org.mlflow4j.entity.RunTag;

class SearchEvaluatorTest {

  /** A small fluent builder of runs for tests. */
  static final class R {
    private final RunInfo.Builder info = RunInfo.builder().experimentId("1");
    private final List<Metric> metrics = new ArrayList<>();
    private final List<Param> params = new ArrayList<>();
    private final List<RunTag> tags = new ArrayList<>();
    private final List<DatasetInput> inputs = new ArrayList<>();

    R(String id) {
      info.runId(id).artifactUri("file:///tmp/" + id);
    }

    R start(long t) {
      info.startTime(t);
      return this;
    }

    R end(long t) {
      info.endTime(t);
      return this;
    }

    R status(RunStatus s) {
      info.status(s);
      return this;
    }

    R user(String u) {
      info.userId(u);
      return this;
    }

    R name(String n) {
      info.runName(n);
      tags.add(RunTag.of(MlflowTags.RUN_NAME, n));
      return this;
    }

    R metric(String k, double v) {
      metrics.add(Metric.of(k, v, 0, 0));
      return this;
    }

    R param(String k, String v) {
      params.add(Param.of(k, v));
      return this;
    }

    R tag(String k, String v) {
      tags.add(RunTag.of(k, v));
      return this;
    }

    R dataset(String name, String digest, String context) {
      inputs.add(DatasetInput.of(Dataset.of(name, digest, "local", "{}"), context));
      return this;
    }

    Run build() {
      return new Run(info.build(), new RunData(metrics, params, tags), inputs);
    }
  }

  static R run(String id) {
    return new R(id);
  }

  private static List<String> matching(String filter, List<Run> runs) {
    Predicate<Run> p = SearchEvaluator.runPredicate(SearchParser.parseRunFilter(filter));
    return runs.stream().filter(p).map(Run::runId).collect(Collectors.toList());
  }

  private static List<String> sorted(List<Run> runs, String... orderBy) {
    List<Run> copy = new ArrayList<>(runs);
    copy.sort(SearchEvaluator.runComparator(SearchParser.parseRunOrderBy(List.of(orderBy))));
    return copy.stream().map(Run::runId).collect(Collectors.toList());
  }

  private final List<Run> metricRuns =
      List.of(
          run("a").metric("m", 1.0).build(),
          run("b").metric("m", Double.NaN).build(),
          run("c").build(),
          run("d").metric("m", Double.POSITIVE_INFINITY).build(),
          run("e").metric("m", Double.NEGATIVE_INFINITY).build(),
          run("f").metric("m", 0.5).build());

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "metrics.m = 1|a",
        "metrics.m != 1|b,d,e,f",
        "metrics.m > 0.5|a,d",
        "metrics.m >= 0.5|a,d,f",
        "metrics.m < 1|e,f",
        "metrics.m <= 1|a,e,f",
        "metrics.m > -1e308|a,d,f",
        "metrics.m != 12345|a,b,d,e,f"
      })
  void metricsNaNAndMissing(String filter, String expected) {
    // NaN fails every comparison but != ; a run without the metric never matches
    assertThat(matching(filter, metricRuns)).containsExactly(expected.split(","));
  }

  @Test
  void missingParamTagAndEndTimeNeverMatchEvenForNotEqual() {
    List<Run> runs =
        List.of(run("a").param("p", "x").tag("t", "x").end(5).build(), run("b").build());
    assertThat(matching("params.p != 'y'", runs)).containsExactly("a");
    assertThat(matching("tags.t != 'y'", runs)).containsExactly("a");
    assertThat(matching("end_time != 0", runs)).containsExactly("a");
    assertThat(matching("end_time > 1", runs)).containsExactly("a");
  }

  @Test
  void stringEqualityIsCaseSensitive() {
    List<Run> runs =
        List.of(run("a").param("p", "Adam").build(), run("b").param("p", "adam").build());
    assertThat(matching("params.p = 'adam'", runs)).containsExactly("b");
    assertThat(matching("params.p != 'adam'", runs)).containsExactly("a");
  }

  @Test
  void likeIsCaseSensitiveIlikeIsNot() {
    List<Run> runs =
        List.of(
            run("a").tag("team", "vision").build(),
            run("b").tag("team", "Computer VISION").build(),
            run("c").tag("team", "nlp").build());
    assertThat(matching("tags.team LIKE 'vis%'", runs)).containsExactly("a");
    assertThat(matching("tags.team LIKE '%VISION'", runs)).containsExactly("b");
    assertThat(matching("tags.team ILIKE '%VISION%'", runs)).containsExactly("a", "b");
    assertThat(matching("tags.team LIKE 'n_p'", runs)).containsExactly("c");
    assertThat(matching("tags.team LIKE 'n_'", runs)).isEmpty();
    assertThat(matching("tags.team LIKE '%'", runs)).containsExactly("a", "b", "c");
  }

  @Test
  void likeTreatsRegexMetacharactersLiterallyAsSqlDoes() {
    // MLflow's file store would read 'a+b' as a regex and miss the value a+b; SQL stores match it
    List<Run> runs =
        List.of(
            run("a").tag("t", "a+b").build(),
            run("b").tag("t", "aab").build(),
            run("c").tag("t", "x.y(z)[1]$^\\").build(),
            run("d").tag("t", "xzy(z)[1]$^\\").build(),
            run("e").tag("t", "line1\nline2").build());
    assertThat(matching("tags.t LIKE 'a+b'", runs)).containsExactly("a");
    assertThat(matching("tags.t LIKE 'x.y(z)[1]$^\\'", runs)).containsExactly("c");
    assertThat(matching("tags.t LIKE 'x.y%'", runs)).containsExactly("c");
    assertThat(matching("tags.t ILIKE 'A+B'", runs)).containsExactly("a");
    assertThat(matching("tags.t LIKE 'line1%line2'", runs)).containsExactly("e");
    assertThat(matching("tags.t LIKE '\\Q%'", runs)).isEmpty();
  }

  @Test
  void runIdInAndNotIn() {
    List<Run> runs = List.of(run("aa").build(), run("bb").build(), run("cc").build());
    assertThat(matching("run_id IN ('aa', 'cc', 'zz')", runs)).containsExactly("aa", "cc");
    assertThat(matching("run_id NOT IN ('aa')", runs)).containsExactly("bb", "cc");
    // upper-case values are dropped, as MLflow drops them
    assertThat(matching("run_id IN ('AA')", runs)).isEmpty();
    assertThat(matching("run_id NOT IN ('AA')", runs)).containsExactly("aa", "bb", "cc");
    assertThat(matching("run_id = 'bb'", runs)).containsExactly("bb");
    assertThat(matching("run_id LIKE '%b'", runs)).containsExactly("bb");
  }

  @Test
  void stringAndNumericAttributes() {
    List<Run> runs =
        List.of(
            run("a").status(RunStatus.FINISHED).user("alice").start(1000).end(2000).build(),
            run("b").status(RunStatus.FAILED).user("bob").start(3000).build());
    assertThat(matching("status = 'FINISHED'", runs)).containsExactly("a");
    assertThat(matching("status != 'FAILED'", runs)).containsExactly("a");
    assertThat(matching("attributes.status ILIKE 'fail%'", runs)).containsExactly("b");
    assertThat(matching("user_id = 'bob'", runs)).containsExactly("b");
    assertThat(matching("artifact_uri LIKE '%/a'", runs)).containsExactly("a");
    assertThat(matching("start_time >= 1000 AND start_time < 3000", runs)).containsExactly("a");
    assertThat(matching("created > 1500", runs)).containsExactly("b");
    assertThat(matching("start_time > 999.5", runs)).containsExactly("a", "b");
    assertThat(matching("end_time <= 2000", runs)).containsExactly("a");
  }

  @Test
  void runNameMatchesTheRunNameTag() {
    Run legacy =
        new Run(
            RunInfo.builder().runId("old").experimentId("1").runName("").build(),
            new RunData(
                List.of(), List.of(), List.of(RunTag.of(MlflowTags.RUN_NAME, "bright-fox-1"))),
            List.of());
    Run noTag =
        new Run(
            RunInfo.builder().runId("x").experimentId("1").runName("bright-x").build(),
            RunData.EMPTY,
            List.of());
    List<Run> runs = List.of(legacy, noTag, run("n").name("dull-cat-2").build());
    assertThat(matching("attributes.`Run name` LIKE 'bright-%'", runs)).containsExactly("old");
    assertThat(matching("run_name != 'zzz'", runs)).containsExactly("old", "n");
  }

  @Test
  void datasetClausesMatchAnyInput() {
    List<Run> runs =
        List.of(
            run("a").dataset("mnist", "d1", "training").dataset("cifar", "d2", "eval").build(),
            run("b").dataset("mnist", "d3", "eval").build(),
            run("c").build(),
            new Run(
                RunInfo.builder().runId("d").experimentId("1").build(),
                RunData.EMPTY,
                List.of(
                    new DatasetInput(
                        Dataset.of("mnist", "d4", "local", "{}"),
                        List.of(InputTag.of("other", "x"))))));
    // each clause may be satisfied by a different input
    assertThat(matching("datasets.name = 'cifar' AND datasets.context = 'training'", runs))
        .containsExactly("a");
    assertThat(matching("datasets.name = 'mnist'", runs)).containsExactly("a", "b", "d");
    assertThat(matching("datasets.name != 'mnist'", runs)).containsExactly("a");
    assertThat(matching("datasets.digest IN ('d2', 'd3')", runs)).containsExactly("a", "b");
    assertThat(matching("datasets.context NOT IN ('training')", runs)).containsExactly("a", "b");
    assertThat(matching("datasets.context LIKE 'ev%'", runs)).containsExactly("a", "b");
    assertThat(matching("dataset.name ILIKE 'MNIST'", runs)).containsExactly("a", "b", "d");
  }

  @Test
  void clausesAreAnded() {
    List<Run> runs =
        List.of(
            run("a").metric("loss", 0.2).param("optimizer", "adam").build(),
            run("b").metric("loss", 0.2).param("optimizer", "sgd").build(),
            run("c").metric("loss", 0.3).param("optimizer", "adam").build());
    assertThat(matching("metrics.loss <= 0.25 AND params.optimizer = 'adam'", runs))
        .containsExactly("a");
    assertThat(matching("", runs)).containsExactly("a", "b", "c");
  }

  @Test
  void defaultOrderIsStartTimeDescThenRunIdAsc() {
    List<Run> runs =
        List.of(run("b").start(1).build(), run("a").start(1).build(), run("c").start(2).build());
    assertThat(sorted(runs)).containsExactly("c", "a", "b");
  }

  @Test
  void metricOrderPutsNaNAfterNumbersAndMissingLastInBothDirections() {
    assertThat(sorted(metricRuns, "metrics.m")).containsExactly("e", "f", "a", "d", "b", "c");
    assertThat(sorted(metricRuns, "metrics.m DESC")).containsExactly("d", "a", "f", "e", "b", "c");
  }

  @Test
  void missingParamsTagsAndEndTimesSortLast() {
    List<Run> runs =
        List.of(
            run("a").param("p", "b").tag("t", "y").end(5).build(),
            run("b").build(),
            run("c").param("p", "a").tag("t", "z").end(7).build());
    assertThat(sorted(runs, "params.p")).containsExactly("c", "a", "b");
    assertThat(sorted(runs, "params.p DESC")).containsExactly("a", "c", "b");
    assertThat(sorted(runs, "tags.t DESC")).containsExactly("c", "a", "b");
    assertThat(sorted(runs, "end_time DESC")).containsExactly("c", "a", "b");
    assertThat(sorted(runs, "end_time")).containsExactly("a", "c", "b");
  }

  @Test
  void paramsSortAsStringsAndTiesFallBackToStartTimeThenRunId() {
    List<Run> runs =
        List.of(
            run("a").param("lr", "10").start(1).build(),
            run("b").param("lr", "9").start(1).build(),
            run("d").param("lr", "10").start(1).build(),
            run("c").param("lr", "10").start(2).build());
    assertThat(sorted(runs, "params.lr")).containsExactly("c", "a", "d", "b");
  }

  @Test
  void attributeOrders() {
    List<Run> runs =
        List.of(
            run("a").status(RunStatus.RUNNING).user("zed").name("n2").build(),
            run("b").status(RunStatus.FAILED).user("amy").name("n1").build());
    assertThat(sorted(runs, "status")).containsExactly("b", "a");
    assertThat(sorted(runs, "user_id DESC")).containsExactly("a", "b");
    assertThat(sorted(runs, "run_name")).containsExactly("b", "a");
    assertThat(sorted(runs, "run_id DESC")).containsExactly("b", "a");
    assertThat(sorted(runs, "artifact_uri")).containsExactly("a", "b");
  }

  // ---------------------------------------------------------------- experiments

  private static Experiment exp(String id, String name, long created, String... tags) {
    List<ExperimentTag> t = new ArrayList<>();
    for (int i = 0; i < tags.length; i += 2) {
      t.add(ExperimentTag.of(tags[i], tags[i + 1]));
    }
    return Experiment.builder()
        .experimentId(id)
        .name(name)
        .creationTime(created)
        .lastUpdateTime(created + 1)
        .tags(t)
        .build();
  }

  private static List<String> matchingExperiments(String filter, List<Experiment> exps) {
    Predicate<Experiment> p =
        SearchEvaluator.experimentPredicate(SearchParser.parseExperimentFilter(filter));
    return exps.stream().filter(p).map(Experiment::experimentId).collect(Collectors.toList());
  }

  private static List<String> sortedExperiments(List<Experiment> exps, String... orderBy) {
    List<Experiment> copy = new ArrayList<>(exps);
    copy.sort(
        SearchEvaluator.experimentComparator(
            SearchParser.parseExperimentOrderBy(List.of(orderBy))));
    return copy.stream().map(Experiment::experimentId).collect(Collectors.toList());
  }

  @Test
  void experimentFilters() {
    List<Experiment> exps =
        List.of(
            exp("1", "proj-a", 1_800_000_000_000L, "owner", "alice"),
            exp("2", "proj-b", 1_600_000_000_000L, "owner", "alice"),
            exp("3", "other", 1_800_000_000_000L),
            exp("4", "proj-c", 1_800_000_000_000L, "owner", "bob"));
    assertThat(
            matchingExperiments(
                "name LIKE 'proj-%' AND tags.owner = 'alice' AND creation_time > 1700000000000",
                exps))
        .containsExactly("1");
    assertThat(matchingExperiments("tags.owner != 'alice'", exps)).containsExactly("4");
    assertThat(matchingExperiments("name ILIKE 'PROJ%'", exps)).containsExactly("1", "2", "4");
    assertThat(matchingExperiments("last_update_time = 1600000000001", exps)).containsExactly("2");
    assertThat(matchingExperiments("name = 'Other'", exps)).isEmpty();
  }

  @Test
  void experimentOrders() {
    List<Experiment> exps =
        List.of(exp("10", "b", 5), exp("9", "a", 5), exp("100", "c", 7), exp("abc", "d", 5));
    // default: creation_time DESC, experiment_id ASC (numeric when both are numbers)
    assertThat(sortedExperiments(exps)).containsExactly("100", "9", "10", "abc");
    assertThat(sortedExperiments(exps, "name DESC")).containsExactly("abc", "100", "10", "9");
    // experiment_id DESC is the tie-breaker when not given
    assertThat(sortedExperiments(exps, "creation_time")).containsExactly("abc", "10", "9", "100");
    assertThat(sortedExperiments(exps, "experiment_id")).containsExactly("9", "10", "100", "abc");
  }

  @Test
  void mixedExperimentIdsSortTransitively() {
    List<Experiment> exps = new ArrayList<>();
    for (String id : List.of("9", "1a", "10", "b", "0", "a10", "100")) {
      exps.add(exp(id, "n" + id, 1));
    }
    assertThat(sortedExperiments(exps, "experiment_id"))
        .containsExactly("0", "9", "10", "100", "1a", "a10", "b");
  }

  @Test
  void experimentIdsCompareNumericallyWhenBothAreNumbers() {
    assertThat(SearchEvaluator.compareIds("9", "10")).isNegative();
    assertThat(SearchEvaluator.compareIds("123456789012345678901", "99")).isPositive();
    assertThat(SearchEvaluator.compareIds("007", "7")).isNotZero();
    assertThat(SearchEvaluator.compareIds("9", "10a")).isNegative();
    assertThat(SearchEvaluator.compareIds("10a", "1a")).isNegative();
    assertThat(SearchEvaluator.compareIds("5", "5")).isZero();
  }
}
