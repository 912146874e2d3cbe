package org.mlflow4j.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
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
  @DisplayName("with nothing set the default is ./mlruns (a plain path: the file store)")
  void defaultUri() {
    StoreContext context = contextOf(MlflowClient.builder().environment(Map.of()));
    assertThat(context.trackingUri()).isEqualTo("./mlruns");
    assertThat(context.scheme()).isEqualTo("file");
    assertThat(MlflowClient.resolveTrackingUri(Map.of())).isEqualTo("./mlruns");
    assertThat(MlflowClient.resolveTrackingUri(Map.of("MLFLOW_TRACKING_URI", " "))).isEqualTo("./mlruns");
    assertThat(MlflowClient.resolveTrackingUri(Map.of("MLFLOW_TRACKING_URI", "sqlite:///x.db")))
        .isEqualTo("sqlite:///x.db");
  }
}
