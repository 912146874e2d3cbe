package org.mlflow4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every traversal vector on every route that takes an artifact path, sent as raw bytes over a
 * socket (no client library normalises the path), once as the bytes themselves and once
 * percent-encoded as a client would: each must be a 4xx, must not serve a sentinel file kept
 * outside the roots, and must not change anything on disk.
 */
class PathTraversalTest {
  static final String SENTINEL = "SENTINEL-do-not-serve";

  @TempDir static Path dir;
  static Path destination;
  static TrackingServer server;
  static String proxiedRun;
  static String localRun;

  /** A route taking an artifact path: method, request target, body. */
  record Route(String name, String method, Function<String, String> target, boolean query) {
    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeAll
  static void start() throws IOException {
    destination = dir.resolve("srv/dest");
    server =
        TrackingServer.builder()
            .backendStoreUri(dir.resolve("store").toString())
            .artifactsDestination(destination.toString())
            .environment(Map.of())
            .port(0)
            .build()
            .start();
    Http http = new Http(server.uri());
    proxiedRun = createRun(http, "0");
    String localExperiment =
        http.post(
                "/api/2.0/mlflow/experiments/create",
                "{\"name\": \"local\", \"artifact_location\": \""
                    + dir.resolve("srv/local")
                    + "\"}")
            .json()
            .get("experiment_id")
            .asString();
    localRun = createRun(http, localExperiment);
    // Sentinels where the vectors point: beside and above both run roots and the destination.
    for (Path p :
        List.of(
            dir.resolve("x"),
            dir.resolve("etc/passwd"),
            dir.resolve("srv/x"),
            destination.resolve("x"),
            destination.resolve("0/" + proxiedRun + "/x"),
            dir.resolve("srv/local/" + localRun + "/x"))) {
      Files.createDirectories(p.getParent());
      Files.writeString(p, SENTINEL);
    }
    Files.createDirectories(destination.resolve("0/" + proxiedRun + "/artifacts"));
    Files.writeString(destination.resolve("0/" + proxiedRun + "/artifacts/ok.txt"), "fine");
  }

  private static String createRun(Http http, String experimentId) {
    return http.post(
            "/api/2.0/mlflow/runs/create", "{\"experiment_id\": \"" + experimentId + "\"}")
        .json()
        .at("/run/info/run_id")
        .asString();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  static List<Route> routes() {
    String api = "/api/2.0/mlflow-artifacts/artifacts";
    return List.of(
        new Route("PUT proxy", "PUT", p -> api + "/" + p, false),
        new Route("GET proxy", "GET", p -> api + "/" + p, false),
        new Route("DELETE proxy", "DELETE", p -> api + "/" + p, false),
        new Route("PUT ajax proxy", "PUT", p -> "/ajax-api/2.0/mlflow-artifacts/artifacts/" + p, false),
        new Route("GET proxy list", "GET", p -> api + "?path=" + p, true),
        new Route(
            "GET artifacts/list proxied run",
            "GET",
            p -> "/api/2.0/mlflow/artifacts/list?run_id=" + proxiedRun + "&path=" + p,
            true),
        new Route(
            "GET artifacts/list local run",
            "GET",
            p -> "/api/2.0/mlflow/artifacts/list?run_id=" + localRun + "&path=" + p,
            true),
        new Route(
            "GET get-artifact proxied run",
            "GET",
            p -> "/get-artifact?run_id=" + proxiedRun + "&path=" + p,
            true),
        new Route(
            "GET get-artifact local run",
            "GET",
            p -> "/get-artifact?run_id=" + localRun + "&path=" + p,
            true),
        new Route(
            "POST upload-artifact proxied run",
            "POST",
            p -> "/ajax-api/2.0/mlflow/upload-artifact?run_uuid=" + proxiedRun + "&path=" + p,
            true),
        new Route(
            "POST upload-artifact local run",
            "POST",
            p -> "/ajax-api/2.0/mlflow/upload-artifact?run_uuid=" + localRun + "&path=" + p,
            true));
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (Route route : routes()) {
      for (TraversalVectors.Vector vector : TraversalVectors.all()) {
        cases.add(Arguments.of(route, vector));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  @DisplayName("a traversal vector is refused with a 4xx and touches nothing")
  void refused(Route route, TraversalVectors.Vector vector) throws IOException {
    for (String form : List.of(asSent(vector.path(), route.query()), encoded(vector.path()))) {
      Map<String, String> before = snapshot();
      RawReply reply =
          send(route.method(), route.target().apply(form), "EVIL".getBytes(StandardCharsets.UTF_8));
      assertThat(reply.status())
          .as("%s %s -> %s", route.method(), form, reply.text())
          .isBetween(400, 499);
      assertThat(reply.text())
          .as("%s %s: MLflow's JSON error body", route.method(), form)
          .containsIgnoringCase("Content-Type: application/json")
          .contains("\"error_code\"")
          .doesNotContain(SENTINEL);
      assertThat(snapshot()).as("%s %s changed the disk", route.method(), form).isEqualTo(before);
    }
  }

  @Test
  @DisplayName("the routes do work for a safe path (so the refusals above mean something)")
  void safePathsWork() throws IOException {
    assertThat(
            send(
                    "GET",
                    "/api/2.0/mlflow-artifacts/artifacts/0/" + proxiedRun + "/artifacts/ok.txt",
                    new byte[0])
                .text())
        .startsWith("HTTP/1.1 200")
        .endsWith("fine");
    assertThat(send("GET", "/get-artifact?run_id=" + proxiedRun + "&path=ok.txt", new byte[0]).text())
        .startsWith("HTTP/1.1 200")
        .endsWith("fine");
    assertThat(
            send("GET", "/api/2.0/mlflow/artifacts/list?run_id=" + proxiedRun, new byte[0]).text())
        .startsWith("HTTP/1.1 200")
        .contains("\"ok.txt\"");
  }

  /** The path's own bytes; only what would end the request line or the parameter is escaped. */
  static String asSent(String path, boolean query) {
    StringBuilder out = new StringBuilder();
    for (char c : path.toCharArray()) {
      boolean escape =
          c <= 0x20 || c == 0x7f || c == '#' || c == '?' || (query && (c == '&' || c == '+'));
      out.append(escape ? String.format("%%%02X", (int) c) : String.valueOf(c));
    }
    return out.toString();
  }

  /** Percent-encoded as a client encodes a path: everything but unreserved characters and '/'. */
  static String encoded(String path) {
    StringBuilder out = new StringBuilder();
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean plain =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '.'
              || c == '_'
              || c == '~'
              || c == '/';
      out.append(plain ? String.valueOf((char) c) : String.format("%%%02X", c));
    }
    return out.toString();
  }

  record RawReply(int status, String text) {}

  static RawReply send(String method, String target, byte[] body) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout(20_000);
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      String head =
          method
              + " "
              + target
              + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
              + "Content-Type: application/octet-stream\r\nContent-Length: "
              + body.length
              + "\r\n\r\n";
      request.write(head.getBytes(StandardCharsets.ISO_8859_1));
      request.write(body);
      OutputStream out = socket.getOutputStream();
      out.write(request.toByteArray());
      out.flush();
      InputStream in = socket.getInputStream();
      String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      int status = Integer.parseInt(text.substring(9, 12));
      return new RawReply(status, text);
    }
  }

  /** Every file and directory under the test directory but the store, with file contents. */
  static Map<String, String> snapshot() throws IOException {
    Map<String, String> tree = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (p.startsWith(dir.resolve("store"))) {
          continue;
        }
        tree.put(
            dir.relativize(p).toString(),
            Files.isDirectory(p) ? "<dir>" : Files.readString(p, StandardCharsets.ISO_8859_1));
      }
    }
    return tree;
  }
}
