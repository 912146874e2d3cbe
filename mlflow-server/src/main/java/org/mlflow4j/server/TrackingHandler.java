package org.mlflow4j.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.rest.protocol.Endpoint;
import org.mlflow4j.rest.protocol.Endpoints;
import org.mlflow4j.rest.protocol.ErrorResponse;
import org.mlflow4j.rest.protocol.RestJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the tracking server: routes {@code /health}, {@code /version} and every tracking
 * endpoint under both API prefixes, decodes requests with MLflow's rules (JSON body for POST, query
 * string for GET), and answers errors as MLflow's JSON body with the code's HTTP status.
 * Thread-safe; blocking (Jetty runs it on a pool thread).
 */
final class TrackingHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(TrackingHandler.class);

  static final String JSON = "application/json";
  static final String TEXT_HTML = "text/html; charset=utf-8";

  private final Optional<TrackingService> service;
  private final ArtifactRoutes artifacts;
  private final long maxRequestSize;
  private final String version;

  /**
   * @param service the tracking endpoints; empty in {@code --artifacts-only} mode, where they
   *     answer 503
   * @param artifacts the artifact routes
   */
  TrackingHandler(
      Optional<TrackingService> service,
      ArtifactRoutes artifacts,
      long maxRequestSize,
      String version) {
    this.service = Objects.requireNonNull(service, "service");
    this.artifacts = Objects.requireNonNull(artifacts, "artifacts");
    this.maxRequestSize = maxRequestSize;
    this.version = Objects.requireNonNull(version, "version");
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String method = request.getMethod();
    String path = Request.getPathInContext(request);
    if (path.equals("/health") || path.equals("/version")) {
      if (method.equals("GET") || method.equals("HEAD")) {
        byte[] body = (path.equals("/health") ? "OK" : version).getBytes(StandardCharsets.UTF_8);
        // Jetty leaves the body out of a HEAD response.
        send(response, callback, 200, TEXT_HTML, body);
      } else {
        methodNotAllowed(response, callback, method, path, List.of("GET", "HEAD"));
      }
      return true;
    }
    if (ArtifactRoutes.matches(request.getHttpURI().getPath(), path)) {
      artifacts.handle(request, response, callback);
      return true;
    }
    Optional<Endpoint<?, ?>> endpoint = Endpoints.find(method, path);
    if (endpoint.isPresent() && service.isEmpty()) {
      ArtifactRoutes.sendText(
          response, callback, 503, new ArtifactRoutes.ArtifactsOnly(path).getMessage());
      return true;
    }
    if (endpoint.isEmpty()) {
      List<String> allowed = allowedMethods(path);
      if (allowed.isEmpty()) {
        sendError(
            response,
            callback,
            404,
            new ErrorResponse(
                ErrorCode.ENDPOINT_NOT_FOUND.name(), "No endpoint at " + method + " " + path));
      } else {
        methodNotAllowed(response, callback, method, path, allowed);
      }
      return true;
    }
    try {
      Object message = readRequest(endpoint.get(), request);
      Object answer = service.get().handle(endpoint.get(), message);
      send(response, callback, 200, JSON, RestJson.writeBytes(answer));
    } catch (RequestTooLarge e) {
      sendError(
          response,
          callback,
          413,
          new ErrorResponse(ErrorCode.INVALID_PARAMETER_VALUE.name(), e.getMessage()));
    } catch (MlflowException e) {
      sendError(response, callback, e.httpStatus(), ErrorResponse.of(e));
    } catch (RuntimeException | IOException e) {
      LOG.warn("{} {} failed", method, path, e);
      sendError(
          response,
          callback,
          500,
          new ErrorResponse(
              ErrorCode.INTERNAL_ERROR.name(),
              "An unexpected error occurred while handling " + method + " " + path + ": " + e));
    }
    return true;
  }

  private Object readRequest(Endpoint<?, ?> endpoint, Request request) throws IOException {
    Class<?> type = endpoint.requestType();
    if (request.getMethod().equals("GET")) {
      String query = request.getHttpURI().getQuery();
      if (query != null && !query.isEmpty()) {
        return RestJson.readQuery(type, RestJson.parseQueryString(query));
      }
      // MLflow falls back to a JSON body when a GET has no query string.
      return RestJson.read(type, readBody(request));
    }
    checkJsonContentType(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
    return RestJson.read(type, readBody(request));
  }

  static void checkJsonContentType(String contentType) {
    if (contentType == null) {
      throw MlflowException.invalidParameter("Bad Request. Content-Type header is missing.");
    }
    int semicolon = contentType.indexOf(';');
    String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    if (!mediaType.toLowerCase(Locale.ROOT).equals(JSON)) {
      throw MlflowException.invalidParameter(
          "Bad Request. Content-Type must be one of ['application/json'], got '"
              + contentType
              + "'.");
    }
  }

  private byte[] readBody(Request request) throws IOException {
    long declared = request.getLength();
    if (declared > maxRequestSize) {
      throw new RequestTooLarge(declared, maxRequestSize);
    }
    // The declared length may be absent (chunked) or wrong: count what actually arrives.
    try (InputStream in = Content.Source.asInputStream(request)) {
      byte[] limited = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxRequestSize + 1));
      if (limited.length > maxRequestSize) {
        throw new RequestTooLarge(-1, maxRequestSize);
      }
      return limited;
    }
  }

  private static List<String> allowedMethods(String fullPath) {
    List<String> allowed = new ArrayList<>();
    for (Endpoint<?, ?> e : Endpoints.ALL) {
      if (fullPath.equals(e.apiPath()) || fullPath.equals(e.ajaxPath())) {
        allowed.addAll(e.methods());
      }
    }
    return allowed;
  }

  private static void methodNotAllowed(
      Response response, Callback callback, String method, String path, List<String> allowed) {
    response.getHeaders().put(HttpHeader.ALLOW, String.join(", ", allowed));
    sendError(
        response,
        callback,
        405,
        new ErrorResponse(
            ErrorCode.ENDPOINT_NOT_FOUND.name(),
            "The method "
                + method
                + " is not allowed for "
                + path
                + "; allowed: "
                + String.join(", ", allowed)));
  }

  static void sendError(
      Response response, Callback callback, int status, ErrorResponse error) {
    send(response, callback, status, JSON, RestJson.writeBytes(error));
  }

  static void send(
      Response response, Callback callback, int status, String contentType, byte[] body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  /** A request body over the server's limit. */
  static final class RequestTooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RequestTooLarge(long declared, long limit) {
      super(
          (declared >= 0 ? "The request body of " + declared + " bytes" : "The request body")
              + " exceeds the server's limit of "
              + limit
              + " bytes.");
    }
  }
}
