package org.mlflow4j.store.rest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLConnection;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import org.apache.hc.client5.http.classic.methods.HttpDelete;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPut;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.io.CloseMode;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.FileInfo;
import org.mlflow4j.rest.protocol.ErrorResponse;
import org.mlflow4j.rest.protocol.ListArtifactsResponse;
import org.mlflow4j.rest.protocol.RestJson;
import org.mlflow4j.store.ArtifactRepository;
import org.mlflow4j.store.support.ArtifactTransfers;
import org.mlflow4j.store.support.Validation;

/**
 * Artifacts behind a tracking server's artifact proxy (MLflow's {@code HttpArtifactRepository}):
 * the repository for {@code http}/{@code https} URIs of the server's {@code
 * /api/2.0/mlflow-artifacts/artifacts} route, and, once resolved against the tracking URI, for
 * {@code mlflow-artifacts:} URIs (spec/artifacts.md §5). Files are uploaded with {@code PUT},
 * downloaded with {@code GET}, listed with {@code GET artifacts?path=} and deleted with {@code
 * DELETE}; both transfers are streamed, never held in memory.
 *
 * <p>Requests go through the REST store's HTTP plumbing, with the same {@link RestStoreOptions}:
 * credentials, TLS, timeouts and the retry policy of MLflow's client. One difference: an upload's
 * body is the caller's stream, which cannot be read twice, so an upload is retried only while none
 * of its bytes has been read (a refused connection, say); once bytes were sent a failure ends the
 * upload with an error saying it was not retried. Every path a caller passes is checked before any
 * request is sent, and every name a server lists is checked to be a plain file name.
 *
 * <p>A missing file is {@code RESOURCE_DOES_NOT_EXIST}: MLflow's server answers a download of a
 * missing file with 500, so a 500 answer to a download is checked against the listing of the file's
 * directory before it is retried.
 *
 * <p>Thread-safe: one instance shares a pool of keep-alive connections among threads; instances
 * opened with {@link #openShared} share it with each other too.
 */
public final class HttpArtifactRepository implements ArtifactRepository {
  /** The route under which a tracking server serves its proxied artifacts. */
  public static final String ARTIFACTS_ROUTE = "/api/2.0/mlflow-artifacts/artifacts";

  private final String rootUri;
  private final HttpCaller http;
  private final Runnable release;
  private final String rootUrl;
  private final String listUrl;
  private final String rootPath;
  private final AtomicBoolean closed = new AtomicBoolean();

  HttpArtifactRepository(
      String rootUri, RestStoreOptions options, HttpCaller.Sleeper sleeper, DoubleSupplier random) {
    this(
        rootUri,
        options,
        server -> {
          HttpCaller own = new HttpCaller(options, sleeper, random);
          return new Transport(own, own::close);
        });
  }

  /**
   * @param connect gives the caller for the options with the base URI cut to the server (the
   *     scheme, user info, host, port and any path before {@value #ARTIFACTS_ROUTE})
   */
  private HttpArtifactRepository(
      String rootUri, RestStoreOptions options, Function<RestStoreOptions, Transport> connect) {
    this.rootUri = Objects.requireNonNull(rootUri, "rootUri");
    URI uri = options.baseUri();
    String rawPath = uri.getRawPath() == null ? "" : uri.getRawPath();
    int anchor = rawPath.indexOf(ARTIFACTS_ROUTE);
    int afterAnchor = anchor + ARTIFACTS_ROUTE.length();
    if (anchor < 0 || (afterAnchor < rawPath.length() && rawPath.charAt(afterAnchor) != '/')) {
      throw MlflowException.invalidParameter(
          "An http(s) artifact URI must point to a tracking server's artifact proxy, "
              + ARTIFACTS_ROUTE
              + "/<path>, but got "
              + RestTrackingStore.redact(uri));
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw MlflowException.invalidParameter(
          "An http(s) artifact URI must not have a query or fragment, but got "
              + RestTrackingStore.redact(uri));
    }
    // The root's own path must be as safe as any path a caller passes.
    String root =
        uri.getPath().substring(uri.getPath().indexOf(ARTIFACTS_ROUTE) + ARTIFACTS_ROUTE.length());
    this.rootPath = ArtifactTransfers.safeRelativePath(stripSlashes(root));
    this.rootUrl = HttpCaller.baseOf(uri);
    Transport transport =
        connect.apply(options.withBaseUri(URI.create(serverPrefix(uri, anchor))));
    this.http = transport.caller();
    this.release = transport.release();
    this.listUrl =
        rootUrl.substring(0, rootUrl.indexOf(ARTIFACTS_ROUTE) + ARTIFACTS_ROUTE.length());
  }

  /**
   * A repository for the artifact URI in the options' {@linkplain RestStoreOptions#baseUri() base
   * URI}, e.g. {@code http://host:5000/api/2.0/mlflow-artifacts/artifacts/1/<run id>/artifacts},
   * reached with the options' credentials, TLS, timeout and retry settings.
   *
   * @throws MlflowException {@code INVALID_PARAMETER_VALUE} if the URI does not contain the route
   *     {@value #ARTIFACTS_ROUTE}, has a query or fragment, or its path below the route is unsafe
   */
  public static HttpArtifactRepository open(RestStoreOptions options) {
    return open(RestTrackingStore.redact(options.baseUri()), options);
  }

  /**
   * As {@link #open(RestStoreOptions)}, reporting {@code rootUri} (e.g. the {@code
   * mlflow-artifacts:} URI the options' base URI was resolved from) as {@link #rootUri()}.
   */
  public static HttpArtifactRepository open(String rootUri, RestStoreOptions options) {
    return new HttpArtifactRepository(
        rootUri, options, HttpCaller.Sleeper.REAL, HttpCaller::uniform);
  }

  /**
   * As {@link #open(String, RestStoreOptions)}, but sharing one pool of connections with every
   * other open repository of this method for the same server (the URI up to {@value
   * #ARTIFACTS_ROUTE}) and equal other options: a client writing to the artifact roots of many
   * runs keeps reusing the same few connections. The pool is closed when the last repository
   * using it is closed; its size, the options' {@linkplain RestStoreOptions#poolSize() pool size},
   * bounds the connections of all those repositories together.
   */
  public static HttpArtifactRepository openShared(String rootUri, RestStoreOptions options) {
    return new HttpArtifactRepository(
        rootUri,
        options,
        server -> {
          SharedHttpCallers.Lease lease = SharedHttpCallers.ARTIFACTS.acquire(server);
          return new Transport(lease.caller(), lease::close);
        });
  }

  /** A repository for the artifact URI with MLflow's default HTTP settings. */
  public static HttpArtifactRepository open(URI artifactUri) {
    return open(RestStoreOptions.of(artifactUri));
  }

  @Override
  public String rootUri() {
    return rootUri;
  }

  /** The URL requests for the root go to: the resolved root URI without credentials. */
  public String rootUrl() {
    return rootUrl;
  }

  @Override
  public void writeArtifact(String path, InputStream content, OptionalLong size) {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(size, "size");
    String relative = ArtifactTransfers.safeRelativePath(path);
    if (relative.isEmpty()) {
      throw MlflowException.invalidParameter("An artifact file needs a non-empty path");
    }
    checkOpen();
    String url = fileUrl(relative);
    SentCounter body = new SentCounter(content, size);
    String name = relative.substring(relative.lastIndexOf('/') + 1);
    ContentType type = contentType(name);
    http.exchange(
        "PUT",
        url,
        shown(relative),
        () -> {
          HttpPut put = new HttpPut(url);
          // The length is sent when known, so the file is never sent chunked or buffered.
          put.setEntity(new InputStreamEntity(body, size.orElse(-1), type));
          HttpCaller.Raw raw = http.send(put, HttpCaller.MAX_ERROR_BODY);
          return isSuccess(raw) ? HttpCaller.Outcome.done(raw) : HttpCaller.Outcome.failed(raw);
        },
        new HttpCaller.Handling() {
          @Override
          public boolean replayable() {
            return body.sent == 0;
          }

          @Override
          public MlflowException error(HttpCaller.Raw raw) {
            return HttpCaller.error(shown(relative), raw);
          }
        });
  }

  @Override
  public InputStream openArtifact(String path) {
    String relative = ArtifactTransfers.safeRelativePath(path);
    if (relative.isEmpty()) {
      throw noFile(relative);
    }
    checkOpen();
    String url = fileUrl(relative);
    HttpGet[] current = new HttpGet[1];
    ClassicHttpResponse response =
        http.exchange(
            "GET",
            url,
            shown(relative),
            () -> {
              current[0] = new HttpGet(url);
              return http.open(current[0]);
            },
            new HttpCaller.Handling() {
              private boolean checked;

              @Override
              public Optional<MlflowException> settle(HttpCaller.Raw raw) {
                if (isResourceMissing(raw)) {
                  return Optional.of(noFile(relative));
                }
                // MLflow's server answers 500 for a missing file, others a plain 404: ask the
                // listing, once, whether the file is there before spending the retries on it.
                if ((raw.status() == 404 || raw.status() == 500) && !checked) {
                  checked = true;
                  if (!isListedFile(relative)) {
                    return Optional.of(noFile(relative));
                  }
                }
                return Optional.empty();
              }

              @Override
              public MlflowException error(HttpCaller.Raw raw) {
                return HttpCaller.error(shown(relative), raw);
              }
            });
    return download(response, current[0]);
  }

  @Override
  public List<FileInfo> listArtifacts(String path) {
    String relative = ArtifactTransfers.safeRelativePath(path);
    checkOpen();
    String serverPath = ArtifactTransfers.join(rootPath, relative);
    String url = listUrl + "?path=" + URLEncoder.encode(serverPath, StandardCharsets.UTF_8);
    HttpCaller.Raw raw =
        http.exchange(
            "GET",
            url,
            ARTIFACTS_ROUTE,
            () -> {
              HttpCaller.Raw r = http.send(new HttpGet(url), Integer.MAX_VALUE);
              return isSuccess(r) ? HttpCaller.Outcome.done(r) : HttpCaller.Outcome.failed(r);
            },
            new HttpCaller.Handling() {
              @Override
              public MlflowException error(HttpCaller.Raw r) {
                return HttpCaller.error(ARTIFACTS_ROUTE, r);
              }
            });
    ListArtifactsResponse listing =
        HttpCaller.decode(ARTIFACTS_ROUTE, ListArtifactsResponse.class, raw);
    List<FileInfo> files = new ArrayList<>(listing.files().size());
    for (FileInfo f : listing.files()) {
      String name = checkedName(f.path());
      String joined = ArtifactTransfers.join(relative, name);
      // Our rule for every repository: a file has a size (MLflow's server omits 0).
      files.add(
          f.isDir()
              ? new FileInfo(joined, true, OptionalLong.empty())
              : new FileInfo(joined, false, OptionalLong.of(f.fileSize().orElse(0))));
    }
    files.sort(Comparator.comparing(FileInfo::path));
    return List.copyOf(files);
  }

  @Override
  public void deleteArtifacts(String path) {
    String relative = ArtifactTransfers.safeRelativePath(path);
    checkOpen();
    String url = relative.isEmpty() ? rootUrl : fileUrl(relative);
    http.exchange(
        "DELETE",
        url,
        shown(relative),
        () -> {
          HttpCaller.Raw raw = http.send(new HttpDelete(url), HttpCaller.MAX_ERROR_BODY);
          // Deleting what is not there is done, not an error.
          return isSuccess(raw) || isResourceMissing(raw)
              ? HttpCaller.Outcome.done(raw)
              : HttpCaller.Outcome.failed(raw);
        },
        new HttpCaller.Handling() {
          @Override
          public MlflowException error(HttpCaller.Raw raw) {
            return HttpCaller.error(shown(relative), raw);
          }
        });
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      release.run();
    }
  }

  /** The caller requests go through: for tests of sharing. */
  HttpCaller caller() {
    return http;
  }

  @Override
  public String toString() {
    return "HttpArtifactRepository[" + rootUrl + "]";
  }

  // ---- helpers

  private void checkOpen() {
    if (closed.get()) {
      throw new MlflowException(
          ErrorCode.INVALID_STATE, "The artifact repository for " + rootUrl + " is closed");
    }
  }

  /** The URL of a file below the root: each segment percent-encoded. */
  private String fileUrl(String relative) {
    StringBuilder url = new StringBuilder(rootUrl);
    for (String segment : relative.split("/")) {
      url.append('/').append(encodeSegment(segment));
    }
    return url.toString();
  }

  /** Percent-encodes everything but RFC 3986's unreserved characters. */
  static String encodeSegment(String segment) {
    StringBuilder out = new StringBuilder(segment.length());
    for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  private String shown(String relative) {
    String path = ArtifactTransfers.join(rootPath, relative);
    return path.isEmpty() ? ARTIFACTS_ROUTE : ARTIFACTS_ROUTE + "/" + path;
  }

  private static boolean isSuccess(HttpCaller.Raw raw) {
    return raw.status() >= 200 && raw.status() < 300;
  }

  private static boolean isResourceMissing(HttpCaller.Raw raw) {
    if (raw.status() != 404) {
      return false;
    }
    try {
      ErrorResponse error =
          RestJson.read(ErrorResponse.class, new String(raw.body(), StandardCharsets.UTF_8));
      return error.code() == ErrorCode.RESOURCE_DOES_NOT_EXIST;
    } catch (RuntimeException notMlflowsError) {
      // a plain 404 is a wrong URL (no artifact proxy there), not a missing artifact
      return false;
    }
  }

  private boolean isListedFile(String relative) {
    int slash = relative.lastIndexOf('/');
    String parent = slash < 0 ? "" : relative.substring(0, slash);
    return listArtifacts(parent).stream().anyMatch(f -> !f.isDir() && f.path().equals(relative));
  }

  private MlflowException noFile(String relative) {
    return MlflowException.notFound(
        "No artifact file at '"
            + relative
            + "' in "
            + RestTrackingStore.redact(URI.create(rootUrl)));
  }

  /** A listed name: safe, and a plain name (the server lists basenames only). */
  private static String checkedName(String name) {
    Validation.validatePathIsSafe(name);
    if (name.isEmpty() || name.equals(".") || name.contains("/")) {
      throw MlflowException.invalidParameter(
          "Invalid path: the server listed '"
              + name
              + "', which is not a plain file name; a listing names direct children only");
    }
    return name;
  }

  private static ContentType contentType(String name) {
    String guessed = URLConnection.guessContentTypeFromName(name);
    return guessed == null ? ContentType.APPLICATION_OCTET_STREAM : ContentType.create(guessed);
  }

  /** The raw URI before the artifacts route: {@code scheme://[user@]host:port[/prefix]}. */
  private static String serverPrefix(URI uri, int anchor) {
    return uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath().substring(0, anchor);
  }

  /** A caller, and what to do with it when the repository is closed. */
  private record Transport(HttpCaller caller, Runnable release) {}

  private static String stripSlashes(String path) {
    int from = 0;
    int to = path.length();
    while (from < to && path.charAt(from) == '/') {
      from++;
    }
    while (to > from && path.charAt(to - 1) == '/') {
      to--;
    }
    return path.substring(from, to);
  }

  /**
   * The download stream: closing it releases the connection, aborting it if unread bytes remain.
   */
  private static InputStream download(ClassicHttpResponse response, HttpGet request) {
    HttpEntity entity = response.getEntity();
    InputStream content;
    try {
      content = entity == null ? InputStream.nullInputStream() : entity.getContent();
    } catch (IOException e) {
      request.cancel();
      closeQuietly(response);
      throw new MlflowException(ErrorCode.INTERNAL_ERROR, "Could not read the download: " + e, e);
    }
    return new FilterInputStream(content) {
      private boolean eof;
      private boolean done;

      @Override
      public int read() throws IOException {
        int b = super.read();
        eof |= b < 0;
        return b;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        eof |= n < 0;
        return n;
      }

      @Override
      public void close() throws IOException {
        if (done) {
          return;
        }
        done = true;
        if (eof) {
          response.close();
          return;
        }
        // Closing normally would read the rest of the body to reuse the connection: for a
        // large file left half read, dropping the connection is far cheaper.
        request.cancel();
        if (response instanceof CloseableHttpResponse closeable) {
          closeable.close(CloseMode.IMMEDIATE);
        } else {
          closeQuietly(response);
        }
      }
    };
  }

  private static void closeQuietly(ClassicHttpResponse response) {
    try {
      response.close();
    } catch (IOException ignored) {
      // already failing; that error is the one reported
    }
  }

  /**
   * The caller's content as the request body: counts the bytes read (an upload is replayable only
   * while none was) and fails when the content ends before its declared size, so that the server
   * never waits for bytes that will not come.
   */
  private static final class SentCounter extends FilterInputStream {
    private final OptionalLong size;
    volatile long sent;

    SentCounter(InputStream in, OptionalLong size) {
      super(in);
      this.size = size;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        sent++;
      } else {
        checkComplete();
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        sent += n;
      } else if (n < 0) {
        checkComplete();
      }
      return n;
    }

    private void checkComplete() throws IOException {
      if (size.isPresent() && sent < size.getAsLong()) {
        throw new IOException(
            "the content ended after " + sent + " of its declared " + size.getAsLong() + " bytes");
      }
    }

    @Override
    public void close() {
      // the caller owns the content and closes it
    }
  }
}
