package org.mlflow4j.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.store.RunCreate;
import org.mlflow4j.store.sql.SqlTrackingStore;
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
 * {@code logBatch} of 1,000 metrics through {@link SqlTrackingStore}, beside the ceiling: a raw
 * JDBC batch insert of the same 1,000 rows into the same {@code metrics} table in one transaction
 * (no validation, no latest_metrics upkeep). Report the store as a ratio of the raw insert.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class SqlLogBatchBenchmark {
  static final int METRICS = 1000;

  @Param({"sqlite", "postgresql"})
  public String backend;

  private BenchDatabase database;
  private SqlTrackingStore store;
  private Connection raw;
  private String runId;
  private String rawRunId;
  private long step;

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    database = BenchDatabase.create(backend);
    store = SqlTrackingStore.open(database.mlflowUri());
    runId = store.createRun(RunCreate.builder("0").build()).runId();
    rawRunId = store.createRun(RunCreate.builder("0").build()).runId();
    raw = database.connect();
    raw.setAutoCommit(false);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    raw.close();
    store.close();
    database.close();
  }

  /** Metric points nobody logged before: a fresh step range per call. */
  private List<Metric> nextMetrics() {
    long now = System.currentTimeMillis();
    List<Metric> metrics = new ArrayList<>(METRICS);
    for (int i = 0; i < METRICS; i++) {
      metrics.add(Metric.of("m" + (i % 10), i * 0.001, now, step++));
    }
    return metrics;
  }

  @Benchmark
  public void storeLogBatch() {
    store.logBatch(runId, nextMetrics(), List.of(), List.of());
  }

  @Benchmark
  public void rawJdbcBatchInsert() throws SQLException {
    try (PreparedStatement insert =
        raw.prepareStatement(
            "INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
      for (Metric m : nextMetrics()) {
        insert.setString(1, m.key());
        insert.setDouble(2, m.value());
        insert.setLong(3, m.timestamp());
        insert.setString(4, rawRunId);
        insert.setLong(5, m.step());
        insert.setBoolean(6, false);
        insert.addBatch();
      }
      insert.executeBatch();
    }
    raw.commit();
  }
}
