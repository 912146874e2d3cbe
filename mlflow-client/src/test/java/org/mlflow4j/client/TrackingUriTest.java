package org.mlflow4j.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow4j.store.StoreContext;
import org.mlflow4j.store.TrackingStore;
import org.mlflow4j.store.TrackingStoreProvider;

class TrackingUriTest {
  /** A provider that records the context it was given. */
  private static final class Capturing implements TrackingStoreProvider {
    final AtomicReference<StoreContext> context = new AtomicReference<>();

    @Override
    public java.util.Set<String> schemes() {
      return java.util.Set.of("file", "http");
    }

    @Override
    public TrackingStore create(StoreContext context) {
      this.context.set(context);
      return new RecordingStore();
    }
  }

  private static StoreContext contextOf(MlflowClient.Builder builder) {
    Capturing provider = new Capturing();
    try (MlflowClient client = builder.storeProvider(provider).asyncShutdownHook(false).build()) {
      assertThat(client.trackingUri()).isEqualTo(provider.context.get().trackingUri());
    }
    return provider.context.get();
  }

  @Test
  @DisplayName("an explicit URI wins over MLFLOW_TRACKING_URI")
  void explicitWins() {
    StoreContext context =
        contextOf(
            MlflowClient.builder()
                .trackingUri("http://explicit:5000")
                .environment(Map.of("MLFLOW_TRACKING_URI", "/from/env")));
    assertThat(context.trackingUri()).isEqualTo("http://explicit:5000");
  }

  @Test
  @DisplayName("MLFLOW_TRACKING_URI is used when no URI is given; the env map becomes the settings")
  void environmentNext() {
    Map<String, String> env = Map.of("MLFLOW_TRACKING_URI", "/from/env", "MLFLOW_X", "y");
    StoreContext context = contextOf(MlflowClient.builder().environment(env));
    assertThat(context.trackingUri()).isEqualTo("/from/env");
    assertThat(context.scheme()).isEqualTo("file");
    assertThat(context.settings()).isEqualTo(env);
  }

  @Test
  @DisplayName("with nothing set the default is sqlite:///<cwd>/mlflow.db, made absolute")
  void defaultUriIsSqlite(@TempDir Path cwd) {
    StoreContext context =
        contextOf(
            MlflowClient.builder()
                .environment(Map.of())
                .systemProperties(Map.of("user.dir", cwd.toString())));
    assertThat(context.trackingUri()).isEqualTo("sqlite:///" + cwd.toAbsolutePath() + "/mlflow.db");
    assertThat(context.trackingUri()).startsWith("sqlite:////");
    assertThat(context.scheme()).isEqualTo("sqlite");
    assertThat(MlflowClient.resolveTrackingUri(Map.of("MLFLOW_TRACKING_URI", " "), cwd))
        .isEqualTo(context.trackingUri());
    assertThat(MlflowClient.resolveTrackingUri(Map.of("MLFLOW_TRACKING_URI", "sqlite:///x.db"), cwd))
        .isEqualTo("sqlite:///x.db");
  }

  @Test
  @DisplayName("the default stays the file store file://<cwd>/mlruns when ./mlruns holds an experiment")
  void defaultUriKeepsExistingFileStore(@TempDir Path cwd) throws Exception {
    Path mlruns = Files.createDirectories(cwd.resolve("mlruns"));
    Files.createDirectories(mlruns.resolve(".trash"));
    Files.createDirectories(mlruns.resolve("models"));
    assertThat(MlflowClient.resolveTrackingUri(Map.of(), cwd))
        .as("no experiment directory yet")
        .startsWith("sqlite:");
    Files.createDirectories(mlruns.resolve("123"));
    assertThat(MlflowClient.resolveTrackingUri(Map.of(), cwd))
        .as("a numeric directory without meta.yaml is no experiment")
        .startsWith("sqlite:");
    Files.writeString(mlruns.resolve("123").resolve("meta.yaml"), "name: x\n");
    assertThat(MlflowClient.resolveTrackingUri(Map.of(), cwd))
        .isEqualTo("file://" + mlruns.toAbsolutePath());
  }
}
