package org.mlflow4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** The mlflow-artifacts proxy routes of a server serving a local destination. */
class ArtifactProxyTest {
  static final String API = "/api/2.0/mlflow-artifacts";
  static final String AJAX = "/ajax-api/2.0/mlflow-artifacts";

  @TempDir static Path dir;
  static Path destination;
  static TrackingServer server;
  static Http http;

  @BeforeAll
  static void start() {
    destination = dir.resolve("mlartifacts");
    server =
        TrackingServer.builder()
            .backendStoreUri(dir.resolve("mlruns").toString())
            .artifactsDestination(destination.toString())
            .environment(Map.of())
            .port(0)
            .build()
            .start();
    http = new Http(server.uri());
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  static Http.Reply put(String path, byte[] body) {
    return http.send(
        HttpRequest.newBuilder(http.base.resolve(path))
            .header("Content-Type", "application/octet-stream")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
            .build());
  }

  static Http.Reply delete(String path) {
    return http.send(HttpRequest.newBuilder(http.base.resolve(path)).DELETE().build());
  }

  static HttpResponse<byte[]> download(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(http.base.resolve(path)).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {API, AJAX})
  @DisplayName("PUT, GET, list and DELETE round-trip a file under either prefix")
  void roundTrip(String prefix) throws Exception {
    String base = prefix.startsWith("/ajax") ? "ajax" : "api";
    byte[] content = "hello, world!".getBytes(StandardCharsets.UTF_8);
    Http.Reply put = put(prefix + "/artifacts/" + base + "/1/run/artifacts/hello.txt", content);
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    assertThat(put.contentType()).isEqualTo("application/json");
    assertThat(put.body()).isEqualTo("{}");
    assertThat(destination.resolve(base + "/1/run/artifacts/hello.txt")).hasBinaryContent(content);

    HttpResponse<byte[]> got = download(prefix + "/artifacts/" + base + "/1/run/artifacts/hello.txt");
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body()).isEqualTo(content);
    assertThat(got.headers().firstValue("Content-Type")).contains("text/plain");
    assertThat(got.headers().firstValue("Content-Disposition"))
        .contains("attachment; filename=hello.txt");
    assertThat(got.headers().firstValue("X-Content-Type-Options")).contains("nosniff");

    Http.Reply listed = http.get(prefix + "/artifacts?path=" + base + "/1/run/artifacts");
    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.json())
        .isEqualTo(
            Http.MAPPER.readTree(
                "{\"files\": [{\"path\": \"hello.txt\", \"is_dir\": false, \"file_size\": 13}]}"));

    Http.Reply deleted = delete(prefix + "/artifacts/" + base + "/1/run/artifacts/hello.txt");
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.body()).isEqualTo("{}");
    assertThat(destination.resolve(base + "/1/run/artifacts/hello.txt")).doesNotExist();
    assertThat(http.get(prefix + "/artifacts?path=" + base + "/1/run/artifacts").body())
        .isEqualTo("{}");
  }

  @Test
  @DisplayName("listing gives basenames, sizes as numbers, none for directories and empty files")
  void listingShape() throws Exception {
    put(API + "/artifacts/shape/a.bin", new byte[] {1, 2, 3});
    put(API + "/artifacts/shape/empty.txt", new byte[0]);
    put(API + "/artifacts/shape/sub/deeper/x.json", "{}".getBytes(StandardCharsets.UTF_8));
    JsonNode files = http.get(API + "/artifacts?path=shape").json().get("files");
    assertThat(files.toString())
        .isEqualTo(
            "[{\"path\":\"a.bin\",\"is_dir\":false,\"file_size\":3},"
                + "{\"path\":\"empty.txt\",\"is_dir\":false},"
                + "{\"path\":\"sub\",\"is_dir\":true}]");
    assertThat(http.get(API + "/artifacts?path=shape/sub").json().at("/files/0/path").asString())
        .isEqualTo("deeper");
    assertThat(http.get(API + "/artifacts?path=missing").body()).isEqualTo("{}");
    assertThat(http.get(API + "/artifacts?path=shape/a.bin").body())
        .as("a file lists as nothing")
        .isEqualTo("{}");
    assertThat(http.get(API + "/artifacts").json().findValuesAsString("path")).contains("shape");

    HttpResponse<byte[]> empty = download(API + "/artifacts/shape/empty.txt");
    assertThat(empty.statusCode()).isEqualTo(200);
    assertThat(empty.body()).isEmpty();
    assertThat(download(API + "/artifacts/shape/a.bin").headers().firstValue("Content-Type"))
        .contains("application/octet-stream");

    Http.Reply deleted = delete(API + "/artifacts/shape/sub");
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(destination.resolve("shape/sub")).doesNotExist();
    assertThat(destination.resolve("shape/a.bin")).exists();
  }

  @Test
  @DisplayName("a PUT overwrites, names are percent-decoded once, a missing file is a 404")
  void overwriteDecodingAndMissing() throws Exception {
    put(API + "/artifacts/names/a%20b%3Bc.txt", new byte[] {1});
    put(API + "/artifacts/names/a%20b%3Bc.txt", new byte[] {2, 2});
    assertThat(destination.resolve("names/a b;c.txt")).hasBinaryContent(new byte[] {2, 2});
    assertThat(download(API + "/artifacts/names/a%20b%3Bc.txt").body())
        .isEqualTo(new byte[] {2, 2});
    HttpResponse<byte[]> missing = download(API + "/artifacts/names/nope.txt");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(new String(missing.body(), StandardCharsets.UTF_8))
        .contains("RESOURCE_DOES_NOT_EXIST");
    assertThat(download(API + "/artifacts/names").statusCode())
        .as("a directory is not a file")
        .isEqualTo(404);
  }

  @Test
  @DisplayName("uploads are not held to the JSON request limit")
  void uploadsIgnoreTheRequestLimit() throws Exception {
    try (TrackingServer small =
        TrackingServer.builder()
            .backendStoreUri(dir.resolve("small").toString())
            .artifactsDestination(dir.resolve("small-art").toString())
            .maxRequestSize(1024)
            .port(0)
            .build()
            .start()) {
      byte[] big = new byte[64 * 1024];
      big[100] = 7;
      Http.Reply put =
          new Http(small.uri())
              .send(
                  HttpRequest.newBuilder(small.uri().resolve(API + "/artifacts/big.bin"))
                      .PUT(HttpRequest.BodyPublishers.ofByteArray(big))
                      .build());
      assertThat(put.status()).as(put.body()).isEqualTo(200);
      assertThat(dir.resolve("small-art/big.bin")).hasBinaryContent(big);
    }
  }

  @Test
  @DisplayName("multipart uploads are 501 NOT_IMPLEMENTED with MLflow's message")
  void multipartNotImplemented() {
    for (String op : new String[] {"create", "complete", "abort"}) {
      Http.Reply reply = http.post(API + "/mpu/" + op + "/a/b.bin", "{\"path\": \"b.bin\"}");
      assertThat(reply.status()).isEqualTo(501);
      assertThat(reply.errorCode()).isEqualTo("NOT_IMPLEMENTED");
      assertThat(reply.json().get("message").asString())
          .startsWith("Multipart upload is not supported for the current artifact repository");
    }
  }

  @Test
  @DisplayName("wrong methods are 405, unknown routes 404, the root cannot be deleted")
  void methodsAndRoutes() {
    assertThat(http.post(API + "/artifacts/x", "{}").status()).isEqualTo(405);
    assertThat(delete(API + "/artifacts").status()).isEqualTo(405);
    assertThat(http.get(API + "/nothing").status()).isEqualTo(404);
    Http.Reply root = delete(API + "/artifacts/.");
    assertThat(root.status()).isEqualTo(400);
    assertThat(root.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
  }

  @Test
  @DisplayName("with --no-serve-artifacts every proxy route answers 503 text/plain")
  void disabled() throws Exception {
    try (TrackingServer off =
        TrackingServer.builder()
            .backendStoreUri(dir.resolve("off").toString())
            .artifactsDestination(dir.resolve("off-art").toString())
            .serveArtifacts(false)
            .port(0)
            .build()
            .start()) {
      Http h = new Http(off.uri());
      for (Http.Reply reply :
          new Http.Reply[] {
            h.get(API + "/artifacts?path=a"),
            h.get(AJAX + "/artifacts/a/b.txt"),
            h.send(
                HttpRequest.newBuilder(off.uri().resolve(API + "/artifacts/a/b.txt"))
                    .PUT(HttpRequest.BodyPublishers.ofString("x"))
                    .build()),
            h.send(
                HttpRequest.newBuilder(off.uri().resolve(API + "/artifacts/a/b.txt"))
                    .DELETE()
                    .build()),
            h.post(API + "/mpu/create/a/b.txt", "{}")
          }) {
        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.contentType()).startsWith("text/plain");
        assertThat(reply.body())
            .startsWith("Endpoint: ")
            .contains("disabled due to the mlflow server running with `--no-serve-artifacts`");
      }
      assertThat(dir.resolve("off-art")).doesNotExist();
      assertThat(h.get("/health").status()).isEqualTo(200);
    }
  }
}
