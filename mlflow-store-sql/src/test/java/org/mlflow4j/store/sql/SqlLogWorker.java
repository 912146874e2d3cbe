package org.mlflow4j.store.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.Param;
import org.mlflow4j.entity.RunTag;

/**
 * Logs to one run from several threads, in a child JVM ({@code main}) of {@link
 * MultiProcessLoggingTest}. Per thread and batch: {@link #POINTS} points of {@code shared} (the
 * same in every thread, so stored once) and one of {@code w<worker>/t<thread>}; the param {@code
 * shared} every batch and one of its own every tenth; one attempt at each contested param {@code
 * race<i>} in the first {@link #RACES} batches; the tag {@code last}, and {@code mlflow.runName}
 * every fifth batch.
 */
final class SqlLogWorker {
  static final int POINTS = 5;
  static final int RACES = 5;

  private SqlLogWorker() {}

  /** Logs; returns how many attempts at contested params were refused. */
  static int run(SqlTrackingStore store, String runId, int worker, int threads, int batches)
      throws Exception {
    AtomicInteger refused = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      futures.add(
          pool.submit(
              () -> {
                for (int b = 0; b < batches; b++) {
                  if (b < RACES) {
                    try {
                      store.logParam(runId, Param.of("race" + b, "w" + worker + "t" + thread));
                    } catch (MlflowException e) {
                      if (e.errorCode() != ErrorCode.INVALID_PARAMETER_VALUE) {
                        throw e;
                      }
                      refused.incrementAndGet();
                    }
                  }
                  List<Metric> metrics = new ArrayList<>();
                  for (int i = 0; i < POINTS; i++) {
                    metrics.add(Metric.of("shared", b + i / 10.0, 1000L + b, b));
                  }
                  metrics.add(Metric.of("w" + worker + "/t" + thread, b, 1000L + b, b));
                  List<Param> params = new ArrayList<>();
                  params.add(Param.of("shared", "same"));
                  if (b % 10 == 0) {
                    params.add(Param.of("p/w" + worker + "t" + thread + "b" + b, "v" + b));
                  }
                  List<RunTag> tags = new ArrayList<>();
                  tags.add(RunTag.of("last", "w" + worker + "t" + thread + "b" + b));
                  if (b % 5 == 0) {
                    tags.add(
                        RunTag.of("mlflow.runName", "name-w" + worker + "t" + thread + "b" + b));
                  }
                  store.logBatch(runId, metrics, params, tags);
                }
                return null;
              }));
    }
    try {
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    return refused.get();
  }

  /**
   * Child JVM: {@code <database uri> <run id> <worker> <threads> <batches>}; prints {@code
   * refused=<n>} and exits 0, or prints the failure and exits 1.
   */
  public static void main(String[] args) {
    try (SqlTrackingStore store = SqlTrackingStore.open(args[0])) {
      int refused =
          run(
              store,
              args[1],
              Integer.parseInt(args[2]),
              Integer.parseInt(args[3]),
              Integer.parseInt(args[4]));
      System.out.println("refused=" + refused);
    } catch (Exception | Error e) {
      e.printStackTrace(System.out);
      System.exit(1);
    }
  }
}
