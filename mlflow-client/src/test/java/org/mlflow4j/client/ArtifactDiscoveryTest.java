package org.mlflow4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.client.internal.LocalArtifactRepositoryProvider;
import org.mlflow4j.store.ArtifactRepository;
import org.mlflow4j.store.ArtifactRepositoryContext;
import org.mlflow4j.store.ArtifactRepositoryProvider;
import org.mlflow4j.store.StoreContext;
import org.mlflow4j.store.tck.InMemoryTrackingStore;

/**
 * Artifact repositories are found by the same rules as stores (one generic discovery): the
 * client's own LocalArtifactRepositoryProvider serves {@code file}; more providers come from a
 * services file on a test class loader.
 */
class ArtifactDiscoveryTest {
  @TempDir Path dir;

  @BeforeEach
  void reset() {
    FakeArtifactProviders.reset();
  }

  /** A class loader that adds a services file listing the given class names. */
  private ClassLoader loaderListing(String... classNames) throws IOException {
    return ServiceFiles.loaderListing(
        dir.resolve("cp"), ArtifactRepositoryProvider.class, classNames);
  }

  private MlflowClient.Builder builder(ClassLoader loader) {
    return MlflowClient.builder()
        .store(new InMemoryTrackingStore())
        .classLoader(loader)
        .trackingUri("http://user:s3cret@tracking:5000")
        .environment(Map.of("MLFLOW_TRACKING_TOKEN", "t"))
        .systemProperties(Map.of())
        .asyncShutdownHook(false)
        .transferProgress(false);
  }

  /** A run of a new experiment whose artifact location is the given URI. */
  private static String run(MlflowClient client, String location) {
    return client.createRun(client.createExperiment("e" + location.hashCode(), location, Map.of()))
        .runId();
  }

  @Test
  @DisplayName("the client's local provider serves plain paths and file: URIs out of the box")
  void localByDefault() throws IOException {
    try (MlflowClient client = builder(getClass().getClassLoader()).build()) {
      String plain = run(client, dir.resolve("plain").toString());
      client.logText(plain, "a", "a.txt");
      String uri = run(client, dir.resolve("uri").toUri().toString());
      client.logText(uri, "b", "b.txt");
    }
    assertThat(Files.readString(onlyFile(dir.resolve("plain")))).isEqualTo("a");
    assertThat(Files.readString(onlyFile(dir.resolve("uri")))).isEqualTo("b");
  }

  private static Path onlyFile(Path root) throws IOException {
    try (var walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).reduce((a, b) -> {
        throw new AssertionError("more than one file: " + a + ", " + b);
      }).orElseThrow();
    }
  }

  @Test
  @DisplayName("an unknown artifact-URI scheme: the error names scheme, masked URI, services file")
  void unknownScheme() throws IOException {
    try (MlflowClient client = builder(getClass().getClassLoader()).build()) {
      String runId = run(client, "s3://key:secret@bucket/base");
      assertThatThrownBy(() -> client.logText(runId, "x", "a.txt"))
          .isInstanceOf(MlflowException.class)
          .satisfies(
              e ->
                  assertThat(((MlflowException) e).errorCode())
                      .isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
          .hasMessageContaining("No ArtifactRepositoryProvider serves the scheme 's3'")
          .hasMessageContaining("of the artifact URI 's3://key:***@bucket/base/")
          .hasMessageContaining("META-INF/services/org.mlflow4j.store.ArtifactRepositoryProvider")
          .hasMessageNotContaining("secret");
      assertThatThrownBy(() -> client.listArtifacts(runId)).hasMessageContaining("'s3'");
    }
  }

  @Test
  @DisplayName("http, https, mlflow-artifacts without a provider: add org.mlflow4j:mlflow-store-rest")
  void artifactTable() throws IOException {
    try (MlflowClient client = builder(getClass().getClassLoader()).build()) {
      for (String location :
          new String[] {
            "mlflow-artifacts:/1", "http://h/api/2.0/mlflow-artifacts/artifacts/1", "https://h/x"
          }) {
        String runId = run(client, location);
        assertThatThrownBy(() -> client.listArtifacts(runId))
            .hasMessageContaining("org.mlflow4j:mlflow-store-rest");
      }
    }
  }

  @Test
  @DisplayName("two providers for file: the error names both and mlflow4j.artifact.provider.file")
  void twoProviders() throws IOException {
    ClassLoader loader = loaderListing(FakeArtifactProviders.OtherFile.class.getName());
    try (MlflowClient client = builder(loader).build()) {
      String runId = run(client, dir.resolve("a").toString());
      assertThatThrownBy(() -> client.logText(runId, "x", "a.txt"))
          .hasMessageContaining("Several ArtifactRepositoryProviders serve the scheme 'file'")
          .hasMessageContaining(LocalArtifactRepositoryProvider.class.getName())
          .hasMessageContaining("org.mlflow4j:mlflow-client")
          .hasMessageContaining(FakeArtifactProviders.OtherFile.class.getName())
          .hasMessageContaining("com.example:other-file")
          .hasMessageContaining("mlflow4j.artifact.provider.file=<provider class name>");
    }
    assertThat(FakeArtifactProviders.CREATED).isEmpty();
    assertThat(dir.resolve("a")).doesNotExist();
  }

  @Test
  @DisplayName("the property picks one, given artifact URI, tracking URI, settings; cached, closed")
  void propertyPicks() throws IOException {
    ClassLoader loader = loaderListing(FakeArtifactProviders.OtherFile.class.getName());
    String location = dir.resolve("a").toString();
    String runId;
    try (MlflowClient client =
        builder(loader)
            .systemProperties(
                Map.of(
                    "mlflow4j.artifact.provider.file",
                    FakeArtifactProviders.OtherFile.class.getName()))
            .build()) {
      runId = run(client, location);
      client.logText(runId, "x", "a.txt");
      client.logText(runId, "y", "b.txt");
      assertThat(client.listArtifacts(runId)).hasSize(2);
      assertThat(FakeArtifactProviders.recorder.calls).noneMatch(c -> c.startsWith("close"));
    }
    String artifactUri = location + "/" + runId + "/artifacts";
    assertThat(FakeArtifactProviders.CREATED).as("one repository per root").hasSize(1);
    ArtifactRepositoryContext context = FakeArtifactProviders.CONTEXTS.get(0);
    assertThat(context.artifactUri()).isEqualTo(artifactUri);
    assertThat(context.tracking().trackingUri()).isEqualTo("http://user:s3cret@tracking:5000");
    assertThat(context.tracking().settings()).containsEntry("MLFLOW_TRACKING_TOKEN", "t");
    assertThat(FakeArtifactProviders.recorder.calls)
        .containsExactly("write a.txt", "write b.txt", "list ", "close " + artifactUri);
  }

  @Test
  @DisplayName("a provider that fails to load is skipped; the others still serve")
  void brokenProviderSkipped() throws IOException {
    ClassLoader loader =
        loaderListing(
            "org.mlflow4j.client.NoSuchProvider", FakeArtifactProviders.Throwing.class.getName());
    assertThat(ProviderDiscovery.ARTIFACTS.load(loader))
        .extracting(p -> p.getClass().getName())
        .containsExactly(LocalArtifactRepositoryProvider.class.getName());
    try (MlflowClient client = builder(loader).build()) {
      String runId = run(client, dir.resolve("a").toString());
      client.logText(runId, "x", "a.txt");
      assertThat(client.listArtifacts(runId)).hasSize(1);
    }
  }

  @Test
  @DisplayName("an explicit provider serves every scheme: nothing is discovered")
  void explicitProvider() throws IOException {
    ClassLoader loader = loaderListing(FakeArtifactProviders.OtherFile.class.getName());
    RecordingArtifactProvider provider = new RecordingArtifactProvider();
    try (MlflowClient client = builder(loader).artifactRepositoryProvider(provider).build()) {
      String runId = run(client, dir.resolve("a").toString());
      client.logText(runId, "x", "a.txt");
    }
    assertThat(provider.contexts).hasSize(1);
    assertThat(FakeArtifactProviders.CREATED).isEmpty();
  }

  @Test
  @DisplayName("artifact calls after close() are refused with INVALID_STATE")
  void afterClose() {
    MlflowClient client = builder(getClass().getClassLoader()).build();
    String runId = run(client, dir.resolve("a").toString());
    client.close();
    assertThatThrownBy(() -> client.listArtifacts(runId))
        .extracting(e -> ((MlflowException) e).errorCode())
        .isEqualTo(ErrorCode.INVALID_STATE);
  }
  /** Runs the action with the thread's context class loader set to the given one. */
  private static void withContextLoader(ClassLoader loader, Runnable action) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      action.run();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  @Test
  @DisplayName("openArtifactRepository: the context class loader's providers, the given context")
  void openWithoutClient() throws IOException {
    ArtifactRepositoryContext local =
        new ArtifactRepositoryContext(
            dir.resolve("open").toString(), new StoreContext("sqlite:///x.db", Map.of("K", "v")));
    try (ArtifactRepository repository = MlflowClient.openArtifactRepository(local)) {
      assertThat(repository).isInstanceOf(LocalArtifactRepository.class);
      repository.writeArtifact(
          "a/b.txt", new ByteArrayInputStream(new byte[] {7}), OptionalLong.of(1));
    }
    assertThat(dir.resolve("open/a/b.txt")).hasBinaryContent(new byte[] {7});

    ClassLoader loader = loaderListing(FakeArtifactProviders.OtherFile.class.getName());
    withContextLoader(
        loader,
        () ->
            assertThatThrownBy(() -> MlflowClient.openArtifactRepository(local))
                .hasMessageContaining("Several ArtifactRepositoryProviders serve the scheme 'file'")
                .hasMessageContaining(FakeArtifactProviders.OtherFile.class.getName()));
    String property = "mlflow4j.artifact.provider.file";
    System.setProperty(property, FakeArtifactProviders.OtherFile.class.getName());
    try {
      withContextLoader(
          loader,
          () -> {
            try (ArtifactRepository repository = MlflowClient.openArtifactRepository(local)) {
              assertThat(repository.rootUri()).isEqualTo(local.artifactUri());
            }
          });
    } finally {
      System.clearProperty(property);
    }
    assertThat(FakeArtifactProviders.CONTEXTS).containsExactly(local);
    assertThat(FakeArtifactProviders.recorder.calls)
        .as("the caller closes what it opened")
        .containsExactly("close " + local.artifactUri());
  }

  @Test
  @DisplayName("openArtifactRepository: no provider names the scheme and the artifact to add")
  void openWithoutProvider() {
    assertThatThrownBy(
            () ->
                MlflowClient.openArtifactRepository(
                    ArtifactRepositoryContext.of("mlflow-artifacts:/1")))
        .isInstanceOf(MlflowException.class)
        .hasMessageContaining("No ArtifactRepositoryProvider serves the scheme 'mlflow-artifacts'")
        .hasMessageContaining("Add org.mlflow4j:mlflow-store-rest to the classpath.");
  }
}
