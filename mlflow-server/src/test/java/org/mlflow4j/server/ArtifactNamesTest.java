package org.mlflow4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Artifact names MLflow's server accepts that a URI can carry several ways ({@code %}, spaces,
 * {@code +}, non-ASCII, {@code ;}): each round-trips through PUT, GET, the listings and DELETE,
 * whether sent fully percent-encoded or as MLflow's Python client sends it, and lands on disk
 * under its decoded name.
 */
class ArtifactNamesTest {
  static final String API = "/api/2.0/mlflow-artifacts/artifacts/";

  /** Names, each with a directory part where the odd character is in a directory too. */
  static final List<String> NAMES =
      List.of(
          "50%.txt",
          "100%25 literal.txt",
          "with space.txt",
          "a+b.txt",
          "ünïcødé 日本.txt",
          "semi;colon.txt",
          "v1;build=2/model.bin",
          "odd dir+%;ü/all of it 100%+;ü.txt");

  @TempDir static Path dir;
  static TrackingServer server;
  static Http http;
  static String runId;
  static final HttpClient CLIENT = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    server =
        TrackingServer.builder()
            .backendStoreUri(dir.resolve("mlruns").toString())
            .artifactsDestination(dir.resolve("mlartifacts").toString())
            .environment(Map.of())
            .port(0)
            .build()
            .start();
    http = new Http(server.uri());
    runId =
        http.post("/api/2.0/mlflow/runs/create", "{\"experiment_id\": \"0\"}")
            .json()
            .at("/run/info/run_id")
            .asString();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (String name : NAMES) {
      cases.add(Arguments.of(name, "percent-encoded"));
      cases.add(Arguments.of(name, "as MLflow's client"));
    }
    return cases.stream();
  }

  /**
   * The path as a URI path: every byte but unreserved characters and '/' percent-encoded, or as
   * Python's requests re-quotes the URL MLflow's client joins (it keeps {@code +} and {@code ;}).
   */
  static String inPath(String path, String form) {
    String encoded = PathTraversalTest.encoded(path);
    return form.equals("percent-encoded")
        ? encoded
        : encoded.replace("%2B", "+").replace("%3B", ";");
  }

  /** The value as a query parameter. */
  static String inQuery(String value) {
    return PathTraversalTest.encoded(value);
  }

  static HttpResponse<String> send(String method, String target, String body)
      throws IOException, InterruptedException {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create(server.uri() + target))
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @ParameterizedTest(name = "{0} ({1})")
  @MethodSource("cases")
  @DisplayName("an odd name round-trips through the proxy and the run-level routes")
  void roundTrip(String name, String form) throws Exception {
    String runDir = "0/" + runId + "/artifacts/" + form.charAt(0);
    String target = API + inPath(runDir + "/" + name, form);
    String content = "content of " + name;

    HttpResponse<String> put = send("PUT", target, content);
    assertThat(put.statusCode()).as("%s -> %s", target, put.body()).isEqualTo(200);
    assertThat(dir.resolve("mlartifacts").resolve(runDir).resolve(name)).hasContent(content);

    HttpResponse<String> got = send("GET", target, "");
    assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
    assertThat(got.body()).isEqualTo(content);

    String parent = name.contains("/") ? name.substring(0, name.lastIndexOf('/')) : "";
    String base = name.substring(name.lastIndexOf('/') + 1);
    Http.Reply listed =
        http.get(API.substring(0, API.length() - 1) + "?path=" + inQuery(runDir + "/" + parent));
    assertThat(listed.json().findValuesAsString("path")).contains(base);

    String runPath = form.charAt(0) + "/" + name;
    Http.Reply runListed =
        http.get(
            "/api/2.0/mlflow/artifacts/list?run_id="
                + runId
                + "&path="
                + inQuery(runPath.substring(0, runPath.lastIndexOf('/'))));
    assertThat(runListed.json().findValuesAsString("path")).contains(runPath);
    assertThat(http.get("/get-artifact?run_id=" + runId + "&path=" + inQuery(runPath)).body())
        .isEqualTo(content);

    HttpResponse<String> deleted = send("DELETE", target, "");
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
    assertThat(dir.resolve("mlartifacts").resolve(runDir).resolve(name)).doesNotExist();
    assertThat(send("GET", target, "").statusCode()).isEqualTo(404);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {"a/..;/x", "..;/x", "a/%2e%2e;/x", "%2e%2e/x", "a%2fb", "a//b", "%252e%252e/x"})
  @DisplayName("what stays refused beside them: a 4xx with MLflow's JSON error body")
  void stillRefused(String raw) throws Exception {
    HttpResponse<String> put = send("PUT", API + "x/" + raw, "evil");
    assertThat(put.statusCode()).as("%s -> %s", raw, put.body()).isEqualTo(400);
    assertThat(put.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(Http.MAPPER.readTree(put.body()).get("error_code").asString())
        .isIn("BAD_REQUEST", "INVALID_PARAMETER_VALUE");
    assertThat(dir.resolve("mlartifacts/x")).doesNotExist();
  }
}
