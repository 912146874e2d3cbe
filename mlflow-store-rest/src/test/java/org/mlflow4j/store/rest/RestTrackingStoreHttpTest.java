package org.mlflow4j.store.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.store.rest.ScriptedServer.Answer;
import org.mlflow4j.store.rest.ScriptedServer.Received;

/** The call path against scripted answers from a real HTTP server on a loopback port. */
class RestTrackingStoreHttpTest {
  private static final String RUN_ID = "0123456789abcdef0123456789abcdef";
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

  private RestTrackingStore store(URI uri, UnaryOperator<RestStoreOptions.Builder> options) {
    RestTrackingStore store =
        new RestTrackingStore(
            options.apply(RestStoreOptions.builder(uri)).build(), sleeps::add, () -> 0.5);
    toClose.add(store);
    return store;
  }

  private RestTrackingStore store(ScriptedServer server) {
    return store(server.uri(), b -> b);
  }

  private static Answer error(int status, String code, String message) {
    return Answer.json(
        status, "{\"error_code\": \"" + code + "\", \"message\": \"" + message + "\"}");
  }

  @Test
  void retriesThrough503ThreeTimesThenSucceeds() throws IOException {
    Answer busy = error(503, "TEMPORARILY_UNAVAILABLE", "busy");
    ScriptedServer server = server(busy, busy, busy, OK);

    store(server).deleteRun(RUN_ID);

    assertThat(server.received()).hasSize(4);
    // urllib3's schedule: 0 for the first retry (no sleep), then factor * 2^(n-1) + jitter
    assertThat(sleeps).containsExactly(Duration.ofMillis(4500), Duration.ofMillis(8500));
  }

  @ParameterizedTest
  @CsvSource({
    "400, INVALID_PARAMETER_VALUE",
    "401, UNAUTHENTICATED",
    "403, PERMISSION_DENIED",
    "404, RESOURCE_DOES_NOT_EXIST",
    "409, RESOURCE_CONFLICT"
  })
  void clientErrorsAreNeverRetriedAndKeepTheServersCodeAndMessage(int status, ErrorCode code)
      throws IOException {
    ScriptedServer server = server(error(status, code.name(), "Run 'x' has a problem"), OK);

    MlflowHttpException e =
        catchThrowableOfType(MlflowHttpException.class, () -> store(server).deleteRun(RUN_ID));

    assertThat(server.received()).hasSize(1);
    assertThat(sleeps).isEmpty();
    assertThat(e.errorCode()).isEqualTo(code);
    assertThat(e.getMessage()).isEqualTo("Run 'x' has a problem");
    assertThat(e.httpStatus()).isEqualTo(status);
  }

  @Test
  void exhaustedRetriesThrowTheLastErrorBody() throws IOException {
    ScriptedServer server = server(error(503, "TEMPORARILY_UNAVAILABLE", "still busy"));

    MlflowHttpException e =
        catchThrowableOfType(
            MlflowHttpException.class,
            () -> store(server.uri(), b -> b.maxRetries(2)).deleteRun(RUN_ID));

    assertThat(server.received()).hasSize(3);
    assertThat(e.errorCode()).isEqualTo(ErrorCode.TEMPORARILY_UNAVAILABLE);
    assertThat(e.getMessage()).isEqualTo("still busy");
    assertThat(e.httpStatus()).isEqualTo(503);
  }

  @ParameterizedTest
  @CsvSource({"408", "429", "500", "502", "504"})
  void everyTransientStatusIsRetried(int status) throws IOException {
    ScriptedServer server = server(Answer.text(status, "later"), OK);

    store(server).deleteRun(RUN_ID);

    assertThat(server.received()).hasSize(2);
  }

  @Test
  void retryAfterInSecondsSetsTheWait() throws IOException {
    ScriptedServer server =
        server(
            error(429, "REQUEST_LIMIT_EXCEEDED", "slow down").withHeader("Retry-After", "7"), OK);

    store(server).deleteRun(RUN_ID);

    assertThat(sleeps).containsExactly(Duration.ofSeconds(7));
    assertThat(server.received()).hasSize(2);
  }

  @Test
  void retryAfterAsAnHttpDateSetsTheWait() throws IOException {
    String at =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(30));
    ScriptedServer server = server(Answer.text(503, "down").withHeader("Retry-After", at), OK);

    store(server).deleteRun(RUN_ID);

    assertThat(sleeps).hasSize(1);
    assertThat(sleeps.get(0)).isBetween(Duration.ofSeconds(27), Duration.ofSeconds(30));
  }

  @Test
  void retryAfterIsIgnoredWhenDisabled() throws IOException {
    Answer busy = Answer.text(503, "down").withHeader("Retry-After", "50");
    ScriptedServer server = server(busy, busy, OK);

    store(server.uri(), b -> b.respectRetryAfter(false)).deleteRun(RUN_ID);

    assertThat(sleeps).containsExactly(Duration.ofMillis(4500));
    assertThat(server.received()).hasSize(3);
  }

  @Test
  void aServerSlowerThanTheTimeoutGivesTheTimeoutError() throws IOException {
    ScriptedServer server = server(OK.delayed(3_000));
    RestTrackingStore store =
        store(server.uri(), b -> b.timeout(Duration.ofMillis(300)).maxRetries(1));

    long started = System.nanoTime();
    MlflowException e = catchThrowableOfType(MlflowException.class, () -> store.deleteRun(RUN_ID));

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2_500));
    assertThat(e.getMessage())
        .contains("MLFLOW_HTTP_REQUEST_TIMEOUT")
        .contains("/api/2.0/mlflow/runs/delete")
        .contains("2 attempts");
    assertThat(server.received()).hasSize(2);
  }

  @Test
  void connectionRefusedIsRetriedThenFailsClearly() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    RestTrackingStore store = store(URI.create("http://127.0.0.1:" + port), b -> b.maxRetries(2));

    MlflowException e = catchThrowableOfType(MlflowException.class, () -> store.deleteRun(RUN_ID));

    assertThat(e.getMessage())
        .contains("failed after 3 attempts")
        .contains("http://127.0.0.1:" + port)
        .contains("Is the tracking server running");
    assertThat(sleeps).containsExactly(Duration.ofMillis(4500));
  }

  @Test
  void aNonJsonErrorBodyIsMappedByStatus() throws IOException {
    ScriptedServer server = server(Answer.text(500, "<html><h1>Internal Server Error</h1></html>"));

    MlflowHttpException e =
        catchThrowableOfType(
            MlflowHttpException.class,
            () -> store(server.uri(), b -> b.maxRetries(0)).deleteRun(RUN_ID));

    assertThat(e.errorCode()).isEqualTo(ErrorCode.INTERNAL_ERROR);
    assertThat(e.httpStatus()).isEqualTo(500);
    assertThat(e.getMessage())
        .contains("/api/2.0/mlflow/runs/delete")
        .contains("500")
        .contains("<h1>Internal Server Error</h1>");
  }

  @Test
  void aNumericErrorCodeIsMappedByItsStatus() throws IOException {
    ScriptedServer server =
        server(Answer.json(401, "{\"error_code\": \"401\", \"message\": \"no\"}"));

    MlflowHttpException e =
        catchThrowableOfType(MlflowHttpException.class, () -> store(server).deleteRun(RUN_ID));

    assertThat(e.errorCode()).isEqualTo(ErrorCode.UNAUTHENTICATED);
    assertThat(e.getMessage()).isEqualTo("no");
  }

  @Test
  void experimentByNameIsEmptyOnlyWhenTheServerSaysItDoesNotExist() throws IOException {
    ScriptedServer missing = server(error(404, "RESOURCE_DOES_NOT_EXIST", "Could not find"));
    assertThat(store(missing).getExperimentByName("nope")).isEmpty();

    ScriptedServer noRoute = server(Answer.text(404, "<html>Not Found</html>"));
    MlflowHttpException e =
        catchThrowableOfType(
            MlflowHttpException.class, () -> store(noRoute).getExperimentByName("nope"));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.ENDPOINT_NOT_FOUND);
  }

  @Test
  void getSendsAQueryStringAndPostAJsonBody() throws IOException {
    ScriptedServer server =
        server(
            Answer.json(
                200,
                "{\"experiment\": {\"experiment_id\": \"3\", \"name\": \"a b\","
                    + " \"artifact_location\": \"/x\", \"lifecycle_stage\": \"active\"}}"),
            Answer.json(200, "{\"experiment_id\": \"4\"}"));
    RestTrackingStore store = store(URI.create(server.uri() + "/prefix/"), b -> b);

    assertThat(store.getExperimentByName("a b").orElseThrow().experimentId()).isEqualTo("3");
    assertThat(store.createExperiment("e&f", Optional.empty(), List.of())).isEqualTo("4");

    Received get = server.received().get(0);
    assertThat(get.method()).isEqualTo("GET");
    assertThat(get.path()).isEqualTo("/prefix/api/2.0/mlflow/experiments/get-by-name");
    assertThat(get.query()).isEqualTo("experiment_name=a+b");
    assertThat(get.header("User-Agent")).startsWith("mlflow4j/");
    Received post = server.received().get(1);
    assertThat(post.method()).isEqualTo("POST");
    assertThat(post.path()).isEqualTo("/prefix/api/2.0/mlflow/experiments/create");
    assertThat(post.header("Content-Type")).startsWith("application/json");
    assertThat(post.body()).contains("\"name\":\"e&f\"");
  }

  @Test
  void metricHistoryPagesUntilNoToken() throws IOException {
    String m = "{\"key\": \"m\", \"value\": %d, \"timestamp\": 1, \"step\": %d}";
    ScriptedServer server =
        server(
            Answer.json(
                200,
                "{\"metrics\": ["
                    + String.format(m, 1, 1)
                    + ", "
                    + String.format(m, 2, 2)
                    + "], \"next_page_token\": \"tok\"}"),
            Answer.json(200, "{\"metrics\": [" + String.format(m, 3, 3) + "]}"));

    List<Metric> history = store(server).getMetricHistory(RUN_ID, "m");

    assertThat(history).extracting(Metric::step).containsExactly(1L, 2L, 3L);
    assertThat(server.received()).hasSize(2);
    assertThat(server.received().get(0).query())
        .contains("max_results=25000")
        .doesNotContain("page_token");
    assertThat(server.received().get(1).query()).contains("page_token=tok");
  }

  @Test
  void anEmptyOr200OkBodyIsAnEmptyResponse() throws IOException {
    ScriptedServer server = server(Answer.text(200, ""), Answer.text(200, "200 OK"));
    RestTrackingStore store = store(server);

    store.deleteRun(RUN_ID);
    store.deleteRun(RUN_ID);

    assertThat(server.received()).hasSize(2);
  }

  @Test
  void aSuccessThatIsNotJsonIsAnError() throws IOException {
    ScriptedServer server = server(Answer.text(200, "<html>proxy login</html>"));

    MlflowException e =
        catchThrowableOfType(MlflowException.class, () -> store(server).getRun(RUN_ID));

    assertThat(e.getMessage()).contains("not in a valid JSON format").contains("proxy login");
  }

  @Test
  void basicAuthWinsOverTheToken() throws IOException {
    ScriptedServer server = server(OK);

    store(server.uri(), b -> b.basicAuth("alice", "pw").token("tok")).deleteRun(RUN_ID);

    assertThat(server.received().get(0).header("Authorization"))
        .isEqualTo(
            "Basic "
                + Base64.getEncoder().encodeToString("alice:pw".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void theTokenIsSentAsBearer() throws IOException {
    ScriptedServer server = server(OK);

    store(server.uri(), b -> b.token("tok-123")).deleteRun(RUN_ID);
    store(server).deleteRun(RUN_ID);

    assertThat(server.received().get(0).header("Authorization")).isEqualTo("Bearer tok-123");
    assertThat(server.received().get(1).header("Authorization")).isNull();
  }

  @Test
  void credentialsInTheUriAreBasicAuthAndNeverShown() throws IOException {
    ScriptedServer server = server(Answer.text(502, "bad gateway"));
    URI uri = URI.create("http://bob:hunter2@127.0.0.1:" + server.uri().getPort());
    RestTrackingStore store = store(uri, b -> b.maxRetries(1));

    MlflowException e = catchThrowableOfType(MlflowException.class, () -> store.deleteRun(RUN_ID));

    assertThat(server.received().get(0).header("Authorization"))
        .isEqualTo(
            "Basic "
                + Base64.getEncoder()
                    .encodeToString("bob:hunter2".getBytes(StandardCharsets.UTF_8)));
    assertThat(e.getMessage()).doesNotContain("hunter2");
    assertThat(store.toString()).doesNotContain("hunter2");
    assertThat(store.options().toString()).doesNotContain("hunter2");
  }

  @Test
  void credentialsAreAbsentFromMessagesAndLogs() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    ScriptedServer failing = server(Answer.text(503, "down"));
    PrintStream stderr = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    List<String> messages = new ArrayList<>();
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try {
      for (URI uri : List.of(URI.create("http://127.0.0.1:" + port), failing.uri())) {
        RestTrackingStore store =
            store(uri, b -> b.maxRetries(2).basicAuth("alice", "s3cr3t-pw").token("t0k3n-xyz"));
        messages.add(
            catchThrowableOfType(MlflowException.class, () -> store.deleteRun(RUN_ID)).toString());
        messages.add(store.options().toString());
      }
    } finally {
      System.setErr(stderr);
    }
    String logged = log.toString(StandardCharsets.UTF_8);

    assertThat(logged).as("retries are logged").contains("retry");
    assertThat(String.join("\n", messages) + logged)
        .doesNotContain("s3cr3t-pw")
        .doesNotContain("t0k3n-xyz")
        .doesNotContain(
            Base64.getEncoder().encodeToString("alice:s3cr3t-pw".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void backoffDoublesFromTheSecondRetryAndIsCapped() throws IOException {
    HttpCaller caller =
        new HttpCaller(RestStoreOptions.of(URI.create("http://127.0.0.1:1")), d -> {}, () -> 0.5);
    toClose.add(caller);

    List<Duration> schedule = new ArrayList<>();
    for (int retry = 1; retry <= 8; retry++) {
      schedule.add(caller.backoff(retry));
    }

    assertThat(schedule)
        .extracting(Duration::toMillis)
        .containsExactly(0L, 4_500L, 8_500L, 16_500L, 32_500L, 64_500L, 120_000L, 120_000L);
  }

  @Test
  void aClosedStoreRefusesCallsAndClosesTwice() throws IOException {
    ScriptedServer server = server(OK);
    RestTrackingStore store = store(server);
    store.close();
    store.close();

    MlflowException e = catchThrowableOfType(MlflowException.class, () -> store.deleteRun(RUN_ID));

    assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_STATE);
    assertThat(server.received()).isEmpty();
  }
}
