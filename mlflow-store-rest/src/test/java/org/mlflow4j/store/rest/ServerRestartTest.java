package org.mlflow4j.store.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.server.TrackingServer;
import org.mlflow4j.store.RunCreate;
import org.mlflow4j.store.file.FileTrackingStore;

/** The server stops and comes back on the same port while a run streams metrics. */
class ServerRestartTest {
  private static final int POINTS = 200;

  @Test
  @Timeout(60)
  void metricsStreamedAcrossARestartAreAllKeptOnce(@TempDir Path dir) throws Exception {
    try (FileTrackingStore backend = FileTrackingStore.open(dir.resolve("mlruns"))) {
      TrackingServer first = TrackingServer.builder().store(backend).port(0).build().start();
      int port = first.port();
      // real but short waits between retries, so that the client outlasts the restart
      RestTrackingStore store =
          new RestTrackingStore(
              RestStoreOptions.builder(first.uri()).build(), d -> Thread.sleep(100), () -> 0);
      String experimentId = store.createExperiment("restart", Optional.empty(), List.of());
      String runId = store.createRun(RunCreate.builder(experimentId).build()).runId();
      ExecutorService logger = Executors.newSingleThreadExecutor();
      TrackingServer second = null;
      try {
        Future<?> streaming =
            logger.submit(
                () -> {
                  for (int i = 0; i < POINTS; i++) {
                    store.logMetric(runId, Metric.of("loss", 1.0 / (i + 1), 1000L + i, i));
                    if (i == POINTS / 4) {
                      Thread.sleep(50); // let the restart begin mid-stream
                    }
                  }
                  return null;
                });
        waitForPoints(backend, runId, POINTS / 4);
        first.stop();
        Thread.sleep(300);
        second = TrackingServer.builder().store(backend).port(port).build().start();
        streaming.get(45, TimeUnit.SECONDS);
        List<Metric> history = store.getMetricHistory(runId, "loss");
        assertThat(history).extracting(Metric::step).doesNotHaveDuplicates().hasSize(POINTS);
      } finally {
        logger.shutdownNow();
        store.close();
        if (second != null) {
          second.stop();
        }
      }
    }
  }

  private static void waitForPoints(FileTrackingStore backend, String runId, int points)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (backend.getMetricHistory(runId, "loss").size() < points
        && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }
}
