package org.mlflow4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.store.StoreContext;
import org.mlflow4j.store.TrackingStore;
import org.mlflow4j.store.TrackingStoreProvider;

class StoreDiscoveryTest {
  @TempDir Path dir;

  @BeforeEach
  void reset() {
    FakeProviders.reset();
  }

  /** A class loader whose only services file lists the given class names. */
  private ClassLoader loaderListing(String... classNames) throws IOException {
    return ServiceFiles.loaderListing(dir, TrackingStoreProvider.class, classNames);
  }

  private static String name(Class<?> c) {
    return c.getName();
  }

  private static MlflowClient.Builder builder(ClassLoader loader, String uri) {
    return MlflowClient.builder()
        .classLoader(loader)
        .trackingUri(uri)
        .environment(Map.of())
        .systemProperties(Map.of())
        .asyncShutdownHook(false);
  }

  @Test
  @DisplayName("the one provider of the URI's scheme creates the store; the others are not asked")
  void oneProvider() throws IOException {
    ClassLoader loader = loaderListing(name(FakeProviders.FileA.class), name(FakeProviders.Sql.class));
    try (MlflowClient client =
        builder(loader, "./mlruns").environment(Map.of("MLFLOW_TRACKING_TOKEN", "t")).build()) {
      assertThat(client.store()).isInstanceOf(RecordingStore.class);
    }
    assertThat(FakeProviders.created(FakeProviders.FileA.class)).isEqualTo(1);
    assertThat(FakeProviders.created(FakeProviders.Sql.class)).isZero();
    StoreContext context = FakeProviders.LAST_CONTEXT.get(name(FakeProviders.FileA.class));
    assertThat(context.trackingUri()).isEqualTo("./mlruns");
    assertThat(context.settings()).containsEntry("MLFLOW_TRACKING_TOKEN", "t");
  }

  @Test
  @DisplayName("no provider for the scheme: the error names scheme, masked URI and the artifact")
  void noProvider() throws IOException {
    ClassLoader loader = loaderListing(name(FakeProviders.FileA.class));
    assertThatThrownBy(() -> builder(loader, "postgresql://bob:s3cret@db:5432/mlflow").build())
        .isInstanceOf(MlflowException.class)
        .satisfies(e -> assertThat(((MlflowException) e).errorCode())
            .isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
        .hasMessageContaining("'postgresql'")
        .hasMessageContaining("postgresql://bob:***@db:5432/mlflow")
        .hasMessageContaining("org.mlflow4j:mlflow-store-sql")
        .hasMessageNotContaining("s3cret");
    assertThat(FakeProviders.created(FakeProviders.FileA.class)).isZero();
  }

  @Test
  @DisplayName("the missing-artifact table covers file, sqlite, mysql, http and https")
  void artifactTable() throws IOException {
    ClassLoader loader = loaderListing();
    assertThatThrownBy(() -> builder(loader, "/data/mlruns").build())
        .hasMessageContaining("org.mlflow4j:mlflow-store-file");
    assertThatThrownBy(() -> builder(loader, "sqlite:///mlflow.db").build())
        .hasMessageContaining("org.mlflow4j:mlflow-store-sql");
    assertThatThrownBy(() -> builder(loader, "mysql+pymysql://u:p@h/db").build())
        .hasMessageContaining("org.mlflow4j:mlflow-store-sql")
        .hasMessageContaining("u:***@h");
    assertThatThrownBy(() -> builder(loader, "http://localhost:5000").build())
        .hasMessageContaining("org.mlflow4j:mlflow-store-rest");
    assertThatThrownBy(() -> builder(loader, "https://mlflow.example.com").build())
        .hasMessageContaining("org.mlflow4j:mlflow-store-rest");
    assertThatThrownBy(() -> builder(loader, "custom://x").build())
        .hasMessageContaining("'custom'")
        .hasMessageContaining("META-INF/services/org.mlflow4j.store.TrackingStoreProvider");
  }

  @Test
  @DisplayName("two providers for a scheme: the error names both and the property; none created")
  void twoProviders() throws IOException {
    ClassLoader loader =
        loaderListing(name(FakeProviders.FileA.class), name(FakeProviders.FileB.class));
    assertThatThrownBy(() -> builder(loader, "file:///tmp/mlruns").build())
        .isInstanceOf(MlflowException.class)
        .hasMessageContaining(name(FakeProviders.FileA.class))
        .hasMessageContaining("com.example:file-a")
        .hasMessageContaining(name(FakeProviders.FileB.class))
        .hasMessageContaining("mlflow4j.store.provider.file");
    assertThat(FakeProviders.created(FakeProviders.FileA.class)).isZero();
    assertThat(FakeProviders.created(FakeProviders.FileB.class)).isZero();
  }

  @Test
  @DisplayName("the system property mlflow4j.store.provider.<scheme> picks one of several")
  void propertyPicks() throws IOException {
    ClassLoader loader =
        loaderListing(name(FakeProviders.FileA.class), name(FakeProviders.FileB.class));
    try (MlflowClient client =
        builder(loader, "./mlruns")
            .systemProperties(Map.of("mlflow4j.store.provider.file", name(FakeProviders.FileB.class)))
            .build()) {
      assertThat(client.trackingUri()).isEqualTo("./mlruns");
    }
    assertThat(FakeProviders.created(FakeProviders.FileB.class)).isEqualTo(1);
    assertThat(FakeProviders.created(FakeProviders.FileA.class)).isZero();
  }

  @Test
  @DisplayName("a property naming no candidate is an error naming the value")
  void propertyNamesNoCandidate() throws IOException {
    ClassLoader loader = loaderListing(name(FakeProviders.FileA.class));
    assertThatThrownBy(
            () ->
                builder(loader, "./mlruns")
                    .systemProperties(Map.of("mlflow4j.store.provider.file", "com.example.Nope"))
                    .build())
        .hasMessageContaining("mlflow4j.store.provider.file=com.example.Nope")
        .hasMessageContaining(name(FakeProviders.FileA.class));
    assertThat(FakeProviders.created(FakeProviders.FileA.class)).isZero();
  }

  @Test
  @DisplayName("providers that fail to load are skipped and the others still found")
  void brokenProvidersSkipped() throws IOException {
    ClassLoader loader =
        loaderListing(
            "org.mlflow4j.client.DoesNotExist",
            name(FakeProviders.ThrowingConstructor.class),
            name(FakeProviders.NotAProvider.class),
            name(FakeProviders.ThrowingSchemes.class),
            name(FakeProviders.FileA.class));
    List<TrackingStoreProvider> loaded = ProviderDiscovery.TRACKING.load(loader);
    assertThat(loaded)
        .extracting(p -> p.getClass().getName())
        .containsExactly(name(FakeProviders.ThrowingSchemes.class), name(FakeProviders.FileA.class));
    try (MlflowClient client = builder(loader, "./mlruns").build()) {
      assertThat(client.store()).isNotNull();
    }
    assertThat(FakeProviders.created(FakeProviders.FileA.class)).isEqualTo(1);
  }

  @Test
  @DisplayName("a store given to the builder wins: nothing is discovered or created")
  void explicitStoreWins() throws IOException {
    ClassLoader loader =
        loaderListing(name(FakeProviders.FileA.class), name(FakeProviders.FileB.class));
    RecordingStore store = new RecordingStore();
    MlflowClient client = builder(loader, "./mlruns").store(store).build();
    assertThat(client.store()).isSameAs(store);
    client.close();
    assertThat(store.closed).as("a given store is not closed unless asked").isFalse();
    assertThat(FakeProviders.CREATED).isEmpty();

    MlflowClient owning = builder(loader, "./mlruns").store(store).closeStore(true).build();
    owning.close();
    assertThat(store.closed).isTrue();
  }

  @Test
  @DisplayName("a provider given to the builder creates the store: nothing is discovered")
  void explicitProviderWins() throws IOException {
    ClassLoader loader =
        loaderListing(name(FakeProviders.FileA.class), name(FakeProviders.FileB.class));
    FakeProviders.Sql provider = new FakeProviders.Sql();
    try (MlflowClient client = builder(loader, "./mlruns").storeProvider(provider).build()) {
      assertThat(client.store()).isInstanceOf(RecordingStore.class);
      TrackingStore store = client.store();
      client.close();
      assertThat(((RecordingStore) store).closed).as("a created store is owned").isTrue();
    }
    assertThat(FakeProviders.created(FakeProviders.Sql.class)).isEqualTo(1);
    assertThat(FakeProviders.created(FakeProviders.FileA.class)).isZero();
  }
}
