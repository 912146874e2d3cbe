package org.mlflow4j.store.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow4j.client.MlflowClient;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.RunStatus;
import org.mlflow4j.fluent.ActiveRun;
import org.mlflow4j.fluent.Mlflow;
import org.mlflow4j.server.TrackingServer;
import org.mlflow4j.store.file.FileTrackingStore;

/**
 * The server stops and a new one starts on the same port over the same file store while a fluent
 * run streams metrics: the fluent API's queue and the REST store's retries together lose nothing
 * and write nothing twice.
 */
class FluentRunServerRestartTest {
  private static final int POINTS = 500;

  /**
   * Real backoffs (the factor is whole seconds, as in MLflow): retries wait 0, 2 and 4 s, far more
   * than the restart takes.
   */
  private static final Map<String, String> SETTINGS =
      Map.of(
          "MLFLOW_HTTP_REQUEST_MAX_RETRIES", "3",
          "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", "1",
          "MLFLOW_HTTP_REQUEST_BACKOFF_JITTER", "0");

  @Test
  @Timeout(60)
  void metricsOfAFluentRunSurviveARestartOnce(@TempDir Path dir) throws Exception {
    try (FileTrackingStore backend = FileTrackingStore.open(dir.resolve("mlruns"))) {
      TrackingServer first = TrackingServer.builder().store(backend).port(0).build().start();
      int port = first.port();
      String uri = first.uri().toString();
      ExecutorService restarter = Executors.newSingleThreadExecutor();
      TrackingServer[] second = new TrackingServer[1];
      MlflowClient client =
          MlflowClient.builder()
              .trackingUri(uri)
              .environment(SETTINGS)
              .asyncShutdownHook(false)
              .build();
      String runId;
      int storedAtStop;
      try {
        Mlflow.useClient(client);
        Mlflow.setExperiment("fluent-restart");
        ActiveRun run = Mlflow.startRun("streaming");
        runId = run.runId();
        Future<Integer> restart =
            restarter.submit(
                () -> {
                  Thread.sleep(1000);
                  int stored = backend.getMetricHistory(runId, "loss").size();
                  first.stop();
                  Thread.sleep(300);
                  second[0] = TrackingServer.builder().store(backend).port(port).build().start();
                  return stored;
                });
        for (int step = 0; step < POINTS; step++) {
          Mlflow.logMetric("loss", 1.0 / (step + 1), step);
          Thread.sleep(4); // about 2 s of logging, so that the restart falls in the middle
        }
        storedAtStop = restart.get(30, TimeUnit.SECONDS);
        Mlflow.endRun();
      } finally {
        restarter.shutdownNow();
        client.close();
      }
      try {
        // the restart really happened mid-stream: some points were in, not all
        assertThat(storedAtStop).isBetween(1, POINTS - 1);
        try (MlflowClient fresh =
            MlflowClient.builder()
                .trackingUri(second[0].uri().toString())
                .environment(SETTINGS)
                .asyncShutdownHook(false)
                .build()) {
          List<Metric> history = fresh.getMetricHistory(runId, "loss");
          assertThat(history)
              .extracting(Metric::step)
              .containsExactlyInAnyOrderElementsOf(
                  IntStream.range(0, POINTS).mapToObj(i -> (long) i).toList());
          assertThat(fresh.getRun(runId).info().status()).isEqualTo(RunStatus.FINISHED);
        }
      } finally {
        second[0].stop();
      }
    }
  }
}
