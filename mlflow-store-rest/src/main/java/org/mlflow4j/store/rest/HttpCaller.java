package org.mlflow4j.store.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Collection;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.rest.protocol.Endpoint;
import org.mlflow4j.rest.protocol.ErrorResponse;
import org.mlflow4j.rest.protocol.RestJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one call path of the REST store: encodes a request, sends it over pooled keep-alive
 * connections, retries what is transient as MLflow's Python client does (spec/errors.md §4) and
 * decodes the response or the error (§2, §3). Credentials go into the {@code Authorization} header
 * only: never into a log line or an exception message.
 *
 * <p>Thread-safe.
 */
final class HttpCaller implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpCaller.class);

  /** Waits between attempts; tests replace it so that they never wait for real backoffs. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    Sleeper REAL = d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
  }

  /** Statuses worth another attempt (urllib3's status_forcelist in MLflow). */
  static final Set<Integer> RETRYABLE_STATUSES = Set.of(408, 429, 500, 502, 503, 504);

  /** Statuses whose {@code Retry-After} is honoured (urllib3's RETRY_AFTER_STATUS_CODES). */
  private static final Set<Integer> RETRY_AFTER_STATUSES = Set.of(413, 429, 503);

  /** The longest backoff, as urllib3's DEFAULT_BACKOFF_MAX. */
  static final Duration MAX_BACKOFF = Duration.ofSeconds(120);

  private static final int EXCERPT_CHARS = 500;

  /** The most bytes of an error answer read: enough for MLflow's JSON error, never a download. */
  static final int MAX_ERROR_BODY = 64 * 1024;

  private static final Pattern DIGITS = Pattern.compile("\\d{1,9}");
  private static final String USER_AGENT = "mlflow4j/" + version();

  private final RestStoreOptions options;
  private final String base;
  private final String shownBase;
  private final Optional<String> authorization;
  private final CloseableHttpClient client;
  private final Sleeper sleeper;
  private final DoubleSupplier random;

  HttpCaller(RestStoreOptions options, Sleeper sleeper, DoubleSupplier random) {
    this.options = options;
    this.sleeper = sleeper;
    this.random = random;
    URI uri = options.baseUri();
    this.base = baseOf(uri);
    this.shownBase = base;
    this.authorization = authorization(options, uri);
    Timeout timeout = Timeout.of(options.timeout());
    PoolingHttpClientConnectionManagerBuilder pool =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setMaxConnTotal(options.poolSize())
            .setMaxConnPerRoute(options.poolSize())
            .setDefaultConnectionConfig(
                ConnectionConfig.custom()
                    .setConnectTimeout(timeout)
                    .setSocketTimeout(timeout)
                    // a kept-alive connection the server closed is checked before reuse
                    .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                    .build());
    if (uri.getScheme().equalsIgnoreCase("https")) {
      pool.setTlsSocketStrategy(tlsStrategy(options));
    }
    PoolingHttpClientConnectionManager manager = pool.build();
    this.client =
        HttpClients.custom()
            .setConnectionManager(manager)
            .setUserAgent(USER_AGENT)
            // the retry policy is ours alone, so that attempts are counted exactly
            .disableAutomaticRetries()
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setConnectionRequestTimeout(timeout)
                    .setResponseTimeout(timeout)
                    .build())
            .build();
  }

  /** Sends the request to its endpoint and returns the decoded response. */
  <Q, R> R call(Endpoint<Q, R> endpoint, Q request) {
    String url = base + endpoint.apiPath();
    byte[] body;
    if (endpoint.usesQueryString()) {
      body = null;
      String query = RestJson.toQueryString(request);
      if (!query.isEmpty()) {
        url = url + "?" + query;
      }
    } else {
      body = RestJson.writeBytes(request);
    }
    String target = url;
    Raw raw =
        exchange(
            endpoint.method().toString(),
            base + endpoint.apiPath(),
            endpoint.apiPath(),
            () -> {
              Raw r = execute(endpoint, target, body);
              return r.status() >= 200 && r.status() < 300
                  ? Outcome.done(r)
                  : Outcome.<Raw>failed(r);
            },
            new Handling() {
              @Override
              public MlflowException error(Raw r) {
                return HttpCaller.error(endpoint.apiPath(), r);
              }
            });
    return decode(endpoint, raw);
  }

  /** One attempt: sends the request once and tells a success from an error answer. */
  @FunctionalInterface
  interface Attempt<T> {
    Outcome<T> send() throws IOException;
  }

  /**
   * What one attempt gave: the result of a success, or the received error answer.
   *
   * @param value the result; null for an error answer
   * @param error the error answer; null for a success
   */
  record Outcome<T>(T value, Raw error) {
    static <T> Outcome<T> done(T value) {
      return new Outcome<>(value, null);
    }

    static <T> Outcome<T> failed(Raw error) {
      return new Outcome<>(null, error);
    }
  }

  /** How an exchange treats retries and error answers. */
  interface Handling {
    /** Whether the request can be sent again; a one-shot body already partly read cannot. */
    default boolean replayable() {
      return true;
    }

    /**
     * An exception that ends the exchange at once for this error answer, before any retry: for
     * answers whose meaning is known although the status is a retryable one.
     */
    default Optional<MlflowException> settle(Raw raw) {
      return Optional.empty();
    }

    /** The exception for an error answer that is not retried (any more). */
    MlflowException error(Raw raw);
  }

  /**
   * Runs attempts until one succeeds, retrying transport failures and the retryable statuses with
   * the options' backoff as long as the request is {@linkplain Handling#replayable() replayable}.
   *
   * @param method the HTTP method, for messages
   * @param shownUrl the URL, for messages; never holds credentials
   * @param shownPath the path, for log lines
   */
  <T> T exchange(
      String method, String shownUrl, String shownPath, Attempt<T> attempt, Handling handling) {
    int attempts = options.maxRetries() + 1;
    for (int n = 1; ; n++) {
      Outcome<T> outcome;
      try {
        outcome = attempt.send();
      } catch (IOException e) {
        boolean timedOut = isTimeout(e);
        boolean replayable = handling.replayable();
        if (n < attempts && isRetryable(e) && replayable) {
          Duration wait = backoff(n);
          LOG.warn(
              "{} {} failed ({}); retry {} of {} in {} ms",
              method,
              shownPath,
              timedOut ? "timed out" : e.getClass().getSimpleName(),
              n,
              options.maxRetries(),
              wait.toMillis());
          sleep(wait);
          continue;
        }
        throw transportError(method + " " + shownUrl, e, timedOut, n, replayable);
      }
      Raw raw = outcome.error();
      if (raw == null) {
        return outcome.value();
      }
      Optional<MlflowException> settled = handling.settle(raw);
      if (settled.isPresent()) {
        throw settled.get();
      }
      if (n < attempts && RETRYABLE_STATUSES.contains(raw.status()) && handling.replayable()) {
        Optional<Duration> serverWait = retryAfter(raw);
        Duration wait = serverWait.isPresent() ? serverWait.get() : backoff(n);
        LOG.warn(
            "{} {} answered {}; retry {} of {} in {} ms",
            method,
            shownPath,
            raw.status(),
            n,
            options.maxRetries(),
            wait.toMillis());
        sleep(wait);
        continue;
      }
      throw handling.error(raw);
    }
  }

  /**
   * Sends the request once and returns the response open, its body unread, for a 2xx answer; any
   * other answer is read (at most {@link #MAX_ERROR_BODY} bytes) and closed. The caller closes an
   * open response.
   */
  Outcome<ClassicHttpResponse> open(HttpUriRequestBase request) throws IOException {
    authorization.ifPresent(a -> request.setHeader(HttpHeaders.AUTHORIZATION, a));
    ClassicHttpResponse response = client.executeOpen(null, request, null);
    int status = response.getCode();
    if (status >= 200 && status < 300) {
      return Outcome.done(response);
    }
    try (response) {
      return Outcome.failed(raw(response, MAX_ERROR_BODY));
    }
  }

  /** Sends the request once and reads the whole answer (at most {@code maxBody} bytes). */
  Raw send(HttpUriRequestBase request, int maxBody) throws IOException {
    authorization.ifPresent(a -> request.setHeader(HttpHeaders.AUTHORIZATION, a));
    return client.execute(request, response -> raw(response, maxBody));
  }

  private static Raw raw(ClassicHttpResponse response, int maxBody) throws IOException {
    HttpEntity entity = response.getEntity();
    byte[] bytes = entity == null ? new byte[0] : EntityUtils.toByteArray(entity, maxBody);
    Header retryAfter = response.getFirstHeader(HttpHeaders.RETRY_AFTER);
    return new Raw(
        response.getCode(), bytes, Optional.ofNullable(retryAfter).map(Header::getValue));
  }

  /** The base URI without user info or trailing slash: what requests are sent to. */
  String base() {
    return base;
  }

  /** The URI without user info, query, fragment or trailing slash. */
  static String baseOf(URI uri) {
    return stripSlash(withoutUserInfo(uri).toString());
  }

  private Raw execute(Endpoint<?, ?> endpoint, String url, byte[] body) throws IOException {
    HttpUriRequestBase request;
    if (body == null) {
      request = new HttpGet(url);
    } else {
      HttpPost post = new HttpPost(url);
      post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
      request = post;
    }
    long started = System.nanoTime();
    Raw raw = send(request, Integer.MAX_VALUE);
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "{} {} -> {} ({} ms)",
          endpoint.method(),
          endpoint.apiPath(),
          raw.status(),
          (System.nanoTime() - started) / 1_000_000);
    }
    return raw;
  }

  private static <R> R decode(Endpoint<?, R> endpoint, Raw raw) {
    return decode(endpoint.apiPath(), endpoint.responseType(), raw);
  }

  /** Reads a successful answer's JSON body as the type; an unreadable body is INTERNAL_ERROR. */
  static <R> R decode(String apiPath, Class<R> type, Raw raw) {
    String text = new String(raw.body(), StandardCharsets.UTF_8);
    // MLflow's client reads an empty body or the bare text "200 OK" as {}.
    if (text.isBlank() || text.trim().equals("200 OK")) {
      text = "{}";
    }
    try {
      return RestJson.read(type, text);
    } catch (RuntimeException e) {
      throw new MlflowException(
          ErrorCode.INTERNAL_ERROR,
          "API request to endpoint "
              + apiPath
              + " was successful but the response body was not in a valid JSON format: "
              + e.getMessage()
              + ". Response body: '"
              + excerpt(text)
              + "'",
          e);
    }
  }

  /**
   * The exception for a non-2xx answer: the server's JSON error, or one derived from the status.
   */
  static MlflowHttpException error(String apiPath, Raw raw) {
    String text = new String(raw.body(), StandardCharsets.UTF_8);
    if (text.trim().startsWith("{")) {
      try {
        ErrorResponse error = RestJson.read(ErrorResponse.class, text);
        ErrorCode code =
            DIGITS.matcher(error.errorCode()).matches()
                ? codeForStatus(Integer.parseInt(error.errorCode()))
                : error.code();
        String message =
            error.message().isEmpty() ? "Response: " + excerpt(text.trim()) : error.message();
        return new MlflowHttpException(code, message, raw.status());
      } catch (RuntimeException notAnErrorBody) {
        // falls through to the status mapping, as for any other body
      }
    }
    return new MlflowHttpException(
        codeForStatus(raw.status()),
        "API request to endpoint "
            + apiPath
            + " failed with error code "
            + raw.status()
            + " != 200. Response body: '"
            + excerpt(text)
            + "'",
        raw.status());
  }

  /** The code MLflow's client derives from an HTTP status alone (spec/errors.md §2). */
  static ErrorCode codeForStatus(int status) {
    switch (status) {
      case 400:
        return ErrorCode.BAD_REQUEST;
      case 401:
        return ErrorCode.UNAUTHENTICATED;
      case 403:
        return ErrorCode.PERMISSION_DENIED;
      case 404:
        return ErrorCode.ENDPOINT_NOT_FOUND;
      case 409:
        return ErrorCode.ALREADY_EXISTS;
      case 429:
        return ErrorCode.RESOURCE_EXHAUSTED;
      case 499:
        return ErrorCode.CANCELLED;
      case 501:
        return ErrorCode.NOT_IMPLEMENTED;
      case 503:
        return ErrorCode.TEMPORARILY_UNAVAILABLE;
      case 504:
        return ErrorCode.DEADLINE_EXCEEDED;
      default:
        return ErrorCode.INTERNAL_ERROR;
    }
  }

  private MlflowException transportError(
      String target, IOException e, boolean timedOut, int attempts, boolean replayable) {
    String tries = attempts == 1 ? "1 attempt" : attempts + " attempts";
    if (timedOut) {
      return new MlflowException(
          ErrorCode.INTERNAL_ERROR,
          "API request to "
              + target
              + " timed out after "
              + tries
              + ": no answer within the timeout of "
              + seconds(options.timeout())
              + " s. Set MLFLOW_HTTP_REQUEST_TIMEOUT to a larger number of seconds if the server"
              + " needs longer."
              + notRetried(replayable),
          e);
    }
    return new MlflowException(
        ErrorCode.INTERNAL_ERROR,
        "API request to "
            + target
            + " failed after "
            + tries
            + ": "
            + describe(e)
            + ". Is the tracking server running and reachable at "
            + shownBase
            + "?"
            + notRetried(replayable),
        e);
  }

  private static String notRetried(boolean replayable) {
    return replayable
        ? ""
        : " Not retried: the request body had been partly sent and cannot be sent again.";
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static boolean isTimeout(IOException e) {
    return e instanceof SocketTimeoutException || e instanceof ConnectTimeoutException;
  }

  private static boolean isRetryable(IOException e) {
    // A certificate or handshake failure will not heal by trying again.
    return !(e instanceof SSLException);
  }

  /** The wait before retry {@code n} (1-based): 0 for the first, then factor * 2^(n-1) + jitter. */
  Duration backoff(int retry) {
    if (retry <= 1) {
      return Duration.ZERO;
    }
    double seconds =
        options.backoffFactor() * Math.pow(2, retry - 1)
            + random.getAsDouble() * options.backoffJitter();
    double capped = Math.max(0, Math.min(seconds, MAX_BACKOFF.getSeconds()));
    return Duration.ofNanos((long) (capped * 1e9));
  }

  private Optional<Duration> retryAfter(Raw raw) {
    if (!options.respectRetryAfter() || !RETRY_AFTER_STATUSES.contains(raw.status())) {
      return Optional.empty();
    }
    return raw.retryAfter().flatMap(HttpCaller::parseRetryAfter);
  }

  /** A {@code Retry-After} value: seconds or an HTTP date; empty when unreadable. */
  static Optional<Duration> parseRetryAfter(String value) {
    String v = value.trim();
    if (DIGITS.matcher(v).matches()) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration until = Duration.between(ZonedDateTime.now(at.getZone()), at);
      return Optional.of(until.isNegative() ? Duration.ZERO : until);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private void sleep(Duration wait) {
    if (wait.isZero()) {
      return;
    }
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MlflowException(
          ErrorCode.INTERNAL_ERROR, "Interrupted while waiting to retry a request", e);
    }
  }

  private static Optional<String> authorization(RestStoreOptions options, URI uri) {
    Optional<String> user = options.username();
    Optional<String> password = options.password();
    String userInfo = uri.getRawUserInfo();
    if ((user.isEmpty() || password.isEmpty()) && userInfo != null && userInfo.contains(":")) {
      // credentials in the URI, as requests reads them
      int colon = userInfo.indexOf(':');
      user = Optional.of(URLDecoder.decode(userInfo.substring(0, colon), StandardCharsets.UTF_8));
      password =
          Optional.of(URLDecoder.decode(userInfo.substring(colon + 1), StandardCharsets.UTF_8));
    }
    if (user.isPresent() && password.isPresent()) {
      String pair = user.get() + ":" + password.get();
      return Optional.of(
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }
    return options.token().map(t -> "Bearer " + t);
  }

  private static TlsSocketStrategy tlsStrategy(RestStoreOptions options) {
    ClientTlsStrategyBuilder tls = ClientTlsStrategyBuilder.create();
    if (options.insecureTls()) {
      tls.setSslContext(sslContext(new TrustManager[] {TrustAll.INSTANCE}))
          .setHostVerificationPolicy(HostnameVerificationPolicy.CLIENT)
          .setHostnameVerifier(NoopHostnameVerifier.INSTANCE);
    } else if (options.serverCertPath().isPresent()) {
      tls.setSslContext(sslContext(trustManagers(options.serverCertPath().get())));
    } else {
      tls.useSystemProperties();
    }
    return tls.buildClassic();
  }

  private static SSLContext sslContext(TrustManager[] trustManagers) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trustManagers, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new MlflowException(ErrorCode.INTERNAL_ERROR, "Cannot set up TLS: " + e, e);
    }
  }

  private static TrustManager[] trustManagers(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certificates.isEmpty()) {
        throw MlflowException.invalidParameter(
            "MLFLOW_TRACKING_SERVER_CERT_PATH " + pem + " holds no PEM certificate");
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate c : certificates) {
        store.setCertificateEntry("ca-" + i++, c);
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return factory.getTrustManagers();
    } catch (IOException e) {
      throw MlflowException.invalidParameter(
          "Cannot read MLFLOW_TRACKING_SERVER_CERT_PATH " + pem + ": " + e);
    } catch (GeneralSecurityException e) {
      throw MlflowException.invalidParameter(
          "MLFLOW_TRACKING_SERVER_CERT_PATH " + pem + " is not a PEM CA bundle: " + e);
    }
  }

  /** Trusts every certificate: MLFLOW_TRACKING_INSECURE_TLS. */
  private enum TrustAll implements X509TrustManager {
    INSTANCE;

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  static URI withoutUserInfo(URI uri) {
    if (uri.getRawUserInfo() == null) {
      return uri;
    }
    try {
      return new URI(
          uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static String stripSlash(String s) {
    String out = s;
    int q = out.indexOf('?');
    if (q >= 0) {
      out = out.substring(0, q);
    }
    int f = out.indexOf('#');
    if (f >= 0) {
      out = out.substring(0, f);
    }
    while (out.endsWith("/")) {
      out = out.substring(0, out.length() - 1);
    }
    return out;
  }

  static String excerpt(String text) {
    return text.length() <= EXCERPT_CHARS ? text : text.substring(0, EXCERPT_CHARS) + "...";
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0
        ? Long.toString(d.getSeconds())
        : Double.toString(d.toMillis() / 1000.0);
  }

  private static String version() {
    Properties p = new Properties();
    try (InputStream in = HttpCaller.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.getProperty("version", "unknown");
  }

  /** The version of MLflow4j sent in the {@code User-Agent} header. */
  static String userAgent() {
    return USER_AGENT;
  }

  static double uniform() {
    return ThreadLocalRandom.current().nextDouble();
  }

  @Override
  public void close() {
    client.close(CloseMode.GRACEFUL);
  }

  /** A received response: status, body and the {@code Retry-After} header. */
  record Raw(int status, byte[] body, Optional<String> retryAfter) {}
}
