package org.mlflow4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlflow4j.entity.FileInfo;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.Run;
import org.mlflow4j.entity.RunStatus;
import org.mlflow4j.entity.RunInfo;
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
            .artifactsDestination(dir.resolve("mlartifacts").toString())
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

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"file", "sqlite", "http"})
  @DisplayName("the artifacts program stores the same files whatever the tracking URI")
  void sameArtifacts(String kind) throws IOException {
    Mlflow.setTrackingUri(uriOf(kind));
    if (kind.equals("sqlite") && Mlflow.client().getExperimentByName("artifacts").isEmpty()) {
      // The SQL store's default root is ./mlruns of the working directory: keep it in the temp dir.
      Mlflow.client()
          .createExperiment("artifacts", dir.resolve("sqlite-artifacts").toString(), Map.of());
    }
    Mlflow.setExperiment("artifacts");
    Path outputs = Files.createDirectories(dir.resolve(kind + "-outputs"));
    byte[] model = new byte[70_000];
    new Random(3).nextBytes(model);
    Files.write(outputs.resolve("model.bin"), model);
    Files.createDirectories(outputs.resolve("plots/epochs"));
    Files.writeString(outputs.resolve("plots/loss.csv"), "epoch,loss\n0,1.0\n");
    Files.writeString(outputs.resolve("plots/epochs/0.txt"), "first");
    Path downloads = Files.createDirectories(dir.resolve(kind + "-downloads"));

    List<FileInfo> listed = ArtifactsSnippet.run(outputs, downloads);

    assertThat(listed)
        .extracting(FileInfo::path)
        .containsExactly("model", "model.bin", "notes", "plots");
    assertThat(listed.get(1).fileSize()).hasValue(model.length);
    assertThat(downloads.resolve("model/coef.json"))
        .content()
        .contains("\"bias\": 0.1", "\"weights\": [\n    0.42,\n    -1.3\n  ]");
    RunInfo run =
        Mlflow.client()
            .searchRuns(
                List.of(Mlflow.activeExperimentId().orElseThrow()),
                "attributes.run_name = 'with-artifacts'")
            .items()
            .get(0)
            .info();
    Path back = Files.createDirectories(dir.resolve(kind + "-back"));
    assertThat(Mlflow.client().downloadArtifacts(run.runId(), "", back))
        .satisfies(d -> assertThat(d.resolve("model.bin")).hasBinaryContent(model))
        .satisfies(d -> assertThat(d.resolve("plots/epochs/0.txt")).hasContent("first"))
        .satisfies(d -> assertThat(d.resolve("notes/summary.txt")).hasContent("trained on 400 rows"));
    if (kind.equals("http")) {
      // Proxied: the server gave an mlflow-artifacts: root and keeps the bytes in its destination.
      assertThat(run.artifactUri()).startsWith("mlflow-artifacts:/");
      Path stored =
          dir.resolve("mlartifacts")
              .resolve(run.artifactUri().substring("mlflow-artifacts:/".length()))
              .resolve("model.bin");
      assertThat(stored).hasBinaryContent(model);
    } else {
      assertThat(Path.of(run.artifactUri().replaceFirst("^file://", "")).resolve("model.bin"))
          .hasBinaryContent(model);
    }
    try (Stream<Path> leftovers = Files.walk(Path.of("").toAbsolutePath(), 1)) {
      assertThat(leftovers.map(p -> p.getFileName().toString()))
          .as("nothing written to the working directory")
          .doesNotContain("mlruns", "mlartifacts", "mlflow.db");
    }
  }
}
