package org.mlflow4j.rest.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.entity.LifecycleStage;
import org.mlflow4j.entity.Run;
import org.mlflow4j.entity.RunStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Replays the 52 exchanges recorded from a real MLflow 2.22 server (src/test/resources/rest,
 * described in its README.md) through the codec.
 */
class RecordedExchangesTest {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  /** One recorded exchange. */
  record Exchange(String file, JsonNode json) {
    String method() {
      return json.get("method").stringValue();
    }

    String path() {
      return json.get("path").stringValue();
    }

    int status() {
      return json.get("status").intValue();
    }

    JsonNode requestBody() {
      return json.get("request_body");
    }

    JsonNode responseBody() {
      return json.get("response_body");
    }

    Map<String, List<String>> query() {
      Map<String, List<String>> query = new LinkedHashMap<>();
      json.get("query").forEachEntry((k, v) -> query.put(k, List.of(v.stringValue())));
      return query;
    }

    Optional<Endpoint<?, ?>> endpoint() {
      return Endpoints.find(method(), path());
    }

    @Override
    public String toString() {
      return file;
    }
  }

  static List<Exchange> all() {
    try {
      URL dir = RecordedExchangesTest.class.getResource("/rest");
      try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
        return files
            .filter(p -> p.getFileName().toString().endsWith(".json"))
            .sorted()
            .map(p -> new Exchange(p.getFileName().toString(), readTree(p)))
            .toList();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<Exchange> tracking() {
    return all().stream().filter(e -> e.endpoint().isPresent());
  }

  static Stream<Exchange> trackingSuccesses() {
    return tracking().filter(e -> e.status() == 200);
  }

  static Stream<Exchange> errors() {
    return all().stream().filter(e -> e.status() != 200);
  }

  private static JsonNode readTree(Path p) {
    try {
      return MAPPER.readTree(Files.readString(p));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Text to tree, so that number node types (int or long) do not matter. */
  private static JsonNode tree(String json) {
    return MAPPER.readTree(json);
  }

  @Test
  @DisplayName("all 52 exchanges are there, and only the four registry calls have no endpoint")
  void everyExchangeButRegistryHasAnEndpoint() {
    assertThat(all()).hasSize(52);
    assertThat(all().stream().filter(e -> e.endpoint().isEmpty()).map(Exchange::path))
        .hasSize(4)
        .allMatch(p -> p.contains("/registered-models/") || p.contains("/model-versions/"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tracking")
  @DisplayName("every recorded request decodes into our request record and encodes back equal")
  void requestDecodesAndReencodes(Exchange exchange) {
    Endpoint<?, ?> endpoint = exchange.endpoint().orElseThrow();
    if (exchange.method().equals("GET")) {
      Object request = RestJson.readQuery(endpoint.requestType(), exchange.query());
      assertThat(request).isInstanceOf(endpoint.requestType());
      assertThat(RestJson.parseQueryString(RestJson.toQueryString(request)))
          .isEqualTo(exchange.query());
    } else {
      Object request = RestJson.read(endpoint.requestType(), exchange.requestBody().toString());
      assertThat(request).isInstanceOf(endpoint.requestType());
      assertThat(tree(RestJson.write(request))).isEqualTo(exchange.requestBody());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("trackingSuccesses")
  @DisplayName("every recorded success decodes into our records and encodes back to equal JSON")
  void responseDecodesAndReencodes(Exchange exchange) {
    Endpoint<?, ?> endpoint = exchange.endpoint().orElseThrow();
    Object response = RestJson.read(endpoint.responseType(), exchange.responseBody().toString());
    assertThat(response).isInstanceOf(endpoint.responseType());
    assertThat(tree(RestJson.write(response))).isEqualTo(exchange.responseBody());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errors")
  @DisplayName("every recorded error body decodes into its error code and message")
  void errorBodyDecodes(Exchange exchange) {
    ErrorResponse error = RestJson.read(ErrorResponse.class, exchange.responseBody().toString());
    assertThat(error.errorCode())
        .isEqualTo(exchange.responseBody().get("error_code").stringValue());
    assertThat(error.message()).isEqualTo(exchange.responseBody().get("message").stringValue());
    assertThat(error.code().httpStatus()).isEqualTo(exchange.status());
    assertThat(error.toException().errorCode()).isEqualTo(error.code());
    assertThat(tree(RestJson.write(error))).isEqualTo(exchange.responseBody());
  }

  @Test
  @DisplayName("seven error bodies are recorded, each with a code MLflow4j knows")
  void errorCodesAreKnown() {
    assertThat(errors().map(e -> RestJson.read(ErrorResponse.class, e.responseBody().toString())))
        .hasSize(7)
        .allSatisfy(err -> assertThat(ErrorCode.valueOf(err.errorCode())).isEqualTo(err.code()));
  }

  @Test
  @DisplayName("runs/get decodes into entities: status, NaN metric, params, tags, dataset input")
  void runsGetDecodesIntoEntities() {
    Exchange exchange = byFile("24-runs-get.json");
    Run run = RestJson.read(GetRunResponse.class, exchange.responseBody().toString()).run();
    assertThat(run.runId()).isEqualTo("2dfce083b9a44b03a12e478308d8d2e5");
    assertThat(run.info().experimentId()).isEqualTo("1");
    assertThat(run.info().status()).isEqualTo(RunStatus.FINISHED);
    assertThat(run.info().endTime()).hasValue(1700000010000L);
    assertThat(run.info().userId()).isEmpty();
    assertThat(run.info().lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
    assertThat(run.data().metric("nan_metric").orElseThrow().value()).isNaN();
    assertThat(run.data().metric("m").orElseThrow().step()).isEqualTo(2);
    assertThat(run.data().param("q")).hasValue("y");
    assertThat(run.data().tag("stage")).hasValue("train");
    assertThat(run.inputs())
        .singleElement()
        .satisfies(
            input -> {
              assertThat(input.dataset().name()).isEqualTo("rest-ds");
              assertThat(input.dataset().schema()).hasValue("{\"mlflow_colspec\": []}");
              assertThat(input.context()).hasValue("training");
            });
  }

  @Test
  @DisplayName("runs/search page 1 carries a next-page token, page 2 none")
  void searchPagesDecode() {
    SearchRunsResponse page1 =
        RestJson.read(
            SearchRunsResponse.class,
            byFile("33-runs-search-filter-order-page1.json").responseBody().toString());
    SearchRunsResponse page2 =
        RestJson.read(
            SearchRunsResponse.class,
            byFile("34-runs-search-filter-order-page2.json").responseBody().toString());
    assertThat(page1.page().items())
        .extracting(r -> r.info().runName())
        .containsExactly("rest-run-final", "search-2");
    assertThat(page1.page().nextPageToken()).hasValue("eyJvZmZzZXQiOiAyfQ==");
    assertThat(page2.page().hasNextPage()).isFalse();
    SearchRuns request2 =
        RestJson.read(
            SearchRuns.class,
            byFile("34-runs-search-filter-order-page2.json").requestBody().toString());
    assertThat(request2.pageToken()).hasValue("eyJvZmZzZXQiOiAyfQ==");
    assertThat(request2.maxResults()).hasValue(2);
    assertThat(request2.orderBy()).containsExactly("metrics.m DESC");
  }

  @Test
  @DisplayName("artifacts/list keeps the file size of files and none for directories")
  void artifactListDecodes() {
    ListArtifactsResponse list =
        RestJson.read(
            ListArtifactsResponse.class,
            byFile("35-artifacts-list.json").responseBody().toString());
    assertThat(list.rootUri())
        .hasValue("mlflow-artifacts:/1/2dfce083b9a44b03a12e478308d8d2e5/artifacts");
    assertThat(list.files()).hasSize(2);
    assertThat(list.files().get(0).fileSize()).hasValue(13);
    assertThat(list.files().get(1).isDir()).isTrue();
    assertThat(list.files().get(1).fileSize()).isEmpty();
  }

  private static Exchange byFile(String file) {
    return all().stream().filter(e -> e.file().equals(file)).findFirst().orElseThrow();
  }
}
