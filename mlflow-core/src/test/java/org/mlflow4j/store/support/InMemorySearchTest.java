package org.mlflow4j.store.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.Experiment;
import org.mlflow4j.entity.LifecycleStage;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.Page;
import org.mlflow4j.entity.Run;
import org.mlflow4j.entity.RunData;
import org.mlflow4j.entity.RunInfo;
import org.mlflow4j.entity.ViewType;
import org.mlflow4j.store.ExperimentSearch;
import org.mlflow4j.store.RunSearch;

class InMemorySearchTest {

  private static Run run(
      String id, String experimentId, long start, LifecycleStage stage, double loss) {
    return new Run(
        RunInfo.builder()
            .runId(id)
            .experimentId(experimentId)
            .startTime(start)
            .lifecycleStage(stage)
            .build(),
        new RunData(List.of(Metric.of("loss", loss, 0, 0)), List.of(), List.of()),
        List.of());
  }

  private static List<Run> manyRuns(int n) {
    List<Run> runs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // few distinct start times, so the run_id tie-breaker matters
      runs.add(run(String.format("%032x", i * 7919L), "1", i % 10, LifecycleStage.ACTIVE, i));
    }
    return runs;
  }

  private static List<String> ids(Page<Run> page) {
    return page.items().stream().map(Run::runId).collect(Collectors.toList());
  }

  @Test
  void pagesThrough2500RunsWithoutDuplicateOrGap() {
    List<Run> runs = manyRuns(2500);
    RunSearch search = RunSearch.builder("1").maxResults(100).filter("metrics.loss >= 0").build();
    List<String> seen = new ArrayList<>();
    Optional<String> token = Optional.empty();
    int pages = 0;
    do {
      Page<Run> page = InMemorySearch.searchRuns(runs, search.withPageToken(token));
      assertThat(page.items()).hasSizeLessThanOrEqualTo(100);
      seen.addAll(ids(page));
      token = page.nextPageToken();
      pages++;
    } while (token.isPresent());
    assertThat(pages).isEqualTo(25);
    assertThat(seen).hasSize(2500).doesNotHaveDuplicates();
    assertThat(new HashSet<>(seen))
        .isEqualTo(runs.stream().map(Run::runId).collect(Collectors.toSet()));
    // the concatenated pages are the full order: start_time DESC, run_id ASC
    List<String> expected =
        runs.stream()
            .sorted(
                java.util.Comparator.comparingLong((Run r) -> -r.info().startTime())
                    .thenComparing(Run::runId))
            .map(Run::runId)
            .collect(Collectors.toList());
    assertThat(seen).isEqualTo(expected);
  }

  @Test
  void tokenOnlyWhenMoreRowsExist() {
    List<Run> runs = manyRuns(10);
    Page<Run> full = InMemorySearch.searchRuns(runs, RunSearch.builder("1").maxResults(10).build());
    assertThat(full.items()).hasSize(10);
    assertThat(full.nextPageToken()).isEmpty();
    Page<Run> first = InMemorySearch.searchRuns(runs, RunSearch.builder("1").maxResults(4).build());
    assertThat(first.nextPageToken()).contains(PageTokens.encode(4));
    Page<Run> last =
        InMemorySearch.searchRuns(
            runs, RunSearch.builder("1").maxResults(4).pageToken(PageTokens.encode(8)).build());
    assertThat(last.items()).hasSize(2);
    assertThat(last.nextPageToken()).isEmpty();
    Page<Run> beyond =
        InMemorySearch.searchRuns(
            runs, RunSearch.builder("1").maxResults(4).pageToken(PageTokens.encode(50)).build());
    assertThat(beyond.items()).isEmpty();
    assertThat(beyond.nextPageToken()).isEmpty();
  }

  @Test
  void restrictsToExperimentsAndViewType() {
    List<Run> runs =
        List.of(
            run("a", "1", 1, LifecycleStage.ACTIVE, 0),
            run("b", "1", 2, LifecycleStage.DELETED, 0),
            run("c", "2", 3, LifecycleStage.ACTIVE, 0),
            run("d", "3", 4, LifecycleStage.ACTIVE, 0));
    assertThat(ids(InMemorySearch.searchRuns(runs, RunSearch.builder("1", "2").build())))
        .containsExactly("c", "a");
    assertThat(
            ids(
                InMemorySearch.searchRuns(
                    runs, RunSearch.builder("1").viewType(ViewType.DELETED_ONLY).build())))
        .containsExactly("b");
    assertThat(
            ids(
                InMemorySearch.searchRuns(
                    runs, RunSearch.builder("1").viewType(ViewType.ALL).build())))
        .containsExactly("b", "a");
    assertThat(ids(InMemorySearch.searchRuns(runs, RunSearch.builder().build()))).isEmpty();
  }

  @Test
  void filtersAndOrders() {
    List<Run> runs =
        List.of(
            run("a", "1", 1, LifecycleStage.ACTIVE, 0.5),
            run("b", "1", 2, LifecycleStage.ACTIVE, 0.1),
            run("c", "1", 3, LifecycleStage.ACTIVE, 0.9));
    Page<Run> page =
        InMemorySearch.searchRuns(
            runs,
            RunSearch.builder("1").filter("metrics.loss < 0.8").orderBy("metrics.loss").build());
    assertThat(ids(page)).containsExactly("b", "a");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1})
  void maxResultsMustBePositive(int maxResults) {
    assertThatThrownBy(
            () ->
                InMemorySearch.searchRuns(
                    List.of(), RunSearch.builder("1").maxResults(maxResults).build()))
        .isInstanceOf(MlflowException.class)
        .hasMessage(
            "Invalid value "
                + maxResults
                + " for parameter 'max_results' supplied. It must be a positive integer");
    assertThatThrownBy(
            () ->
                InMemorySearch.searchExperiments(
                    List.of(), ExperimentSearch.builder().maxResults(maxResults).build()))
        .hasMessage(
            "Invalid value "
                + maxResults
                + " for parameter 'max_results' supplied. It must be a positive integer");
  }

  @Test
  void maxResultsAtMost50000() {
    assertThat(
            InMemorySearch.searchRuns(manyRuns(3), RunSearch.builder("1").maxResults(50000).build())
                .items())
        .hasSize(3);
    assertThatThrownBy(
            () ->
                InMemorySearch.searchRuns(
                    List.of(), RunSearch.builder("1").maxResults(50001).build()))
        .isInstanceOf(MlflowException.class)
        .hasMessage(
            "Invalid value 50001 for parameter 'max_results' supplied. It must be at most 50000")
        .extracting(e -> ((MlflowException) e).errorCode())
        .isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
    assertThatThrownBy(
            () ->
                InMemorySearch.searchExperiments(
                    List.of(), ExperimentSearch.builder().maxResults(50001).build()))
        .hasMessage(
            "Invalid value 50001 for parameter 'max_results' supplied. It must be at most 50000");
  }

  @Test
  void badFilterOrderOrTokenIsInvalidParameter() {
    List<Run> runs = manyRuns(2);
    for (RunSearch bad :
        List.of(
            RunSearch.builder("1").filter("metrics.loss > 'x'").build(),
            RunSearch.builder("1").orderBy("start_time", "created").build(),
            RunSearch.builder("1").pageToken("aGVsbG8=").build())) {
      assertThatThrownBy(() -> InMemorySearch.searchRuns(runs, bad))
          .isInstanceOf(MlflowException.class)
          .extracting(e -> ((MlflowException) e).errorCode())
          .isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
    }
  }

  private static Experiment exp(String id, String name, long created, LifecycleStage stage) {
    return Experiment.builder()
        .experimentId(id)
        .name(name)
        .creationTime(created)
        .lastUpdateTime(created)
        .lifecycleStage(stage)
        .build();
  }

  @Test
  void searchesAndPagesExperiments() {
    List<Experiment> exps = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      exps.add(
          exp(
              String.valueOf(i),
              "exp-" + i,
              i / 5,
              i == 3 ? LifecycleStage.DELETED : LifecycleStage.ACTIVE));
    }
    ExperimentSearch search =
        ExperimentSearch.builder().maxResults(7).filter("name LIKE 'exp-%'").build();
    List<String> seen = new ArrayList<>();
    Optional<String> token = Optional.empty();
    do {
      Page<Experiment> page = InMemorySearch.searchExperiments(exps, search.withPageToken(token));
      page.items().forEach(e -> seen.add(e.experimentId()));
      token = page.nextPageToken();
    } while (token.isPresent());
    // creation_time DESC, then experiment_id ASC (numerically); the deleted one is hidden
    assertThat(seen)
        .hasSize(24)
        .doesNotHaveDuplicates()
        .startsWith("20", "21", "22", "23", "24", "15");
    assertThat(seen).doesNotContain("3").endsWith("0", "1", "2", "4");

    Set<String> deleted =
        InMemorySearch.searchExperiments(
                exps, ExperimentSearch.builder().viewType(ViewType.DELETED_ONLY).build())
            .items()
            .stream()
            .map(Experiment::experimentId)
            .collect(Collectors.toSet());
    assertThat(deleted).containsExactly("3");
    assertThat(
            InMemorySearch.searchExperiments(
                    exps, ExperimentSearch.builder().orderBy("name DESC").maxResults(2).build())
                .items())
        .extracting(Experiment::name)
        .containsExactly("exp-9", "exp-8");
  }

  @Test
  void filteringThousandsOfRunsIsFast() {
    List<Run> runs = manyRuns(20_000);
    RunSearch search =
        RunSearch.builder("1")
            .maxResults(50)
            .filter("metrics.loss > 10 AND run_id LIKE '%a%'")
            .orderBy("metrics.loss DESC")
            .build();
    long start = System.nanoTime();
    for (int i = 0; i < 5; i++) {
      assertThat(InMemorySearch.searchRuns(runs, search).items()).hasSize(50);
    }
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
  }
}
