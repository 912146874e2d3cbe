package org.mlflow4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlflow4j.store.TrackingStore;
import org.mlflow4j.store.tck.InMemoryTrackingStore;
import tools.jackson.databind.JsonNode;

/**
 * Run artifacts through the server: the roots runs get, where their files land, and the
 * run-level routes ({@code artifacts/list}, {@code get-artifact}, {@code upload-artifact}).
 */
class RunArtifactsTest {
  @TempDir Path dir;

  private TrackingServer start(String backend, TrackingServer.Builder builder) {
    return builder
        .backendStoreUri(backend)
        .artifactsDestination(dir.resolve("mlartifacts").toString())
        .environment(Map.of())
        .port(0)
        .build()
        .start();
  }

  private static String createExperiment(Http http, String name) {
    Http.Reply created = http.post("/api/2.0/mlflow/experiments/create", "{\"name\": \"" + name + "\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(200);
    return created.json().get("experiment_id").asString();
  }

  private static JsonNode createRun(Http http, String experimentId) {
    Http.Reply run =
        http.post("/api/2.0/mlflow/runs/create", "{\"experiment_id\": \"" + experimentId + "\"}");
    assertThat(run.status()).as(run.body()).isEqualTo(200);
    return run.json().at("/run/info");
  }

  private static Http.Reply put(Http http, String path, String content) {
    return http.send(
        HttpRequest.newBuilder(http.base.resolve(path))
            .PUT(HttpRequest.BodyPublishers.ofString(content))
            .build());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"file", "sqlite"})
  @DisplayName("runs get mlflow-artifacts:/ roots; their files land in <destination>/<exp>/<run>")
  void proxiedRoots(String backend) throws Exception {
    String uri =
        backend.equals("file")
            ? dir.resolve("mlruns").toString()
            : "sqlite:///" + dir.resolve("mlflow.db");
    try (TrackingServer server = start(uri, TrackingServer.builder())) {
      Http http = new Http(server.uri());
      assertThat(server.defaultArtifactRoot()).contains("mlflow-artifacts:/");
      String experimentId = createExperiment(http, "proxied");
      assertThat(
              http.get("/api/2.0/mlflow/experiments/get?experiment_id=" + experimentId)
                  .json()
                  .at("/experiment/artifact_location")
                  .asString())
          .isEqualTo("mlflow-artifacts:/" + experimentId);
      JsonNode run = createRun(http, experimentId);
      String runId = run.get("run_id").asString();
      String root = "mlflow-artifacts:/" + experimentId + "/" + runId + "/artifacts";
      assertThat(run.get("artifact_uri").asString()).isEqualTo(root);

      // As a Python client logs: PUT to the proxied location of the run's root.
      String proxied = "/api/2.0/mlflow-artifacts/artifacts/" + experimentId + "/" + runId + "/artifacts";
      assertThat(put(http, proxied + "/hello.txt", "hello, world!").status()).isEqualTo(200);
      assertThat(put(http, proxied + "/sub/data.json", "{\"a\": 1}\n").status()).isEqualTo(200);
      Path runDir = dir.resolve("mlartifacts").resolve(experimentId).resolve(runId);
      assertThat(runDir.resolve("artifacts/hello.txt")).hasContent("hello, world!");

      // The recorded MLflow 2.22 answers (fixtures 35 and 36), ids and root aside.
      JsonNode listed = http.get("/api/2.0/mlflow/artifacts/list?run_id=" + runId).json();
      assertThat(listed.get("root_uri").asString()).isEqualTo(root);
      assertThat(listed.get("files")).isEqualTo(recorded("35-artifacts-list.json").get("files"));
      JsonNode sub = http.get("/api/2.0/mlflow/artifacts/list?run_id=" + runId + "&path=sub").json();
      assertThat(sub.get("files")).isEqualTo(recorded("36-artifacts-list-subdir.json").get("files"));
      assertThat(http.get("/ajax-api/2.0/mlflow/artifacts/list?run_id=" + runId + "&path=sub").json())
          .isEqualTo(sub);
      for (String fileOrMissing : new String[] {"hello.txt", "missing"}) {
        assertThat(
                http.get(
                        "/api/2.0/mlflow/artifacts/list?run_id=" + runId + "&path=" + fileOrMissing)
                    .json())
            .as("a file or missing path gives only the root")
            .isEqualTo(Http.MAPPER.readTree("{\"root_uri\": \"" + root + "\"}"));
      }

      Http.Reply got = http.get("/get-artifact?run_id=" + runId + "&path=sub/data.json");
      assertThat(got.status()).isEqualTo(200);
      assertThat(got.body()).isEqualTo("{\"a\": 1}\n");
      assertThat(got.contentType()).isEqualTo("text/plain");
      assertThat(http.get("/get-artifact?run_uuid=" + runId + "&path=hello.txt").body())
          .isEqualTo("hello, world!");
      assertThat(http.get("/get-artifact?run_id=" + runId + "&path=nope").status()).isEqualTo(404);

      Http.Reply uploaded =
          http.send(
              HttpRequest.newBuilder(
                      http.base.resolve(
                          "/ajax-api/2.0/mlflow/upload-artifact?run_uuid="
                              + runId
                              + "&path=ui/note.md"))
                  .POST(HttpRequest.BodyPublishers.ofString("# note"))
                  .build());
      assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(200);
      assertThat(runDir.resolve("artifacts/ui/note.md")).hasContent("# note");
    }
  }

  private static JsonNode recorded(String name) throws Exception {
    try (var in = RunArtifactsTest.class.getResourceAsStream("/rest/" + name)) {
      return Http.MAPPER.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .get("response_body");
    }
  }

  @Test
  @DisplayName("an http(s) root with the proxy's route anchor is read from the destination")
  void httpRoot() throws Exception {
    try (TrackingServer server = start(dir.resolve("mlruns").toString(), TrackingServer.builder())) {
      Http http = new Http(server.uri());
      Http.Reply created =
          http.post(
              "/api/2.0/mlflow/experiments/create",
              "{\"name\": \"http\", \"artifact_location\":"
                  + " \"https://elsewhere:8443/p/api/2.0/mlflow-artifacts/artifacts/team\"}");
      String runId =
          createRun(http, created.json().get("experiment_id").asString()).get("run_id").asString();
      Path artifacts = dir.resolve("mlartifacts/team").resolve(runId).resolve("artifacts");
      Files.createDirectories(artifacts);
      Files.writeString(artifacts.resolve("m.txt"), "via http");
      assertThat(
              http.get("/api/2.0/mlflow/artifacts/list?run_id=" + runId)
                  .json()
                  .at("/files/0/path")
                  .asString())
          .isEqualTo("m.txt");
      assertThat(http.get("/get-artifact?run_id=" + runId + "&path=m.txt").body())
          .isEqualTo("via http");
    }
    assertThat(ArtifactService.proxiedPath("mlflow-artifacts://host:5000/1/r/artifacts"))
        .contains("1/r/artifacts");
    assertThat(ArtifactService.proxiedPath("mlflow-artifacts:/")).contains("");
    assertThat(ArtifactService.proxiedPath("/local/path")).isEmpty();
    assertThat(ArtifactService.proxiedPath("s3://b/x")).isEmpty();
  }

  @Test
  @DisplayName("--default-artifact-root gives plain <root>/<id>; runs there are read locally")
  void explicitRoot() throws Exception {
    Path root = dir.resolve("roots");
    try (TrackingServer server =
        start(
            dir.resolve("mlruns").toString(),
            TrackingServer.builder().defaultArtifactRoot(root.toString()))) {
      Http http = new Http(server.uri());
      String experimentId = createExperiment(http, "rooted");
      JsonNode run = createRun(http, experimentId);
      String runId = run.get("run_id").asString();
      assertThat(run.get("artifact_uri").asString())
          .isEqualTo(root + "/" + experimentId + "/" + runId + "/artifacts");
      Path artifacts = root.resolve(experimentId).resolve(runId).resolve("artifacts");
      Files.createDirectories(artifacts.resolve("d"));
      Files.writeString(artifacts.resolve("d/f.txt"), "local");
      Files.write(artifacts.resolve("empty.bin"), new byte[0]);
      assertThat(http.get("/api/2.0/mlflow/artifacts/list?run_id=" + runId).json().get("files"))
          .isEqualTo(
              Http.MAPPER.readTree(
                  "[{\"path\":\"d\",\"is_dir\":true},{\"path\":\"empty.bin\",\"is_dir\":false}]"));
      assertThat(http.get("/get-artifact?run_id=" + runId + "&path=d/f.txt").body())
          .isEqualTo("local");
    }
  }

  @Test
  @DisplayName("with --no-serve-artifacts and no root, runs get the store's own default")
  void noServeArtifacts() {
    Path store = dir.resolve("mlruns");
    try (TrackingServer server =
        start(store.toString(), TrackingServer.builder().serveArtifacts(false))) {
      Http http = new Http(server.uri());
      assertThat(server.defaultArtifactRoot()).isEmpty();
      String experimentId = createExperiment(http, "unserved");
      JsonNode run = createRun(http, experimentId);
      assertThat(run.get("artifact_uri").asString())
          .isEqualTo(store + "/" + experimentId + "/" + run.get("run_id").asString() + "/artifacts");
    }
  }

  @Test
  @DisplayName("a given store keeps its own root; the setting is not passed to it")
  void givenStoreKeepsItsRoot() {
    TrackingStore store = new InMemoryTrackingStore();
    String before = store.getExperiment("0").artifactLocation();
    try (TrackingServer server =
        TrackingServer.builder().store(store).port(0).build().start()) {
      Http http = new Http(server.uri());
      String experimentId = createExperiment(http, "given");
      assertThat(
              http.get("/api/2.0/mlflow/experiments/get?experiment_id=" + experimentId)
                  .json()
                  .at("/experiment/artifact_location")
                  .asString())
          .doesNotStartWith("mlflow-artifacts:");
      assertThat(store.getExperiment("0").artifactLocation()).isEqualTo(before);
    }
  }

  @Test
  @DisplayName("--artifacts-only: tracking routes 503 text/plain, the proxy serves")
  void artifactsOnly() {
    try (TrackingServer server =
        start(dir.resolve("never").toString(), TrackingServer.builder().artifactsOnly(true))) {
      Http http = new Http(server.uri());
      Http.Reply tracking = http.post("/api/2.0/mlflow/experiments/create", "{\"name\": \"x\"}");
      assertThat(tracking.status()).isEqualTo(503);
      assertThat(tracking.contentType()).startsWith("text/plain");
      assertThat(tracking.body())
          .isEqualTo(
              "Endpoint: /api/2.0/mlflow/experiments/create disabled due to the mlflow server"
                  + " running in `--artifacts-only` mode. To enable tracking server"
                  + " functionality, run `mlflow server` without `--artifacts-only`");
      assertThat(http.get("/get-artifact?run_id=abc&path=x").status()).isEqualTo(503);
      assertThat(put(http, "/api/2.0/mlflow-artifacts/artifacts/a.txt", "a").status())
          .isEqualTo(200);
      assertThat(dir.resolve("mlartifacts/a.txt")).hasContent("a");
      assertThat(dir.resolve("never")).as("no store was opened").doesNotExist();
    }
  }
}
