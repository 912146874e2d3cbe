package org.mlflow4j.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small JSON test client over java.net.http, recording which paths it called. */
final class Http {
  static final JsonMapper MAPPER = JsonMapper.builder().build();

  /** One answer: status, content type, body text and the body parsed (null if not JSON). */
  record Reply(int status, String contentType, String body) {
    JsonNode json() {
      return MAPPER.readTree(body);
    }

    String errorCode() {
      return json().path("error_code").asString();
    }
  }

  final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final URI base;
  final Set<String> called = ConcurrentHashMap.newKeySet();

  Http(URI base) {
    this.base = base;
  }

  Reply post(String path, String json) {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        path);
  }

  Reply get(String pathAndQuery) {
    return send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).GET().build(), pathAndQuery);
  }

  Reply send(HttpRequest request) {
    return send(request, request.uri().getRawPath());
  }

  private Reply send(HttpRequest request, String path) {
    int q = path.indexOf('?');
    called.add(request.method() + " " + (q < 0 ? path : path.substring(0, q)));
    try {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(request, (k, v) -> true).timeout(Duration.ofSeconds(20)).build(),
              HttpResponse.BodyHandlers.ofString());
      return new Reply(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
