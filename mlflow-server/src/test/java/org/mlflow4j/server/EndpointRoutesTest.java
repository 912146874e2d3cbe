package org.mlflow4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlflow4j.rest.protocol.Endpoint;
import org.mlflow4j.rest.protocol.Endpoints;
import tools.jackson.databind.JsonNode;

/** Every tracking endpoint under both prefixes, against a file store chosen by its URI. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndpointRoutesTest {
  @TempDir static Path dir;
  static TrackingServer server;
  static Http http;

  @BeforeAll
  static void start() {
    server =
        TrackingServer.builder()
            .backendStoreUri(dir.resolve("mlruns").toString())
            .artifactsDestination(dir.resolve("mlartifacts").toString())
            .port(0)
            .build()
            .start();
    http = new Http(server.uri());
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @Order(1)
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {Endpoint.API_PREFIX, Endpoint.AJAX_PREFIX})
  @DisplayName("every tracking endpoint answers under the prefix")
  void everyEndpoint(String prefix) throws Exception {
    String name = "exp" + prefix.replace('/', '-');
    Http.Reply created =
        http.post(
            prefix + "/experiments/create",
            "{\"name\": \"" + name + "\", \"tags\": [{\"key\": \"a\", \"value\": \"1\"}]}");
    assertThat(created.status()).as(created.body()).isEqualTo(200);
    assertThat(created.contentType()).startsWith("application/json");
    String experimentId = created.json().get("experiment_id").asString();

    JsonNode experiment =
        ok(http.get(prefix + "/experiments/get?experiment_id=" + experimentId)).get("experiment");
    assertThat(experiment.get("name").asString()).isEqualTo(name);
    assertThat(
            ok(http.get(prefix + "/experiments/get-by-name?experiment_name=" + name))
                .at("/experiment/experiment_id")
                .asString())
        .isEqualTo(experimentId);
    ok(
        http.post(
            prefix + "/experiments/set-experiment-tag",
            "{\"experiment_id\": \"" + experimentId + "\", \"key\": \"b\", \"value\": \"2\"}"));
    ok(
        http.post(
            prefix + "/experiments/delete-experiment-tag",
            "{\"experiment_id\": \"" + experimentId + "\", \"key\": \"a\"}"));
    ok(
        http.post(
            prefix + "/experiments/update",
            "{\"experiment_id\": \""
                + experimentId
                + "\", \"new_name\": \""
                + name
                + "-renamed\"}"));
    JsonNode searched =
        ok(
            http.post(
                prefix + "/experiments/search",
                "{\"max_results\": 10, \"filter\": \"name = '" + name + "-renamed'\"}"));
    assertThat(searched.get("experiments")).hasSize(1);
    assertThat(searched.at("/experiments/0/tags/0/key").asString()).isEqualTo("b");
    JsonNode searchedByGet =
        ok(
            http.get(
                prefix
                    + "/experiments/search?max_results=10&filter="
                    + java.net.URLEncoder.encode("name = '" + name + "-renamed'", "UTF-8")));
    assertThat(searchedByGet.get("experiments")).hasSize(1);

    JsonNode run =
        ok(http.post(
                prefix + "/runs/create",
                "{\"experiment_id\": \""
                    + experimentId
                    + "\", \"start_time\": 1700000000000, \"run_name\": \"r\"}"))
            .get("run");
    String runId = run.at("/info/run_id").asString();
    assertThat(run.at("/info/status").asString()).isEqualTo("RUNNING");
    ok(
        http.post(
            prefix + "/runs/log-metric",
            "{\"run_id\": \""
                + runId
                + "\", \"key\": \"m\", \"value\": 0.5, \"timestamp\": 1700000000001, \"step\":"
                + " 1}"));
    ok(
        http.post(
            prefix + "/runs/log-parameter",
            "{\"run_id\": \"" + runId + "\", \"key\": \"p\", \"value\": \"x\"}"));
    ok(
        http.post(
            prefix + "/runs/set-tag",
            "{\"run_id\": \"" + runId + "\", \"key\": \"t\", \"value\": \"v\"}"));
    ok(http.post(prefix + "/runs/delete-tag", "{\"run_id\": \"" + runId + "\", \"key\": \"t\"}"));
    ok(
        http.post(
            prefix + "/runs/log-batch",
            "{\"run_id\": \""
                + runId
                + "\", \"metrics\": [{\"key\": \"m\", \"value\": \"NaN\", \"timestamp\":"
                + " 1700000000002, \"step\": 2}], \"params\": [{\"key\": \"q\", \"value\": \"y\"}],"
                + " \"tags\": [{\"key\": \"s\", \"value\": \"w\"}]}"));
    ok(
        http.post(
            prefix + "/runs/log-inputs",
            "{\"run_id\": \""
                + runId
                + "\", \"datasets\": [{\"tags\": [{\"key\": \"mlflow.data.context\", \"value\":"
                + " \"training\"}], \"dataset\": {\"name\": \"ds\", \"digest\": \"abc\","
                + " \"source_type\": \"local\", \"source\": \"{}\"}}]}"));
    JsonNode history =
        ok(
            http.get(
                prefix + "/metrics/get-history?run_id=" + runId + "&metric_key=m&max_results=1"));
    assertThat(history.get("metrics")).hasSize(2);
    assertThat(history.at("/metrics/1/value").asString()).isEqualTo("NaN");
    assertThat(history.has("next_page_token")).isFalse();
    JsonNode info =
        ok(http.post(
                prefix + "/runs/update",
                "{\"run_id\": \""
                    + runId
                    + "\", \"status\": \"FINISHED\", \"end_time\": 1700000000009}"))
            .get("run_info");
    assertThat(info.get("status").asString()).isEqualTo("FINISHED");
    JsonNode got = ok(http.get(prefix + "/runs/get?run_id=" + runId)).get("run");
    assertThat(got.at("/data/params")).hasSize(2);
    assertThat(got.at("/inputs/dataset_inputs/0/dataset/name").asString()).isEqualTo("ds");
    JsonNode runs =
        ok(
            http.post(
                prefix + "/runs/search",
                "{\"experiment_ids\": [\""
                    + experimentId
                    + "\"], \"filter\": \"params.p = 'x'\"}"));
    assertThat(runs.get("runs")).hasSize(1);

    Path artifacts = artifactDir(got.at("/info/artifact_uri").asString());
    Files.createDirectories(artifacts.resolve("sub"));
    Files.writeString(artifacts.resolve("hello.txt"), "hello, world!");
    Files.writeString(artifacts.resolve("sub/data.json"), "{\"a\": 1}\n");
    JsonNode listed = ok(http.get(prefix + "/artifacts/list?run_id=" + runId));
    assertThat(listed.get("root_uri").asString())
        .isEqualTo(got.at("/info/artifact_uri").asString());
    assertThat(listed.get("files").toString())
        .isEqualTo(
            "[{\"path\":\"hello.txt\",\"is_dir\":false,\"file_size\":13},{\"path\":\"sub\",\"is_dir\":true}]");
    JsonNode sub = ok(http.get(prefix + "/artifacts/list?run_id=" + runId + "&path=sub"));
    assertThat(sub.get("files").toString())
        .isEqualTo("[{\"path\":\"sub/data.json\",\"is_dir\":false,\"file_size\":9}]");

    ok(http.post(prefix + "/runs/delete", "{\"run_id\": \"" + runId + "\"}"));
    assertThat(
            ok(http.get(prefix + "/runs/get?run_id=" + runId))
                .at("/run/info/lifecycle_stage")
                .asString())
        .isEqualTo("deleted");
    ok(http.post(prefix + "/runs/restore", "{\"run_id\": \"" + runId + "\"}"));
    ok(http.post(prefix + "/experiments/delete", "{\"experiment_id\": \"" + experimentId + "\"}"));
    ok(http.post(prefix + "/experiments/restore", "{\"experiment_id\": \"" + experimentId + "\"}"));
    assertThat(
            ok(http.get(prefix + "/experiments/get?experiment_id=" + experimentId))
                .at("/experiment/lifecycle_stage")
                .asString())
        .isEqualTo("active");
  }

  @Order(2)
  @Test
  @DisplayName("the route test called every endpoint of the table under both prefixes")
  void everyEndpointWasCalled() {
    Set<String> expected = new HashSet<>();
    for (Endpoint<?, ?> e : Endpoints.ALL) {
      expected.add(e.method() + " " + e.apiPath());
      expected.add(e.method() + " " + e.ajaxPath());
    }
    assertThat(http.called).containsAll(expected);
  }

  @Test
  @DisplayName("/health and /version answer text/html as MLflow 2.22")
  void healthAndVersion() {
    Http.Reply health = http.get("/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("OK");
    assertThat(health.contentType()).isEqualTo("text/html; charset=utf-8");
    Http.Reply version = http.get("/version");
    assertThat(version.status()).isEqualTo(200);
    assertThat(version.body()).isEqualTo(TrackingServer.MLFLOW_API_VERSION);
    assertThat(version.contentType()).isEqualTo("text/html; charset=utf-8");
    Http.Reply head =
        http.send(
            java.net.http.HttpRequest.newBuilder(http.base.resolve("/health"))
                .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    Http.Reply post = http.post("/health", "{}");
    assertThat(post.status()).isEqualTo(405);
    assertThat(post.errorCode()).isEqualTo("ENDPOINT_NOT_FOUND");
  }

  static JsonNode ok(Http.Reply reply) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.contentType()).isEqualTo("application/json");
    return reply.json();
  }

  static Path artifactDir(String artifactUri) {
    return dir.resolve("mlartifacts")
        .resolve(
            ArtifactService.proxiedPath(artifactUri)
                .orElseThrow(() -> new AssertionError(artifactUri)));
  }
}
