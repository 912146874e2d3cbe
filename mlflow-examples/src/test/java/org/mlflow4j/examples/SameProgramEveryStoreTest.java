package org.mlflow4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.Run;
import org.mlflow4j.entity.RunStatus;
import org.mlflow4j.fluent.Mlflow;
import org.mlflow4j.server.TrackingServer;

/**
 * The same fluent program against a file, a SQLite and an http tracking URI: only the URI
 * changes, and every store ends up holding the same run.
 */
class SameProgramEveryStoreTest {
  @TempDir static Path dir;
  private static TrackingServer server;

  @BeforeAll
  static void startServer() {
    server =
        TrackingServer.builder()
            .backendStoreUri(dir.resolve("server-mlruns").toString())
            .port(0)
            .build()
            .start();
  }

  @AfterAll
  static void stopServer() {
    Mlflow.setTrackingUri(dir.resolve("unused").toString());
    server.stop();
  }

  private static String uriOf(String kind) {
    switch (kind) {
      case "file":
        return dir.resolve("mlruns").toString();
      case "sqlite":
        return "sqlite:///" + dir.resolve("mlflow.db").toAbsolutePath();
      default:
        return server.uri().toString();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"file", "sqlite", "http"})
  @DisplayName("the training program logs the same run whatever the tracking URI")
  void sameProgram(String kind) {
    Mlflow.setTrackingUri(uriOf(kind));

    String runId = TrainingLoopSnippet.run(4);

    Run run = Mlflow.client().getRun(runId);
    assertThat(Mlflow.client().trackingUri()).isEqualTo(uriOf(kind));
    assertThat(run.info().status()).isEqualTo(RunStatus.FINISHED);
    assertThat(run.info().runName()).isEqualTo("baseline");
    assertThat(run.data().paramMap()).containsEntry("lr", "0.1").containsEntry("depth", "6");
    List<Metric> loss = Mlflow.client().getMetricHistory(runId, "loss");
    assertThat(loss).extracting(Metric::step).containsExactly(0L, 1L, 2L, 3L);
    assertThat(loss).extracting(Metric::value).containsExactly(1.0, 0.5, 1.0 / 3, 0.25);
    assertThat(Mlflow.client().getExperiment(run.info().experimentId()).name())
        .isEqualTo("churn-model");
  }
}
