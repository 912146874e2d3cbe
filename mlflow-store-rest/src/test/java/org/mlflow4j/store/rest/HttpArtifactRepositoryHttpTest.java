package org.mlflow4j.store.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.FileInfo;
import org.mlflow4j.store.rest.ScriptedServer.Answer;
import org.mlflow4j.store.rest.ScriptedServer.Received;

/** The artifact repository's requests and its reading of answers, against scripted servers. */
class HttpArtifactRepositoryHttpTest {
  private static final String ROUTE = HttpArtifactRepository.ARTIFACTS_ROUTE;
  private static final Answer OK = Answer.json(200, "{}");

  private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  private ScriptedServer server(Answer... answers) throws IOException {
    ScriptedServer s = new ScriptedServer(answers);
    toClose.add(s);
    return s;
  }

  private HttpArtifactRepository repository(
      URI server, UnaryOperator<RestStoreOptions.Builder> options) {
    URI root = URI.create(server + ROUTE + "/1/run/artifacts");
    HttpArtifactRepository r =
        new HttpArtifactRepository(
            root.toString(),
            options.apply(RestStoreOptions.builder(root)).build(),
            sleeps::add,
            () -> 0.5);
    toClose.add(r);
    return r;
  }

  private HttpArtifactRepository repository(ScriptedServer server) {
    return repository(server.uri(), b -> b);
  }

  private static Answer listing(String files) {
    return Answer.json(200, "{\"files\": [" + files + "]}");
  }

  private static void assertCode(Throwable t, ErrorCode code) {
    assertThat(t).isInstanceOf(MlflowException.class);
    assertThat(((MlflowException) t).errorCode()).isEqualTo(code);
  }

  // ---- listing

  @Test
  @DisplayName("a listing asks for <root>/<path> and re-joins the basenames with the path")
  void listingRejoinsBasenames() throws IOException {
    ScriptedServer server =
        server(
            listing(
                "{\"path\": \"z.txt\", \"is_dir\": false, \"file_size\": 5},"
                    + " {\"path\": \"empty\", \"is_dir\": false},"
                    + " {\"path\": \"sub\", \"is_dir\": true}"));

    List<FileInfo> files = repository(server).listArtifacts("model dir/");

    assertThat(files)
        .containsExactly(
            new FileInfo("model dir/empty", false, OptionalLong.of(0)),
            new FileInfo("model dir/sub", true, OptionalLong.empty()),
            new FileInfo("model dir/z.txt", false, OptionalLong.of(5)));
    Received r = server.received().get(0);
    assertThat(r.method()).isEqualTo("GET");
    assertThat(r.path()).isEqualTo(ROUTE);
    assertThat(r.query()).isEqualTo("path=1%2Frun%2Fartifacts%2Fmodel+dir");
  }

  @Test
  @DisplayName("a missing directory ({}) lists as nothing")
  void emptyAnswer() throws IOException {
    assertThat(repository(server(OK)).listArtifacts("")).isEmpty();
  }

  @ParameterizedTest(name = "listed name {0}")
  @ValueSource(strings = {"../x", "..", "a/b", "/etc", ".", "", "a\\\\b", "%2e%2e", "x#y"})
  @DisplayName("a hostile server listing anything but a plain basename is refused")
  void hostileListing(String name) throws IOException {
    ScriptedServer server =
        server(
            listing(
                "{\"path\": \"ok\", \"is_dir\": false, \"file_size\": 1},"
                    + " {\"path\": \""
                    + name
                    + "\", \"is_dir\": false, \"file_size\": 1}"));

    Throwable t = catchThrowable(() -> repository(server).listArtifacts("d"));

    assertCode(t, ErrorCode.INVALID_PARAMETER_VALUE);
  }

  @Test
  @DisplayName("a listing that is not JSON is INTERNAL_ERROR naming the body")
  void notJson() throws IOException {
    Throwable t =
        catchThrowable(
            () -> repository(server(Answer.text(200, "<html>hi</html>"))).listArtifacts(""));
    assertCode(t, ErrorCode.INTERNAL_ERROR);
    assertThat(t).hasMessageContaining("<html>hi</html>");
  }

  // ---- uploads

  @Test
  @DisplayName("an upload is a PUT of the bytes with their length, to the percent-encoded path")
  void uploadRequest() throws IOException {
    ScriptedServer server = server(OK);
    byte[] bytes = "hello".getBytes(StandardCharsets.UTF_8);

    repository(server)
        .writeArtifact("a dir/ü.json", new ByteArrayInputStream(bytes), OptionalLong.of(5));

    Received r = server.received().get(0);
    assertThat(r.method()).isEqualTo("PUT");
    assertThat(r.path()).isEqualTo(ROUTE + "/1/run/artifacts/a dir/ü.json");
    assertThat(r.header("Content-Length")).isEqualTo("5");
    assertThat(r.header("Content-Type")).startsWith("application/json");
    assertThat(r.body()).isEqualTo("hello");
  }

  @Test
  @DisplayName("an upload answered 503 after its body was sent is not retried: the stream is spent")
  void uploadNotRetriedAfterBytesWereSent() throws IOException {
    ScriptedServer server =
        server(Answer.json(503, "{\"error_code\": \"TEMPORARILY_UNAVAILABLE\"}"), OK);

    Throwable t =
        catchThrowable(
            () ->
                repository(server)
                    .writeArtifact(
                        "f", new ByteArrayInputStream(new byte[] {1, 2}), OptionalLong.of(2)));

    assertCode(t, ErrorCode.TEMPORARILY_UNAVAILABLE);
    assertThat(server.received()).hasSize(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  @DisplayName("an upload whose connection is refused is retried: no byte of it was read yet")
  void uploadRetriedBeforeAnyByteWasRead() throws IOException {
    URI closed = closedPort();
    CountingStream content = new CountingStream(new byte[] {1, 2, 3});

    Throwable t =
        catchThrowable(
            () ->
                repository(closed, b -> b.maxRetries(2))
                    .writeArtifact("f", content, OptionalLong.of(3)));

    assertCode(t, ErrorCode.INTERNAL_ERROR);
    assertThat(t).hasMessageContaining("failed after 3 attempts");
    assertThat(content.read.get()).isZero();
  }

  @Test
  @DisplayName("a transport failure after bytes were sent says the upload was not retried")
  void uploadBrokenMidway() throws IOException {
    // a server that reads a little and then drops the connection
    HttpServer dropping =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    dropping.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readNBytes(10);
          exchange.close();
        });
    dropping.start();
    toClose.add(() -> dropping.stop(0));
    URI uri = URI.create("http://127.0.0.1:" + dropping.getAddress().getPort());
    int size = 8 * 1024 * 1024;

    Throwable t =
        catchThrowable(
            () ->
                repository(uri, b -> b.maxRetries(3))
                    .writeArtifact(
                        "f", new ByteArrayInputStream(new byte[size]), OptionalLong.of(size)));

    assertCode(t, ErrorCode.INTERNAL_ERROR);
    assertThat(t)
        .hasMessageContaining("failed after 1 attempt")
        .hasMessageContaining("Not retried");
    assertThat(sleeps).isEmpty();
  }

  @Test
  @DisplayName("content shorter than its declared size fails instead of leaving the server waiting")
  void shortContent() throws IOException {
    ScriptedServer server = server(OK);
    Throwable t =
        catchThrowable(
            () ->
                repository(server, b -> b.timeout(Duration.ofSeconds(30)))
                    .writeArtifact(
                        "f", new ByteArrayInputStream(new byte[5]), OptionalLong.of(10)));
    assertCode(t, ErrorCode.INTERNAL_ERROR);
    assertThat(t).hasMessageContaining("ended after 5 of its declared 10 bytes");
  }

  private HttpArtifactRepository repository(
      ScriptedServer server, UnaryOperator<RestStoreOptions.Builder> options) {
    return repository(server.uri(), options);
  }

  // ---- downloads

  @Test
  @DisplayName(
      "a 500 to a download of a file its directory does not list is RESOURCE_DOES_NOT_EXIST at"
          + " once")
  void missingFileOnMlflowsServer() throws IOException {
    ScriptedServer server =
        server(
            Answer.json(500, "{\"error_code\": \"INTERNAL_ERROR\", \"message\": \"No such file\"}"),
            listing("{\"path\": \"other\", \"is_dir\": false, \"file_size\": 1}"));

    Throwable t = catchThrowable(() -> repository(server).openArtifact("d/missing"));

    assertCode(t, ErrorCode.RESOURCE_DOES_NOT_EXIST);
    assertThat(server.received()).extracting(Received::method).containsExactly("GET", "GET");
    assertThat(server.received().get(1).query()).isEqualTo("path=1%2Frun%2Fartifacts%2Fd");
    assertThat(sleeps).isEmpty();
  }

  @Test
  @DisplayName("a 500 to a download of a listed file is a server error and is retried")
  void serverErrorOnListedFile() throws IOException {
    ScriptedServer server =
        server(
            Answer.json(500, "{\"error_code\": \"INTERNAL_ERROR\", \"message\": \"disk\"}"),
            listing("{\"path\": \"f\", \"is_dir\": false, \"file_size\": 2}"),
            Answer.text(200, "hi"));

    try (InputStream in = repository(server).openArtifact("f")) {
      assertThat(in.readAllBytes()).isEqualTo("hi".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(server.received()).hasSize(3); // the download, the listing, the retry
  }

  @Test
  @DisplayName("a JSON 404 RESOURCE_DOES_NOT_EXIST to a download is that error, without a listing")
  void missingFileOnOurServer() throws IOException {
    ScriptedServer server =
        server(
            Answer.json(404, "{\"error_code\": \"RESOURCE_DOES_NOT_EXIST\", \"message\": \"x\"}"));
    Throwable t = catchThrowable(() -> repository(server).openArtifact("f"));
    assertCode(t, ErrorCode.RESOURCE_DOES_NOT_EXIST);
    assertThat(server.received()).hasSize(1);
  }

  @Test
  @DisplayName("closing a download stream, read or not, gives its connection back to the pool")
  void downloadReleasesConnection() throws IOException {
    ScriptedServer server = server(Answer.text(200, "x".repeat(200_000)));
    HttpArtifactRepository repository =
        repository(server, b -> b.poolSize(1).timeout(Duration.ofSeconds(5)));

    for (int i = 0; i < 4; i++) {
      try (InputStream in = repository.openArtifact("f")) {
        assertThat(in.read()).isEqualTo('x'); // left mostly unread
      }
    }
    try (InputStream in = repository.openArtifact("f")) {
      assertThat(in.readAllBytes()).hasSize(200_000);
    }
    // with one pooled connection, a leaked one would have made the second open time out
    assertThat(server.received()).hasSize(5);
  }

  // ---- deletes and credentials

  @Test
  @DisplayName("a delete is a DELETE of the path; a 404 RESOURCE_DOES_NOT_EXIST is done")
  void delete() throws IOException {
    ScriptedServer server =
        server(
            Answer.json(404, "{\"error_code\": \"RESOURCE_DOES_NOT_EXIST\", \"message\": \"x\"}"));
    repository(server).deleteArtifacts("d/e");
    Received r = server.received().get(0);
    assertThat(r.method()).isEqualTo("DELETE");
    assertThat(r.path()).isEqualTo(ROUTE + "/1/run/artifacts/d/e");
  }

  @Test
  @DisplayName("a plain 404 to a delete is an error: there is no artifact proxy at that URL")
  void deleteWithoutProxy() throws IOException {
    Throwable t =
        catchThrowable(
            () ->
                repository(server(Answer.text(404, "<html>Not Found</html>"))).deleteArtifacts(""));
    assertCode(t, ErrorCode.ENDPOINT_NOT_FOUND);
  }

  @Test
  @DisplayName("every request carries the credentials; messages never show them")
  void credentials() throws IOException {
    ScriptedServer server = server(Answer.json(403, "{\"error_code\": \"PERMISSION_DENIED\"}"));
    HttpArtifactRepository repository =
        repository(server.uri(), b -> b.basicAuth("alice", "s3cret"));

    Throwable t = catchThrowable(() -> repository.listArtifacts(""));

    assertCode(t, ErrorCode.PERMISSION_DENIED);
    assertThat(server.received().get(0).header("Authorization")).startsWith("Basic ");
    assertThat(t.getMessage()).doesNotContain("s3cret");
    assertThat(repository.toString()).doesNotContain("s3cret");
  }

  // ---- helpers

  private static URI closedPort() throws IOException {
    int port;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    return URI.create("http://127.0.0.1:" + port);
  }

  private static final class CountingStream extends ByteArrayInputStream {
    final AtomicInteger read = new AtomicInteger();

    CountingStream(byte[] bytes) {
      super(bytes);
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
      int n = super.read(b, off, len);
      if (n > 0) {
        read.addAndGet(n);
      }
      return n;
    }
  }
}
