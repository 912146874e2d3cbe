package org.mlflow4j.server;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.rest.protocol.EmptyResponse;
import org.mlflow4j.rest.protocol.ErrorResponse;
import org.mlflow4j.rest.protocol.RestJson;
import org.mlflow4j.store.TrackingStore;
import org.mlflow4j.store.support.Validation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the artifact routes: the proxy under {@code /api/2.0/mlflow-artifacts/} and
 * {@code /ajax-api/2.0/mlflow-artifacts/} ({@code artifacts}, {@code artifacts/<path>}, {@code
 * mpu/...}), and the UI's {@code /get-artifact} and {@code /ajax-api/2.0/mlflow/upload-artifact}.
 * Uploads and downloads are streamed; the JSON request limit does not apply to them.
 *
 * <p>The artifact path of a route is taken from the raw request URI, checked with {@link
 * Validation#validatePathIsSafe} as sent and again once percent-decoded (the decoded form is the
 * artifact path, as MLflow's server reads it); a raw URI that does not start with the route's
 * literal prefix (dot segments, encoded characters in the route part) is refused, so Jetty's
 * normalisation never turns a refused path into another file. Thread-safe; blocking.
 */
final class ArtifactRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(ArtifactRoutes.class);

  static final List<String> PREFIXES =
      List.of("/api/2.0/mlflow-artifacts/", "/ajax-api/2.0/mlflow-artifacts/");
  static final String GET_ARTIFACT = "/get-artifact";
  static final String UPLOAD_ARTIFACT = "/ajax-api/2.0/mlflow/upload-artifact";

  /** The largest body of the UI's {@code upload-artifact}, as MLflow's 10 MB. */
  static final int MAX_UI_UPLOAD = 10 * 1024 * 1024;

  static final String TEXT_PLAIN = "text/plain; charset=utf-8";

  private static final int BUFFER_SIZE = 64 * 1024;

  /** Extensions MLflow serves as text/plain (mlflow/utils/mime_type_utils.py). */
  private static final Set<String> TEXT_EXTENSIONS =
      Set.of(
          "txt", "log", "err", "cfg", "conf", "cnf", "cf", "ini", "properties", "prop", "hocon",
          "toml", "yaml", "yml", "xml", "json", "js", "py", "py3", "csv", "tsv", "md", "rst",
          "MLmodel", "MLproject");

  private final ArtifactService service;
  private final Optional<TrackingStore> store;

  /**
   * @param service the artifact operations
   * @param store the tracking store for the run-level routes; empty in {@code --artifacts-only}
   *     mode, where they are disabled
   */
  ArtifactRoutes(ArtifactService service, Optional<TrackingStore> store) {
    this.service = Objects.requireNonNull(service, "service");
    this.store = Objects.requireNonNull(store, "store");
  }

  /** Whether the request is for an artifact route (then {@link #handle} answers it). */
  static boolean matches(String rawPath, String canonicalPath) {
    return proxyPrefix(rawPath, canonicalPath).isPresent()
        || canonicalPath.equals(GET_ARTIFACT)
        || canonicalPath.equals(UPLOAD_ARTIFACT);
  }

  private static Optional<String> proxyPrefix(String rawPath, String canonicalPath) {
    for (String prefix : PREFIXES) {
      String route = prefix.substring(0, prefix.length() - 1);
      if (rawPath.startsWith(prefix)
          || (canonicalPath != null
              && (canonicalPath.startsWith(prefix) || canonicalPath.equals(route)))) {
        return Optional.of(prefix);
      }
    }
    return Optional.empty();
  }

  /** Answers a request for which {@link #matches} holds. */
  void handle(Request request, Response response, Callback callback) {
    String method = request.getMethod();
    String raw = request.getHttpURI().getPath();
    String canonical = Request.getPathInContext(request);
    try {
      Optional<String> prefix = proxyPrefix(raw, canonical);
      if (prefix.isPresent()) {
        proxy(prefix.get(), raw, method, request, response, callback);
      } else if (canonical.equals(GET_ARTIFACT)) {
        if (allowed(method, List.of("GET"), canonical, response, callback)) {
          getArtifact(request, response, callback);
        }
      } else if (allowed(method, List.of("POST"), canonical, response, callback)) {
        uploadArtifact(request, response, callback);
      }
    } catch (ArtifactsOnly e) {
      sendText(response, callback, 503, e.getMessage());
    } catch (MlflowException e) {
      TrackingHandler.sendError(response, callback, e.httpStatus(), ErrorResponse.of(e));
    } catch (RuntimeException | IOException e) {
      TrackingHandler.sendUnexpected(response, callback, method, canonical, e);
    }
  }

  private void proxy(
      String prefix,
      String raw,
      String method,
      Request request,
      Response response,
      Callback callback)
      throws IOException {
    if (!raw.startsWith(prefix)) {
      // Dot segments or percent-encoding in the route part itself: refuse, never re-route.
      throw invalidPath(raw);
    }
    String rest = raw.substring(prefix.length());
    String api = prefix.substring(0, prefix.length() - 1);
    if (rest.equals("artifacts")) {
      if (allowed(method, List.of("GET"), api + "/artifacts", response, callback)
          && serving(api + "/artifacts", response, callback)) {
        String path = firstQueryValue(request, "path").orElse("");
        TrackingHandler.send(
            response, callback, 200, TrackingHandler.JSON, RestJson.writeBytes(service.list(path)));
      }
      return;
    }
    if (rest.startsWith("artifacts/")) {
      String rule = api + "/artifacts/<path:artifact_path>";
      if (!allowed(method, List.of("GET", "PUT", "DELETE"), rule, response, callback)
          || !serving(rule, response, callback)) {
        return;
      }
      String path = artifactPath(rest.substring("artifacts/".length()));
      switch (method) {
        case "GET":
          stream(service.download(path), path, response, callback);
          return;
        case "PUT":
          try (InputStream body = Content.Source.asInputStream(request)) {
            long length = request.getLength();
            service.upload(path, body, length >= 0 ? OptionalLong.of(length) : OptionalLong.empty());
          }
          sendEmpty(response, callback);
          return;
        default:
          service.delete(path);
          sendEmpty(response, callback);
          return;
      }
    }
    for (String operation : List.of("create", "complete", "abort")) {
      String mpu = "mpu/" + operation + "/";
      if (rest.startsWith(mpu)) {
        String rule = api + "/" + mpu + "<path:artifact_path>";
        if (allowed(method, List.of("POST"), rule, response, callback)
            && serving(rule, response, callback)) {
          artifactPath(rest.substring(mpu.length()));
          // The artifact SPI has no multipart uploads; clients then fall back to one PUT.
          throw new MlflowException(
              ErrorCode.NOT_IMPLEMENTED,
              "Multipart upload is not supported for the current artifact repository");
        }
        return;
      }
    }
    TrackingHandler.sendError(
        response,
        callback,
        404,
        new ErrorResponse(
            ErrorCode.ENDPOINT_NOT_FOUND.name(), "No endpoint at " + method + " " + raw));
  }

  private void getArtifact(Request request, Response response, Callback callback) {
    String runId = runId(request, "run_id", "run_uuid");
    String path =
        firstQueryValue(request, "path")
            .orElseThrow(() -> MlflowException.invalidParameter("Request must specify path."));
    Validation.validatePathIsSafe(path);
    String artifactUri = trackingStore(GET_ARTIFACT).getRun(runId).info().artifactUri();
    stream(service.downloadRun(artifactUri, path), path, response, callback);
  }

  private void uploadArtifact(Request request, Response response, Callback callback)
      throws IOException {
    String runId = runId(request, "run_uuid", "run_id");
    String path =
        firstQueryValue(request, "path")
            .filter(p -> !p.isEmpty())
            .orElseThrow(() -> MlflowException.invalidParameter("Request must specify path."));
    Validation.validatePathIsSafe(path);
    if (request.getLength() > MAX_UI_UPLOAD) {
      throw MlflowException.invalidParameter("Artifact size is too large. Max size is 10MB.");
    }
    byte[] data;
    try (InputStream in = Content.Source.asInputStream(request)) {
      data = in.readNBytes(MAX_UI_UPLOAD + 1);
    }
    if (data.length > MAX_UI_UPLOAD) {
      throw MlflowException.invalidParameter("Artifact size is too large. Max size is 10MB.");
    }
    if (data.length == 0) {
      throw MlflowException.invalidParameter("Request must specify data.");
    }
    String artifactUri = trackingStore(UPLOAD_ARTIFACT).getRun(runId).info().artifactUri();
    service.uploadRun(
        artifactUri, path, new ByteArrayInputStream(data), OptionalLong.of(data.length));
    sendEmpty(response, callback);
  }

  private TrackingStore trackingStore(String route) {
    return store.orElseThrow(() -> new ArtifactsOnly(route));
  }

  /** A tracking route reached in {@code --artifacts-only} mode. */
  static final class ArtifactsOnly extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ArtifactsOnly(String rule) {
      super(
          "Endpoint: "
              + rule
              + " disabled due to the mlflow server running in `--artifacts-only` mode. To enable"
              + " tracking server functionality, run `mlflow server` without `--artifacts-only`");
    }
  }

  /** Sends the file as an attachment, streamed; a failure once sending began aborts the reply. */
  private static void stream(InputStream in, String path, Response response, Callback callback) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, mimeType(name));
    response.getHeaders().put(HttpHeader.CONTENT_DISPOSITION, "attachment; filename=" + name);
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    try (in;
        OutputStream out = Content.Sink.asOutputStream(response)) {
      byte[] buffer = new byte[BUFFER_SIZE];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("Sending the artifact '{}' failed", path, e);
      callback.failed(e);
      return;
    }
    callback.succeeded();
  }

  /** The Content-Type MLflow gives a downloaded artifact ({@code _guess_mime_type}). */
  static String mimeType(String fileName) {
    int dot = fileName.lastIndexOf('.');
    String extension = dot < 0 ? fileName : fileName.substring(dot + 1);
    if (TEXT_EXTENSIONS.contains(extension)) {
      return "text/plain";
    }
    String guessed = MimeTypes.DEFAULTS.getMimeByExtension(fileName.toLowerCase(Locale.ROOT));
    return guessed == null ? "application/octet-stream" : guessed;
  }

  private boolean serving(String rule, Response response, Callback callback) {
    if (service.servesArtifacts()) {
      return true;
    }
    sendText(
        response,
        callback,
        503,
        "Endpoint: "
            + rule
            + " disabled due to the mlflow server running with `--no-serve-artifacts`. To enable"
            + " artifacts server functionality, run `mlflow server` with `--serve-artifacts`");
    return false;
  }

  private static boolean allowed(
      String method, List<String> methods, String path, Response response, Callback callback) {
    if (methods.contains(method)) {
      return true;
    }
    TrackingHandler.methodNotAllowed(response, callback, method, path, methods);
    return false;
  }

  /**
   * The artifact path of a raw route remainder: checked as sent, percent-decoded once (as MLflow's
   * server decodes the URL), checked again.
   */
  static String artifactPath(String rawPath) {
    Validation.validatePathIsSafe(rawPath);
    String decoded = percentDecode(rawPath);
    Validation.validatePathIsSafe(decoded);
    return decoded;
  }

  /** Decodes {@code %XX} escapes as UTF-8; {@code +} stays {@code +} in a path. */
  static String percentDecode(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          throw invalidPath(raw);
        }
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw invalidPath(raw);
        }
        bytes.write(hi * 16 + lo);
        i += 2;
      } else {
        byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(utf8, 0, utf8.length);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static MlflowException invalidPath(String path) {
    return MlflowException.invalidParameter("Invalid path: '" + path + "'");
  }

  private static String runId(Request request, String name, String alternative) {
    return firstQueryValue(request, name)
        .or(() -> firstQueryValue(request, alternative))
        .filter(v -> !v.isEmpty())
        .orElseThrow(
            () -> MlflowException.invalidParameter("Request must specify " + name + "."));
  }

  private static Optional<String> firstQueryValue(Request request, String name) {
    String query = request.getHttpURI().getQuery();
    if (query == null || query.isEmpty()) {
      return Optional.empty();
    }
    Map<String, List<String>> values = RestJson.parseQueryString(query);
    List<String> list = values.get(name);
    return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
  }

  private static void sendEmpty(Response response, Callback callback) {
    TrackingHandler.send(
        response,
        callback,
        200,
        TrackingHandler.JSON,
        RestJson.writeBytes(EmptyResponse.INSTANCE));
  }

  static void sendText(Response response, Callback callback, int status, String text) {
    TrackingHandler.send(
        response, callback, status, TEXT_PLAIN, text.getBytes(StandardCharsets.UTF_8));
  }
}
