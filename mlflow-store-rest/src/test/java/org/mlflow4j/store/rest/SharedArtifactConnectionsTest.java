package org.mlflow4j.store.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow4j.client.MlflowClient;
import org.mlflow4j.entity.Run;
import org.mlflow4j.server.TrackingServer;
import org.mlflow4j.store.ArtifactRepository;
import org.mlflow4j.store.ArtifactRepositoryContext;
import org.mlflow4j.store.StoreContext;
import org.mlflow4j.store.rest.internal.HttpArtifactRepositoryProvider;

/**
 * The artifact repositories the provider creates for one server and equal settings share one HTTP
 * caller, and so one pool of connections, counted by reference; against our tracking server on a
 * loopback port.
 */
class SharedArtifactConnectionsTest {
  @TempDir static Path dir;

  private static TrackingServer server;
  private static Path destination;

  @BeforeAll
  static void start() throws IOException {
    destination = Files.createDirectories(dir.resolve("mlartifacts"));
    server =
        HttpArtifactRepositoryAgainstServerTest.serveArtifacts(dir.resolve("mlruns"), destination);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  @Timeout(120)
  void aClientLoggingToFortyRunsOpensAFewConnectionsNotOnePerRun() throws IOException {
    Path file = Files.writeString(dir.resolve("note.txt"), "a small artifact");
    List<String> runIds = new ArrayList<>();
    String[] experimentId = new String[1];
    int accepted;
    try (CountingTcpProxy proxy = new CountingTcpProxy(server.port())) {
      try (MlflowClient client =
          MlflowClient.builder()
              .trackingUri(proxy.uri().toString())
              .environment(Map.of())
              .asyncShutdownHook(false)
              .build()) {
        experimentId[0] = client.createExperiment("forty-runs");
        for (int i = 0; i < 40; i++) {
          Run run = client.createRun(experimentId[0]);
          client.logArtifact(run.info().runId(), file);
          runIds.add(run.info().runId());
        }
        accepted = proxy.accepted();
      }
    }

    assertThat(runIds)
        .allSatisfy(
            runId ->
                assertThat(destination.resolve(experimentId[0] + "/" + runId + "/artifacts"))
                    .isDirectoryContaining(p -> p.endsWith("note.txt")));
    // one connection for the tracking store's own pool, one (or two) for the artifacts
    assertThat(accepted).as("TCP connections the server accepted").isLessThanOrEqualTo(3);
  }

  @Test
  void repositoriesOfTwoRunsOfOneServerShareOneCallerUntilTheLastIsClosed() {
    HttpArtifactRepository first = create("mlflow-artifacts:/shared/run1/artifacts", Map.of());
    HttpArtifactRepository second = create("mlflow-artifacts:/shared/run2/artifacts", Map.of());
    HttpCaller caller = first.caller();
    try {
      assertThat(second.caller()).isSameAs(caller);

      first.close();
      first.close(); // counts once: the second repository still holds the caller
      write(second, "after-first-closed.txt");
      assertThat(destination.resolve("shared/run2/artifacts/after-first-closed.txt"))
          .hasContent("content");
      assertThat(isClosed(caller)).isFalse();
    } finally {
      second.close();
    }
    assertThat(isClosed(caller)).isTrue();

    try (HttpArtifactRepository again =
        create("mlflow-artifacts:/shared/run3/artifacts", Map.of())) {
      assertThat(again.caller()).isNotSameAs(caller);
      write(again, "on-a-new-caller.txt");
    }
  }

  @Test
  void differentCredentialsOrSettingsGetCallersOfTheirOwn() {
    try (HttpArtifactRepository plain = create("mlflow-artifacts:/own/a", Map.of());
        HttpArtifactRepository alice =
            create(
                "mlflow-artifacts:/own/b",
                Map.of("MLFLOW_TRACKING_USERNAME", "alice", "MLFLOW_TRACKING_PASSWORD", "s3cret"));
        HttpArtifactRepository bob =
            create(
                "mlflow-artifacts:/own/c",
                Map.of("MLFLOW_TRACKING_USERNAME", "bob", "MLFLOW_TRACKING_PASSWORD", "s3cret"));
        HttpArtifactRepository aliceAgain =
            create(
                "mlflow-artifacts:/own/d",
                Map.of("MLFLOW_TRACKING_USERNAME", "alice", "MLFLOW_TRACKING_PASSWORD", "s3cret"));
        HttpArtifactRepository slower =
            create("mlflow-artifacts:/own/e", Map.of("MLFLOW_HTTP_REQUEST_TIMEOUT", "30"))) {
      assertThat(List.of(plain.caller(), alice.caller(), bob.caller(), slower.caller()))
          .doesNotHaveDuplicates();
      assertThat(aliceAgain.caller()).isSameAs(alice.caller());
    }
  }

  @Test
  void theOtherServerGetsACallerOfItsOwn() {
    String other = "http://localhost:" + server.port() + "/prefix";
    try (HttpArtifactRepository here = create("mlflow-artifacts:/x/1", Map.of());
        HttpArtifactRepository there =
            (HttpArtifactRepository)
                new HttpArtifactRepositoryProvider()
                    .create(
                        new ArtifactRepositoryContext(
                            "mlflow-artifacts:/x/2", new StoreContext(other, Map.of())))) {
      assertThat(there.caller()).isNotSameAs(here.caller());
    }
  }

  @Test
  void repositoriesOpenedDirectlyKeepCallersOfTheirOwn() {
    RestStoreOptions options =
        RestStoreOptions.of(
            server.uri().resolve(HttpArtifactRepository.ARTIFACTS_ROUTE + "/direct/1"));
    HttpArtifactRepository one = HttpArtifactRepository.open(options);
    HttpCaller caller;
    try (HttpArtifactRepository two = HttpArtifactRepository.open(options)) {
      caller = one.caller();
      assertThat(two.caller()).isNotSameAs(caller);
    } finally {
      one.close();
    }
    assertThat(isClosed(caller)).isTrue();
  }

  @Test
  @Timeout(120)
  void creatingAndClosingFromManyThreadsNeverHandsOutAClosedCaller() throws Exception {
    int threads = 8;
    int rounds = 40;
    Set<HttpCaller> seen = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int r = 0; r < rounds; r++) {
                    try (HttpArtifactRepository repository =
                        create("mlflow-artifacts:/race/" + thread + "/" + r, Map.of())) {
                      seen.add(repository.caller());
                      write(repository, "f.txt");
                    }
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(); // a write through a caller closed under it would fail here
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(Files.walk(destination.resolve("race")).filter(p -> p.endsWith("f.txt")).count())
        .isEqualTo(threads * rounds);
    assertThat(seen).allMatch(SharedArtifactConnectionsTest::isClosed);
  }

  // ---- helpers

  private static HttpArtifactRepository create(String artifactUri, Map<String, String> settings) {
    return (HttpArtifactRepository)
        new HttpArtifactRepositoryProvider()
            .create(
                new ArtifactRepositoryContext(
                    artifactUri, new StoreContext(server.uri().toString(), settings)));
  }

  private static void write(ArtifactRepository repository, String path) {
    byte[] content = "content".getBytes(StandardCharsets.UTF_8);
    repository.writeArtifact(
        path, new ByteArrayInputStream(content), OptionalLong.of(content.length));
    try (InputStream in = repository.openArtifact(path)) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Whether the caller's pool is shut down: a request through it fails before it is sent. */
  private static boolean isClosed(HttpCaller caller) {
    try {
      caller.send(new HttpGet(server.uri().resolve("/health")), 1024);
      return false;
    } catch (IllegalStateException shutDown) {
      return true;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
