package org.mlflow4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.mlflow4j.entity.Page;
import org.mlflow4j.entity.Run;
import org.mlflow4j.store.RunCreate;
import org.mlflow4j.store.RunSearch;
import org.mlflow4j.store.tck.ForwardingTrackingStore;
import org.mlflow4j.store.tck.InMemoryTrackingStore;

/** Content types, GET decoding, error bodies and statuses, the size limit. */
class RequestRulesTest {
  static final String API = "/api/2.0/mlflow";
  static final AtomicBoolean storeClosed = new AtomicBoolean();
  static final AtomicBoolean searchCalled = new AtomicBoolean();
  static TrackingServer server;
  static Http http;
  static String experimentId;
  static String runId;

  @BeforeAll
  static void start() {
    ForwardingTrackingStore store =
        new ForwardingTrackingStore(new InMemoryTrackingStore()) {
          @Override
          public Page<Run> searchRuns(RunSearch search) {
            searchCalled.set(true);
            if (search.filter().equals("boom")) {
              throw new IllegalStateException("kaboom");
            }
            return super.searchRuns(search);
          }

          @Override
          public void close() {
            storeClosed.set(true);
          }
        };
    server = TrackingServer.builder().store(store).port(0).maxRequestSize(4096).build().start();
    http = new Http(server.uri());
    experimentId = store.createExperiment("rules", java.util.Optional.empty(), List.of());
    runId =
        store
            .createRun(new RunCreate(experimentId, "u", java.util.Optional.of("r"), 1L, List.of()))
            .info()
            .runId();
  }

  @AfterAll
  static void stop() {
    server.stop();
    assertThat(storeClosed).as("a given store is not closed by the server").isFalse();
  }

  private static Http.Reply post(String path, String contentType, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(http.base.resolve(API + path))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return http.send(b.build());
  }

  private static void assertError(Http.Reply reply, int status, String code, String message) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.contentType()).isEqualTo("application/json");
    assertThat(reply.json().propertyNames()).containsExactlyInAnyOrder("error_code", "message");
    assertThat(reply.errorCode()).isEqualTo(code);
    assertThat(reply.json().get("message").asString()).contains(message);
  }

  @Test
  @DisplayName("a POST without Content-Type is 400 with MLflow's message")
  void missingContentType() {
    assertError(
        post("/experiments/create", null, "{\"name\": \"x\"}"),
        400,
        "INVALID_PARAMETER_VALUE",
        "Bad Request. Content-Type header is missing.");
  }

  @Test
  @DisplayName("a POST with another content type is 400; parameters of application/json are fine")
  void contentTypes() {
    assertError(
        post("/experiments/create", "text/plain", "{\"name\": \"x\"}"),
        400,
        "INVALID_PARAMETER_VALUE",
        "Content-Type must be one of ['application/json']");
    Http.Reply ok =
        post("/experiments/create", "Application/JSON; charset=utf-8", "{\"name\": \"ct\"}");
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    assertThat(ok.json().get("experiment_id").asString()).isNotEmpty();
  }

  @Test
  @DisplayName("GET reads the query string (run_uuid too), else a JSON body")
  void getDecoding() {
    assertThat(
            http.get(API + "/runs/get?run_uuid=" + runId).json().at("/run/info/run_id").asString())
        .isEqualTo(runId);
    Http.Reply fromBody =
        http.send(
            HttpRequest.newBuilder(http.base.resolve(API + "/runs/get"))
                .method(
                    "GET", HttpRequest.BodyPublishers.ofString("{\"run_id\": \"" + runId + "\"}"))
                .build());
    assertThat(fromBody.status()).as(fromBody.body()).isEqualTo(200);
    assertThat(fromBody.json().at("/run/info/run_id").asString()).isEqualTo(runId);
    Http.Reply search =
        http.get(
            API
                + "/experiments/search?max_results=5&view_type=1&order_by=name&order_by=experiment_id");
    assertThat(search.status()).as(search.body()).isEqualTo(200);
    assertThat(search.json().get("experiments")).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  @DisplayName("store errors keep their code and status")
  void storeErrors() {
    assertError(
        http.get(API + "/runs/get?run_id=" + "0".repeat(32)), 404, "RESOURCE_DOES_NOT_EXIST", "");
    assertError(
        http.get(API + "/experiments/get-by-name?experiment_name=nope"),
        404,
        "RESOURCE_DOES_NOT_EXIST",
        "Could not find experiment with name 'nope'");
    assertError(
        post("/experiments/create", "application/json", "{\"name\": \"rules\"}"),
        400,
        "RESOURCE_ALREADY_EXISTS",
        "rules");
    assertError(
        post(
            "/runs/log-metric",
            "application/json",
            "{\"run_id\": \"" + runId + "\", \"key\": \"m\", \"value\": 1}"),
        400,
        "INVALID_PARAMETER_VALUE",
        "Missing value for required parameter 'timestamp'");
    assertError(
        post(
            "/runs/log-parameter",
            "application/json",
            "{\"run_id\": \"" + runId + "\", \"key\": \"k\", \"value\": 5}"),
        400,
        "INVALID_PARAMETER_VALUE",
        "Invalid value 5 for parameter 'value'");
  }

  @Test
  @DisplayName("a body that is not JSON is 400 INVALID_PARAMETER_VALUE (MLflow: 500 HTML)")
  void malformedJson() {
    assertError(
        post("/experiments/create", "application/json", "{nope"),
        400,
        "INVALID_PARAMETER_VALUE",
        "Malformed JSON");
  }

  @Test
  @DisplayName("an unexpected exception is 500 INTERNAL_ERROR JSON")
  void unexpectedException() {
    assertError(
        post(
            "/runs/search",
            "application/json",
            "{\"experiment_ids\": [\"" + experimentId + "\"], \"filter\": \"boom\"}"),
        500,
        "INTERNAL_ERROR",
        "kaboom");
  }

  @Test
  @DisplayName("runs/search without experiment ids answers {} without asking the store")
  void searchWithoutExperiments() {
    searchCalled.set(false);
    Http.Reply reply = post("/runs/search", "application/json", "{}");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo("{}");
    assertThat(searchCalled).isFalse();
  }

  @Test
  @DisplayName("unknown paths are 404 ENDPOINT_NOT_FOUND, wrong methods 405 with Allow")
  void unknownPathsAndMethods() {
    assertError(http.get(API + "/runs/nothing"), 404, "ENDPOINT_NOT_FOUND", "/runs/nothing");
    assertError(http.get("/"), 404, "ENDPOINT_NOT_FOUND", "");
    assertError(
        post("/registered-models/create", "application/json", "{\"name\": \"m\"}"),
        404,
        "ENDPOINT_NOT_FOUND",
        "registered-models");
    Http.Reply wrong = http.get(API + "/runs/search");
    assertError(wrong, 405, "ENDPOINT_NOT_FOUND", "GET");
    assertError(
        http.post("/ajax-api/2.0/mlflow/runs/get", "{}"), 405, "ENDPOINT_NOT_FOUND", "POST");
    assertError(post("/runs/get", "application/json", "{}"), 405, "ENDPOINT_NOT_FOUND", "POST");
  }

  @Test
  @DisplayName("a body over the limit is 413 with a JSON error, declared or chunked")
  void sizeLimit() {
    String big = "{\"name\": \"" + "x".repeat(5000) + "\"}";
    assertError(
        post("/experiments/create", "application/json", big),
        413,
        "INVALID_PARAMETER_VALUE",
        "4096");
    Http.Reply chunked =
        http.send(
            HttpRequest.newBuilder(http.base.resolve(API + "/experiments/create"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () ->
                            new java.io.ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
                .build());
    assertError(chunked, 413, "INVALID_PARAMETER_VALUE", "4096");
    Http.Reply fits =
        post(
            "/experiments/set-experiment-tag",
            "application/json",
            "{\"experiment_id\": \""
                + experimentId
                + "\", \"key\": \"big\", \"value\": \""
                + "y".repeat(3900)
                + "\"}");
    assertThat(fits.status()).as(fits.body()).isEqualTo(200);
  }

  @Test
  @DisplayName("artifacts/list refuses unsafe paths, and roots no provider serves, with 400")
  void artifactListing() {
    assertError(
        http.get(API + "/artifacts/list?run_id=" + runId + "&path=../x"),
        400,
        "INVALID_PARAMETER_VALUE",
        "");
    // The in-memory store's artifact root is memory://..., a scheme no provider serves here.
    assertError(
        http.get(API + "/artifacts/list?run_id=" + runId),
        400,
        "INVALID_PARAMETER_VALUE",
        "No ArtifactRepositoryProvider serves the scheme 'memory'");
  }

  @Test
  @DisplayName("errors Jetty raises itself (a malformed request) are JSON too")
  void jettyErrorsAreJson() throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              "GET /api/2.0/mlflow/runs/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(response).startsWith("HTTP/1.1 400");
      assertThat(response).contains("Content-Type: application/json");
      assertThat(response).contains("\"error_code\":\"BAD_REQUEST\"");
    }
  }
}
