package org.mlflow4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.store.tck.InMemoryTrackingStore;
import org.mlflow4j.store.tck.PathTraversalVectors;

/**
 * Every artifact path a caller hands to the client is refused before any repository is created or
 * asked: one test per traversal vector per client method, each asserting {@code
 * INVALID_PARAMETER_VALUE}, no repository call and no file written anywhere under the test
 * directory (the artifact root and the download destination included).
 * The vectors are the kit's ({@link PathTraversalVectors}).
 */
class ArtifactPathTraversalTest {
  @TempDir Path tmp;
  private Path root;
  private Path local;
  private Path destination;
  private RecordingArtifactProvider provider;
  private MlflowClient client;
  private String runId;

  /** Every vector of the kit, named in the test report. */
  static Stream<Named<String>> vectors() {
    return PathTraversalVectors.all().stream().map(v -> Named.of(v.name(), v.path()));
  }

  @BeforeEach
  void setUp() throws IOException {
    root = tmp.resolve("artifacts");
    local = Files.createDirectories(tmp.resolve("local"));
    Files.writeString(local.resolve("f.txt"), "x");
    destination = Files.createDirectories(tmp.resolve("download"));
    provider = new RecordingArtifactProvider();
    client =
        MlflowClient.builder()
            .store(new InMemoryTrackingStore())
            .artifactRepositoryProvider(provider)
            .environment(Map.of())
            .systemProperties(Map.of())
            .asyncShutdownHook(false)
            .transferProgress(false)
            .build();
    String experimentId = client.createExperiment("e", root.toString(), Map.of());
    runId = client.createRun(experimentId).runId();
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  private void assertRefused(Executable call) throws IOException {
    assertThatThrownBy(call::execute)
        .isInstanceOf(MlflowException.class)
        .extracting(e -> ((MlflowException) e).errorCode())
        .isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
    assertThat(provider.contexts).as("no repository created").isEmpty();
    assertThat(provider.calls).as("no repository call").isEmpty();
    try (Stream<Path> files = Files.walk(tmp)) {
      assertThat(files.filter(Files::isRegularFile).toList())
          .as("nothing written")
          .containsExactly(local.resolve("f.txt"));
    }
    try (Stream<Path> entries = Files.list(destination)) {
      assertThat(entries.toList()).isEmpty();
    }
    assertThat(root).doesNotExist();
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void logArtifact(String path) throws IOException {
    assertRefused(() -> client.logArtifact(runId, local.resolve("f.txt"), path));
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void logArtifactOfDirectory(String path) throws IOException {
    assertRefused(() -> client.logArtifact(runId, local, path));
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void logArtifacts(String path) throws IOException {
    assertRefused(() -> client.logArtifacts(runId, local, path));
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void logText(String path) throws IOException {
    assertRefused(() -> client.logText(runId, "text", path));
    assertRefused(() -> client.logText(runId, "text", path + "/f.txt"));
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void logDict(String path) throws IOException {
    assertRefused(() -> client.logDict(runId, Map.of("k", List.of(1)), path + "/d.json"));
    assertRefused(() -> client.logDict(runId, Map.of("k", List.of(1)), path + "/d.yaml"));
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void listArtifacts(String path) throws IOException {
    assertRefused(() -> client.listArtifacts(runId, path));
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void downloadArtifacts(String path) throws IOException {
    assertRefused(() -> client.downloadArtifacts(runId, path, destination));
  }
}
