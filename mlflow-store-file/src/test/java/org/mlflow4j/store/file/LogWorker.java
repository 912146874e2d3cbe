package org.mlflow4j.store.file;

import java.nio.file.Path;
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
 * Logs to one run from several threads; run by the concurrency tests in-process and as a child JVM
 * ({@code main}). Per thread and batch: {@link #METRICS_PER_BATCH} points of {@code shared} and one
 * of {@code w<worker>/t<thread>}; a param of its own every tenth batch, the same {@code shared}
 * param every batch, one attempt at each contested param {@code race<i>} in the first batches; the
 * tag {@code last} and, every fifth batch, {@code mlflow.runName}.
 */
public final class LogWorker {
  static final int METRICS_PER_BATCH = 5;

  /** Contested params {@code race0..race<n-1>}: every thread tries each once, one must win. */
  static final int RACES = 10;

  private LogWorker() {}

  /** Result of one worker: how many of its attempts at the contested param were refused. */
  static int run(FileTrackingStore store, String runId, int worker, int threads, int batches)
      throws Exception {
    AtomicInteger raceRefused = new AtomicInteger();
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
                      raceRefused.incrementAndGet();
                    }
                  }
                  List<Metric> metrics = new ArrayList<>();
                  for (int i = 0; i < METRICS_PER_BATCH; i++) {
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
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
    return raceRefused.get();
  }

  /**
   * Child JVM entry: {@code <root> <runId> <worker> <threads> <batches> <startAtMillis>}; waits for
   * the common start time (so that the processes really race), then prints the result.
   */
  public static void main(String[] args) throws Exception {
    FileTrackingStore store = FileTrackingStore.open(Path.of(args[0]));
    long wait = Long.parseLong(args[5]) - System.currentTimeMillis();
    if (wait > 0) {
      Thread.sleep(wait);
    }
    int refused =
        run(
            store,
            args[1],
            Integer.parseInt(args[2]),
            Integer.parseInt(args[3]),
            Integer.parseInt(args[4]));
    System.out.println("RACE_REFUSED=" + refused);
  }
}
