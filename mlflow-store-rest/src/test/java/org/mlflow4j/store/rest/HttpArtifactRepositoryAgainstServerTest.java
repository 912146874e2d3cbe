package org.mlflow4j.store.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow4j.entity.Run;
import org.mlflow4j.server.TrackingServer;
import org.mlflow4j.store.ArtifactRepository;
import org.mlflow4j.store.ArtifactRepositoryContext;
import org.mlflow4j.store.RunCreate;
import org.mlflow4j.store.StoreContext;
import org.mlflow4j.store.rest.internal.HttpArtifactRepositoryProvider;
import org.mlflow4j.store.support.TransferListener;
import org.mlflow4j.store.tck.ArtifactRepositoryCompatibilityKit;

/**
 * {@link HttpArtifactRepository} against our tracking server serving artifacts from a temporary
 * directory: the artifact compatibility kit (refused paths must leave the server's artifacts
 * destination unchanged), and the mlflow-artifacts URIs of runs created through the server.
 */
class HttpArtifactRepositoryAgainstServerTest extends ArtifactRepositoryCompatibilityKit {
  @TempDir static Path dir;

  private static TrackingServer server;
  private static Path destination;
  private static final AtomicInteger ROOTS = new AtomicInteger();

  @BeforeAll
  static void start() throws IOException {
    destination = Files.createDirectories(dir.resolve("mlartifacts"));
    server = serveArtifacts(dir.resolve("mlruns"), destination);
  }

  /** Our tracking server on a loopback port, serving artifacts from the destination. */
  static TrackingServer serveArtifacts(Path backendStore, Path destination) {
    return TrackingServer.builder()
        .backendStoreUri(backendStore.toString())
        .serveArtifacts(true)
        .artifactsDestination(destination.toString())
        .port(0)
        .build()
        .start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static ArtifactRepository forUri(String artifactUri) {
    return new HttpArtifactRepositoryProvider()
        .create(
            new ArtifactRepositoryContext(
                artifactUri, new StoreContext(server.uri().toString(), Map.of())));
  }

  @Override
  protected ArtifactRepository newRepository() {
    return forUri("mlflow-artifacts:/kit/" + ROOTS.incrementAndGet());
  }

  @Override
  protected Optional<Path> untouchedDirectory() {
    return Optional.of(destination);
  }

  @Test
  void theArtifactUriOfARunCreatedThroughTheServerIsProxied() throws IOException {
    Run run;
    try (RestTrackingStore store = RestTrackingStore.open(server.uri())) {
      String experimentId = store.createExperiment("proxied", Optional.empty(), List.of());
      run = store.createRun(RunCreate.builder(experimentId).build());
    }
    String artifactUri = run.info().artifactUri();
    assertThat(artifactUri)
        .isEqualTo(
            "mlflow-artifacts:/"
                + run.info().experimentId()
                + "/"
                + run.info().runId()
                + "/artifacts");

    Path file = Files.writeString(dir.resolve("model.txt"), "weights");
    try (ArtifactRepository repository = forUri(artifactUri)) {
      repository.logArtifact(file, "model", TransferListener.NONE);
      assertThat(repository.listArtifacts("model"))
          .extracting(f -> f.path())
          .containsExactly("model/model.txt");
    }
    // where MLflow's server would put it: <destination>/<experiment>/<run>/artifacts/<path>
    assertThat(
            destination.resolve(
                run.info().experimentId()
                    + "/"
                    + run.info().runId()
                    + "/artifacts/model/model.txt"))
        .hasContent("weights");
  }
  @Test
  void oddNamesRoundTripThroughTheServer() throws IOException {
    List<String> names =
        List.of(
            "50%.txt",
            "100%25 literal.txt",
            "with space.txt",
            "a+b.txt",
            "ünïcødé 日本.txt",
            "semi;colon.txt",
            "odd dir+%;ü/all of it 100%+;ü.txt");
    try (ArtifactRepository repository = forUri("mlflow-artifacts:/odd")) {
      for (String name : names) {
        byte[] content = ("content of " + name).getBytes(StandardCharsets.UTF_8);
        repository.writeArtifact(
            name, new ByteArrayInputStream(content), OptionalLong.of(content.length));
        assertThat(destination.resolve("odd").resolve(name)).as(name).hasBinaryContent(content);
        try (InputStream in = repository.openArtifact(name)) {
          assertThat(in.readAllBytes()).as(name).isEqualTo(content);
        }
        String parent = name.contains("/") ? name.substring(0, name.lastIndexOf('/')) : "";
        assertThat(repository.listArtifacts(parent)).extracting(f -> f.path()).contains(name);
        repository.deleteArtifacts(name);
        assertThat(destination.resolve("odd").resolve(name)).as(name).doesNotExist();
      }
    }
  }
}
