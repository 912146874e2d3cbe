package org.mlflow4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.store.ArtifactRepositoryContext;

/**
 * Artifact locations other than local directories: the destination and run roots are opened by
 * the client's provider discovery, here with {@link MemoryArtifactProvider} ({@code memart:}).
 */
class ArtifactDestinationTest {
  static final String DESTINATION = "memart://dest/root";

  @TempDir Path dir;

  @BeforeEach
  void reset() {
    MemoryArtifactProvider.reset();
  }

  private TrackingServer.Builder builder(String destination) {
    return TrackingServer.builder()
        .backendStoreUri(dir.resolve("mlruns").toString())
        .artifactsDestination(destination)
        .environment(Map.of("MLFLOW_SOME_SETTING", "s"))
        .port(0);
  }

  private static Http.Reply put(Http http, String path, String content) {
    return http.send(
        HttpRequest.newBuilder(http.base.resolve(path))
            .PUT(HttpRequest.BodyPublishers.ofString(content))
            .build());
  }

  private static String bytes(String key) {
    byte[] data = MemoryArtifactProvider.FILES.get(key);
    return data == null ? null : new String(data, StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("a destination of any scheme is opened by discovery; proxied uploads land there")
  void customDestination() {
    String runId;
    try (TrackingServer server = builder(DESTINATION).build().start()) {
      Http http = new Http(server.uri());
      runId =
          http.post("/api/2.0/mlflow/runs/create", "{\"experiment_id\": \"0\"}")
              .json()
              .at("/run/info/run_id")
              .asString();
      String proxied = "/api/2.0/mlflow-artifacts/artifacts/0/" + runId + "/artifacts";
      Http.Reply uploaded = put(http, proxied + "/sub/hello.txt", "hello");
      assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(200);
      assertThat(bytes(DESTINATION + "/0/" + runId + "/artifacts/sub/hello.txt"))
          .isEqualTo("hello");

      assertThat(http.get(proxied + "/sub/hello.txt").body()).isEqualTo("hello");
      assertThat(http.get("/api/2.0/mlflow-artifacts/artifacts?path=0/" + runId).json())
          .isEqualTo(
              Http.MAPPER.readTree("{\"files\": [{\"path\": \"artifacts\", \"is_dir\": true}]}"));
      assertThat(
              http.get("/api/2.0/mlflow/artifacts/list?run_id=" + runId + "&path=sub")
                  .json()
                  .at("/files/0/path")
                  .asString())
          .as("the run-level routes read a proxied root from the destination")
          .isEqualTo("sub/hello.txt");
      assertThat(http.get("/get-artifact?run_id=" + runId + "&path=sub/hello.txt").body())
          .isEqualTo("hello");
      Http.Reply deleted =
          http.send(HttpRequest.newBuilder(http.base.resolve(proxied + "/sub")).DELETE().build());
      assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
      assertThat(MemoryArtifactProvider.FILES).isEmpty();
      assertThat(MemoryArtifactProvider.count("open", DESTINATION)).isEqualTo(1);
      assertThat(MemoryArtifactProvider.count("close", DESTINATION)).isZero();
    }
    assertThat(MemoryArtifactProvider.count("close", DESTINATION))
        .as("the server closes the destination it opened")
        .isEqualTo(1);
    ArtifactRepositoryContext context = MemoryArtifactProvider.CONTEXTS.get(0);
    assertThat(context.tracking().trackingUri()).isEqualTo(dir.resolve("mlruns").toString());
    assertThat(context.tracking().settings()).containsEntry("MLFLOW_SOME_SETTING", "s");
    assertThat(dir.resolve("mlartifacts")).doesNotExist();
  }

  @Test
  @DisplayName("a run root of another scheme is opened by discovery for each request, then closed")
  void customRunRoot() {
    String root;
    try (TrackingServer server = builder(dir.resolve("mlartifacts").toString()).build().start()) {
      Http http = new Http(server.uri());
      String experimentId =
          http.post(
                  "/api/2.0/mlflow/experiments/create",
                  "{\"name\": \"mem\", \"artifact_location\": \"memart://runs/exp\"}")
              .json()
              .get("experiment_id")
              .asString();
      Http.Reply run =
          http.post(
              "/api/2.0/mlflow/runs/create", "{\"experiment_id\": \"" + experimentId + "\"}");
      String runId = run.json().at("/run/info/run_id").asString();
      root = run.json().at("/run/info/artifact_uri").asString();
      assertThat(root).isEqualTo("memart://runs/exp/" + runId + "/artifacts");
      MemoryArtifactProvider.FILES.put(
          root + "/model/MLmodel", "flavors: {}".getBytes(StandardCharsets.UTF_8));

      Http.Reply listed = http.get("/api/2.0/mlflow/artifacts/list?run_id=" + runId);
      assertThat(listed.status()).as(listed.body()).isEqualTo(200);
      assertThat(listed.json())
          .isEqualTo(
              Http.MAPPER.readTree(
                  "{\"root_uri\": \""
                      + root
                      + "\", \"files\": [{\"path\": \"model\", \"is_dir\": true}]}"));
      assertThat(
              http.get("/api/2.0/mlflow/artifacts/list?run_id=" + runId + "&path=model")
                  .json()
                  .at("/files/0/file_size")
                  .asLong())
          .isEqualTo(11);
      assertThat(http.get("/get-artifact?run_id=" + runId + "&path=model/MLmodel").body())
          .isEqualTo("flavors: {}");
      Http.Reply uploaded =
          http.send(
              HttpRequest.newBuilder(
                      http.base.resolve(
                          "/ajax-api/2.0/mlflow/upload-artifact?run_uuid=" + runId + "&path=n.md"))
                  .POST(HttpRequest.BodyPublishers.ofString("# n"))
                  .build());
      assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(200);
      assertThat(bytes(root + "/n.md")).isEqualTo("# n");
      Http.Reply unsafe = http.get("/api/2.0/mlflow/artifacts/list?run_id=" + runId + "&path=../x");
      assertThat(unsafe.status()).isEqualTo(400);
    }
    // Counted after stop: a download's repository is closed once its stream is sent.
    assertThat(MemoryArtifactProvider.count("open", root)).isEqualTo(4);
    assertThat(MemoryArtifactProvider.count("close", root)).isEqualTo(4);
  }

  @Test
  @DisplayName("no provider for the destination's scheme: start fails naming scheme and artifact")
  void noProvider() {
    int opened = CountingStoreProvider.OPENED.get();
    assertThatThrownBy(
            () ->
                builder("s3://key:secret@bucket/artifacts")
                    .backendStoreUri("counting:")
                    .build()
                    .start())
        .isInstanceOf(MlflowException.class)
        .satisfies(
            e ->
                assertThat(((MlflowException) e).errorCode())
                    .isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
        .hasMessageStartingWith("Cannot open the artifacts destination: ")
        .hasMessageContaining("No ArtifactRepositoryProvider serves the scheme 's3'")
        .hasMessageContaining("'s3://key:***@bucket/artifacts'")
        .hasMessageContaining("META-INF/services/org.mlflow4j.store.ArtifactRepositoryProvider")
        .hasMessageNotContaining("secret");
    assertThat(CountingStoreProvider.OPENED.get()).as("no store was opened").isEqualTo(opened);
    assertThatThrownBy(
            () -> builder("https://elsewhere/api/2.0/mlflow-artifacts/artifacts").build().start())
        .hasMessageContaining("the scheme 'https'")
        .hasMessageContaining("Add org.mlflow4j:mlflow-store-rest to the classpath.");
    // Not serving artifacts: the destination is never opened.
    try (TrackingServer server = builder("s3://bucket/x").serveArtifacts(false).build().start()) {
      assertThat(server.isRunning()).isTrue();
    }
  }

  @Test
  @DisplayName("a local destination still refuses a path leaving it through a symbolic link")
  void localDestinationStaysCanonical() throws Exception {
    Path destination = Files.createDirectories(dir.resolve("dest"));
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.createSymbolicLink(destination.resolve("link"), outside);
    try (TrackingServer server = builder(destination.toUri().toString()).build().start()) {
      Http http = new Http(server.uri());
      Http.Reply reply = put(http, "/api/2.0/mlflow-artifacts/artifacts/link/x.txt", "evil");
      assertThat(reply.status()).as(reply.body()).isEqualTo(400);
      assertThat(reply.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
      assertThat(outside).isEmptyDirectory();
      assertThat(put(http, "/api/2.0/mlflow-artifacts/artifacts/ok/x.txt", "fine").status())
          .isEqualTo(200);
      assertThat(destination.resolve("ok/x.txt")).hasContent("fine");
    }
  }
}
