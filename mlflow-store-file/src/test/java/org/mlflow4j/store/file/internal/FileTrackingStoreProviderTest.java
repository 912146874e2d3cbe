package org.mlflow4j.store.file.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.Param;
import org.mlflow4j.entity.Run;
import org.mlflow4j.store.RunCreate;
import org.mlflow4j.store.StoreContext;
import org.mlflow4j.store.TrackingStore;
import org.mlflow4j.store.TrackingStoreProvider;
import org.mlflow4j.store.file.FileTrackingStore;

class FileTrackingStoreProviderTest {
  @TempDir Path temp;

  @Test
  void serviceLoaderFindsTheProvider() {
    List<TrackingStoreProvider> providers =
        ServiceLoader.load(TrackingStoreProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p instanceof FileTrackingStoreProvider)
            .toList();
    assertThat(providers).hasSize(1);
    assertThat(providers.get(0).schemes()).containsExactly("file");
    assertThat(providers.get(0).artifact()).isEqualTo("org.mlflow4j:mlflow-store-file");
  }

  @Test
  void constructorDoesNoIo() {
    new FileTrackingStoreProvider();
    assertThat(temp).isEmptyDirectory();
  }

  @Test
  void plainPathGivesPlainAbsoluteArtifactLocations() {
    Path root = temp.resolve("mlruns");
    try (TrackingStore store =
        new FileTrackingStoreProvider().create(StoreContext.of(root.toString()))) {
      assertThat(store).isInstanceOf(FileTrackingStore.class);
      assertThat(store.getExperiment("0").artifactLocation()).isEqualTo(root + "/0");
      String id = store.createExperiment("e", Optional.empty(), List.of());
      assertThat(store.getExperiment(id).artifactLocation()).isEqualTo(root + "/" + id);
      Run run = store.createRun(RunCreate.builder(id).build());
      assertThat(run.info().artifactUri())
          .isEqualTo(root + "/" + id + "/" + run.runId() + "/artifacts");
      assertThat(Files.isDirectory(root.resolve(id).resolve(run.runId()).resolve("artifacts")))
          .isTrue();
    }
  }

  @Test
  void fileUriGivesFileUriArtifactLocations() {
    Path root = temp.resolve("my runs");
    String uri = "file://" + root.toString().replace(" ", "%20");
    try (TrackingStore store = new FileTrackingStoreProvider().create(StoreContext.of(uri))) {
      assertThat(Files.isDirectory(root.resolve("0"))).isTrue();
      assertThat(store.getExperiment("0").artifactLocation()).isEqualTo(uri + "/0");
    }
  }

  @Test
  void aServersArtifactRootSettingGivesNewExperimentsTheirLocation() {
    Path root = temp.resolve("mlruns");
    StoreContext served =
        new StoreContext(
            root.toString(),
            Map.of(FileTrackingStoreProvider.SERVER_ARTIFACT_ROOT, "mlflow-artifacts:/"));
    try (TrackingStore store = new FileTrackingStoreProvider().create(served)) {
      assertThat(store.getExperiment("0").artifactLocation()).isEqualTo("mlflow-artifacts:/0");
      String id = store.createExperiment("e", Optional.empty(), List.of());
      assertThat(store.getExperiment(id).artifactLocation()).isEqualTo("mlflow-artifacts:/" + id);
      Run run = store.createRun(RunCreate.builder(id).build());
      assertThat(run.info().artifactUri())
          .isEqualTo("mlflow-artifacts:/" + id + "/" + run.runId() + "/artifacts");
    }
    StoreContext relative =
        new StoreContext(
            root.toString(), Map.of(FileTrackingStoreProvider.SERVER_ARTIFACT_ROOT, "rel/art"));
    try (TrackingStore store = new FileTrackingStoreProvider().create(relative)) {
      assertThat(store.getExperiment("0").artifactLocation())
          .as("experiment 0 keeps the location it got at creation")
          .isEqualTo("mlflow-artifacts:/0");
      String id = store.createExperiment("f", Optional.empty(), List.of());
      assertThat(store.getExperiment(id).artifactLocation())
          .isEqualTo(Path.of("rel/art").toAbsolutePath() + "/" + id);
    }
  }

  @Test
  void readsTruncateLongValuesFromTheSettings() {
    Path root = temp.resolve("mlruns");
    StoreContext strict =
        new StoreContext(root.toString(), Map.of("MLFLOW_TRUNCATE_LONG_VALUES", "false"));
    try (TrackingStore store = new FileTrackingStoreProvider().create(strict)) {
      Run run = store.createRun(RunCreate.builder("0").build());
      assertThatThrownBy(() -> store.logParam(run.runId(), Param.of("p", "x".repeat(6001))))
          .isInstanceOfSatisfying(
              MlflowException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
    }
    try (TrackingStore store =
        new FileTrackingStoreProvider().create(StoreContext.of(root.toString()))) {
      Run run = store.createRun(RunCreate.builder("0").build());
      store.logParam(run.runId(), Param.of("p", "x".repeat(6001)));
      assertThat(store.getRun(run.runId()).data().param("p").orElseThrow()).hasSize(6000);
    }
  }

  @Test
  void rejectsRemoteFileUris() {
    assertThatThrownBy(
            () -> new FileTrackingStoreProvider().create(StoreContext.of("file://otherhost/x")))
        .isInstanceOf(MlflowException.class)
        .hasMessageContaining("otherhost");
  }
}
