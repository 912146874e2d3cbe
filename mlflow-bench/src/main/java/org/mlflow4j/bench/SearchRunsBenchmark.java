package org.mlflow4j.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.Page;
import org.mlflow4j.entity.Run;
import org.mlflow4j.entity.RunTag;
import org.mlflow4j.store.RunCreate;
import org.mlflow4j.store.RunSearch;
import org.mlflow4j.store.TrackingStore;
import org.mlflow4j.store.sql.SqlTrackingStore;
import org.mlflow4j.store.tck.InMemoryTrackingStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code searchRuns} over 10,000 runs with a filter on a metric and a param and an order by a
 * metric, pushed into SQL, beside the baseline: the same search over the same runs held in memory
 * by the kit's reference store (filter, sort and page in Java, no I/O).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class SearchRunsBenchmark {
  static final int RUNS = 10_000;

  @Param({"sqlite", "postgresql"})
  public String backend;

  private BenchDatabase database;
  private SqlTrackingStore sql;
  private InMemoryTrackingStore memory;
  private RunSearch search;

  @Setup(Level.Trial)
  public void setUp() {
    database = BenchDatabase.create(backend);
    sql = SqlTrackingStore.open(database.mlflowUri());
    memory = new InMemoryTrackingStore();
    String sqlExperiment = fill(sql);
    String memoryExperiment = fill(memory);
    search = searchOf(sqlExperiment);
    int sqlHits = sql.searchRuns(search).items().size();
    int memoryHits = memory.searchRuns(searchOf(memoryExperiment)).items().size();
    if (sqlHits != memoryHits || sqlHits == 0) {
      throw new IllegalStateException("the stores disagree: " + sqlHits + " vs " + memoryHits);
    }
    memorySearch = searchOf(memoryExperiment);
  }

  private RunSearch memorySearch;

  private static RunSearch searchOf(String experimentId) {
    return RunSearch.builder(experimentId)
        .filter("metrics.rmse < 0.5 and params.alpha = 'a3'")
        .orderBy("metrics.rmse ASC")
        .maxResults(100)
        .build();
  }

  /** 10,000 runs, each with a metric rmse, a param alpha (one of 10) and a tag. */
  private static String fill(TrackingStore store) {
    String experimentId = store.createExperiment("search-bench", java.util.Optional.empty(), List.of());
    long start = 1_700_000_000_000L;
    for (int i = 0; i < RUNS; i++) {
      String runId =
          store.createRun(RunCreate.builder(experimentId).startTime(start + i).build()).runId();
      store.logBatch(
          runId,
          List.of(Metric.of("rmse", (i * 7919 % RUNS) / (double) RUNS, start + i, 0)),
          List.of(org.mlflow4j.entity.Param.of("alpha", "a" + (i % 10))),
          List.of(RunTag.of("team", i % 2 == 0 ? "vision" : "nlp")));
    }
    return experimentId;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    sql.close();
    database.close();
  }

  @Benchmark
  public Page<Run> sqlSearch() {
    return sql.searchRuns(search);
  }

  @Benchmark
  public Page<Run> inMemorySearch() {
    return memory.searchRuns(memorySearch);
  }
}
