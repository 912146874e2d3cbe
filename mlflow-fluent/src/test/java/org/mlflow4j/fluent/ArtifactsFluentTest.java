package org.mlflow4j.fluent;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.client.MlflowClient;
import org.mlflow4j.entity.Experiment;
import org.mlflow4j.entity.FileInfo;
import org.mlflow4j.entity.Run;

/**
 * Artifacts through the fluent API and the client against the real file and SQLite stores, both
 * found by ServiceLoader, with the local artifact repository: the runs' artifact URIs follow
 * spec/artifacts.md §1 and the files land where the URI says.
 */
class ArtifactsFluentTest {
  @TempDir Path tmp;
  private MlflowClient client;

  @AfterEach
  void tearDown() {
    while (Mlflow.activeRun().isPresent()) {
      Mlflow.endRun();
    }
    if (client != null) {
      client.close();
    }
  }

  private MlflowClient use(String trackingUri) {
    client =
        MlflowClient.builder()
            .trackingUri(trackingUri)
            .environment(Map.of())
            .systemProperties(Map.of("user.name", "tester"))
            .asyncShutdownHook(false)
            .transferProgress(false)
            .build();
    Mlflow.useClient(client);
    return client;
  }

  /** A local directory holding {@code model.txt} and {@code plots/deep/loss.csv}. */
  private Path outputs() throws IOException {
    Path dir = tmp.resolve("outputs");
    Files.createDirectories(dir.resolve("plots/deep"));
    Files.writeString(dir.resolve("model.txt"), "w=1.5");
    Files.writeString(dir.resolve("plots/deep/loss.csv"), "step,loss\n0,1.0\n");
    return dir;
  }

  private static List<String> files(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> dir.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }

  /** Logs the same artifacts through Mlflow and ActiveRun, and returns the run. */
  private Run logEverything() throws IOException {
    Path outputs = outputs();
    String runId;
    try (ActiveRun run = Mlflow.startRun("artifacts")) {
      runId = run.runId();
      Mlflow.logMetric("loss", 0.5);
      Mlflow.logArtifact(outputs.resolve("model.txt"));
      Mlflow.logArtifact(outputs.resolve("model.txt"), "copies");
      Mlflow.logArtifacts(outputs, "all");
      run.logArtifacts(outputs.resolve("plots"));
      run.logArtifact(outputs.resolve("plots"), "dirs");
      Mlflow.logText("Zoë ☃ 😀", "notes/readme.txt");
      Map<String, Object> coefficients = new LinkedHashMap<>();
      coefficients.put("w", List.of(1.5, -2e-05));
      coefficients.put("b", 0.1);
      coefficients.put("label", "Zoë");
      coefficients.put("converged", true);
      coefficients.put("note", null);
      Mlflow.logDict(coefficients, "model/coef.json");
      run.logDict(coefficients, "model/coef.yaml");

      assertThat(run.listArtifacts())
          .extracting(FileInfo::path)
          .containsExactly("all", "copies", "deep", "dirs", "model", "model.txt", "notes");
      assertThat(run.listArtifacts("model"))
          .extracting(FileInfo::path, FileInfo::isDir)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("model/coef.json", false),
              org.assertj.core.groups.Tuple.tuple("model/coef.yaml", false));
      Path dest = Files.createDirectories(tmp.resolve("download"));
      assertThat(run.downloadArtifacts("all", dest)).isEqualTo(dest.resolve("all"));
      assertThat(files(dest)).containsExactly("all/model.txt", "all/plots/deep/loss.csv");
    }
    // After the run: any run's artifacts by id, as mlflow.artifacts.list/download_artifacts.
    assertThat(Mlflow.listArtifacts(runId, "notes"))
        .singleElement()
        .satisfies(f -> assertThat(f.path()).isEqualTo("notes/readme.txt"))
        .satisfies(f -> assertThat(f.fileSize()).hasValue("Zoë ☃ 😀".getBytes(UTF_8).length));
    Path again = Files.createDirectories(tmp.resolve("download-by-id"));
    assertThat(Mlflow.downloadArtifacts(runId, "notes/readme.txt", again))
        .isEqualTo(again.resolve("notes/readme.txt"))
        .hasContent("Zoë ☃ 😀");
    return client.getRun(runId);
  }

  private static void assertLayout(Path artifacts) throws IOException {
    assertThat(files(artifacts))
        .containsExactly(
            "all/model.txt",
            "all/plots/deep/loss.csv",
            "copies/model.txt",
            "deep/loss.csv",
            "dirs/plots/deep/loss.csv",
            "model.txt",
            "model/coef.json",
            "model/coef.yaml",
            "notes/readme.txt");
    assertThat(Files.readString(artifacts.resolve("notes/readme.txt"))).isEqualTo("Zoë ☃ 😀");
    assertThat(Files.readString(artifacts.resolve("model/coef.json")))
        .isEqualTo(
            "{\n"
                + "  \"w\": [\n"
                + "    1.5,\n"
                + "    -2e-05\n"
                + "  ],\n"
                + "  \"b\": 0.1,\n"
                + "  \"label\": \"Zo\\u00eb\",\n"
                + "  \"converged\": true,\n"
                + "  \"note\": null\n"
                + "}");
    assertThat(Files.readString(artifacts.resolve("model/coef.yaml")))
        .isEqualTo(
            "b: 0.1\n"
                + "converged: true\n"
                + "label: \"Zo\\xEB\"\n"
                + "note: null\n"
                + "w:\n"
                + "- 1.5\n"
                + "- -2.0e-05\n");
  }

  @Test
  @DisplayName("file store, plain path: artifact_uri <mlruns>/<exp>/<run>/artifacts, files there")
  void fileStorePlainPath() throws IOException {
    Path mlruns = tmp.resolve("mlruns").toAbsolutePath();
    use(mlruns.toString());
    Experiment experiment = Mlflow.setExperiment("fluent-artifacts");
    assertThat(experiment.artifactLocation())
        .isEqualTo(mlruns + "/" + experiment.experimentId());
    Run run = logEverything();
    Path artifacts =
        mlruns.resolve(experiment.experimentId()).resolve(run.runId()).resolve("artifacts");
    assertThat(run.info().artifactUri()).isEqualTo(artifacts.toString());
    assertLayout(artifacts);
  }

  @Test
  @DisplayName("file store, file: URI: run artifact_uri is a file:/// URI of the run directory")
  void fileStoreFileUri() throws IOException {
    Path mlruns = tmp.resolve("mlruns").toAbsolutePath();
    use("file://" + mlruns);
    Experiment experiment = Mlflow.setExperiment("fluent-artifacts");
    Run run = logEverything();
    Path artifacts =
        mlruns.resolve(experiment.experimentId()).resolve(run.runId()).resolve("artifacts");
    assertThat(run.info().artifactUri()).isEqualTo("file://" + artifacts);
    assertLayout(artifacts);
  }

  @Test
  @DisplayName("SQLite store: default root ./mlruns as an absolute plain path; files land as given")
  void sqlStore() throws IOException {
    MlflowClient c = use("sqlite:///" + tmp.resolve("mlflow.db").toAbsolutePath());
    String cwdMlruns = Path.of("mlruns").toAbsolutePath().normalize().toString();
    assertThat(c.getExperiment("0").artifactLocation()).isEqualTo(cwdMlruns + "/0");
    // A run of an experiment with the default root: its URI only, so the test writes nothing
    // into the working directory.
    String defaultExperiment = c.createExperiment("default-root");
    String probe = c.createRun(defaultExperiment).runId();
    assertThat(c.getRun(probe).info().artifactUri())
        .isEqualTo(cwdMlruns + "/" + defaultExperiment + "/" + probe + "/artifacts");

    Path root = tmp.resolve("sql-artifacts").toAbsolutePath();
    String experimentId = c.createExperiment("fluent-artifacts", root.toString(), Map.of());
    Mlflow.setExperimentById(experimentId);
    Run run = logEverything();
    Path artifacts = root.resolve(run.runId()).resolve("artifacts");
    assertThat(run.info().artifactUri()).isEqualTo(artifacts.toString());
    assertLayout(artifacts);
  }

  @Test
  @DisplayName("a run whose artifact_uri has an unknown scheme gives the discovery error")
  void unknownScheme() {
    use(tmp.resolve("mlruns").toAbsolutePath().toString());
    String experimentId = client.createExperiment("s3", "s3://bucket/base", Map.of());
    Mlflow.setExperimentById(experimentId);
    try (ActiveRun run = Mlflow.startRun()) {
      assertThat(run.info().artifactUri())
          .isEqualTo("s3://bucket/base/" + run.runId() + "/artifacts");
      assertThatThrownBy(() -> Mlflow.logText("x", "a.txt"))
          .isInstanceOf(MlflowException.class)
          .satisfies(
              e ->
                  assertThat(((MlflowException) e).errorCode())
                      .isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
          .hasMessageContaining("No ArtifactRepositoryProvider serves the scheme 's3'")
          .hasMessageContaining("s3://bucket/base/" + run.runId() + "/artifacts");
    }
  }
}
