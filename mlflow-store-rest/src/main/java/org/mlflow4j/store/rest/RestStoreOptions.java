package org.mlflow4j.store.rest;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.mlflow4j.MlflowException;

/**
 * How a {@link RestTrackingStore} reaches its server: base URI, retry policy, timeout, credentials
 * and TLS. Defaults are MLflow's (spec/errors.md §4): 7 retries, backoff factor 2, 1 s jitter, 120
 * s timeout, {@code Retry-After} honoured, a pool of 10 connections.
 *
 * <p>Immutable. {@link #toString()} never shows the password or token.
 *
 * @param baseUri the server's base URI, e.g. {@code http://127.0.0.1:5000}; endpoint paths are
 *     appended to it
 * @param maxRetries retries after the first attempt, 0 to 9 (MLflow's cap is below 10)
 * @param backoffFactor seconds of the exponential backoff {@code factor * 2^(n-1)}, 0 to below 120
 * @param backoffJitter the upper bound of the uniform random seconds added to each backoff, ≥ 0
 * @param timeout the connect timeout and, separately, the response timeout of each attempt
 * @param respectRetryAfter whether a {@code Retry-After} header on 429 and 503 sets the wait
 * @param username the user of HTTP Basic auth (used only together with a password)
 * @param password the password of HTTP Basic auth
 * @param token the bearer token, used when there are no Basic credentials
 * @param insecureTls whether to skip certificate and hostname checks (not with {@code
 *     serverCertPath})
 * @param serverCertPath a PEM file of CA certificates that the server's certificate must chain to
 * @param poolSize the most pooled keep-alive connections to the server, ≥ 1
 */
public record RestStoreOptions(
    URI baseUri,
    int maxRetries,
    double backoffFactor,
    double backoffJitter,
    Duration timeout,
    boolean respectRetryAfter,
    Optional<String> username,
    Optional<String> password,
    Optional<String> token,
    boolean insecureTls,
    Optional<Path> serverCertPath,
    int poolSize) {

  /** MLflow's default number of retries. */
  public static final int DEFAULT_MAX_RETRIES = 7;

  /** MLflow's cap: the number of retries must be below this. */
  public static final int MAX_RETRIES_LIMIT = 10;

  /** MLflow's default backoff factor, in seconds. */
  public static final double DEFAULT_BACKOFF_FACTOR = 2;

  /** MLflow's cap: the backoff factor must be below this. */
  public static final double BACKOFF_FACTOR_LIMIT = 120;

  /** MLflow's default jitter, in seconds. */
  public static final double DEFAULT_BACKOFF_JITTER = 1.0;

  /** MLflow's default request timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

  /** MLflow's default connection pool size. */
  public static final int DEFAULT_POOL_SIZE = 10;

  /** Checks every field; a bad value is {@code INVALID_PARAMETER_VALUE}. */
  public RestStoreOptions {
    Objects.requireNonNull(baseUri, "baseUri");
    String scheme = baseUri.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || baseUri.getHost() == null) {
      throw MlflowException.invalidParameter(
          "The tracking URI must be an http or https URI with a host, but got "
              + RestTrackingStore.redact(baseUri));
    }
    if (maxRetries < 0 || maxRetries >= MAX_RETRIES_LIMIT) {
      throw MlflowException.invalidParameter(
          "The configured max_retries value ("
              + maxRetries
              + ") is out of range: it must be at least 0 and less than "
              + MAX_RETRIES_LIMIT
              + " (MLFLOW_HTTP_REQUEST_MAX_RETRIES)");
    }
    if (!(backoffFactor >= 0) || backoffFactor >= BACKOFF_FACTOR_LIMIT) {
      throw MlflowException.invalidParameter(
          "The configured backoff_factor value ("
              + backoffFactor
              + ") is out of range: it must be at least 0 and less than "
              + (int) BACKOFF_FACTOR_LIMIT
              + " (MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR)");
    }
    if (!(backoffJitter >= 0) || Double.isInfinite(backoffJitter)) {
      throw MlflowException.invalidParameter(
          "The configured backoff_jitter value ("
              + backoffJitter
              + ") must be a finite number of seconds, at least 0"
              + " (MLFLOW_HTTP_REQUEST_BACKOFF_JITTER)");
    }
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw MlflowException.invalidParameter(
          "The request timeout must be positive, but got "
              + timeout
              + " (MLFLOW_HTTP_REQUEST_TIMEOUT)");
    }
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(serverCertPath, "serverCertPath");
    if (insecureTls && serverCertPath.isPresent()) {
      throw MlflowException.invalidParameter(
          "When 'insecure' (MLFLOW_TRACKING_INSECURE_TLS) is true, 'server_cert_path'"
              + " (MLFLOW_TRACKING_SERVER_CERT_PATH) must not be set");
    }
    if (poolSize < 1) {
      throw MlflowException.invalidParameter(
          "The connection pool size must be at least 1, but got " + poolSize);
    }
  }

  /** Options with MLflow's defaults for the given base URI. */
  public static RestStoreOptions of(URI baseUri) {
    return builder(baseUri).build();
  }

  /** A builder with MLflow's defaults for the given base URI. */
  public static Builder builder(URI baseUri) {
    return new Builder(baseUri);
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    return toBuilder(baseUri);
  }

  /** These options with another base URI. */
  RestStoreOptions withBaseUri(URI uri) {
    return toBuilder(uri).build();
  }

  private Builder toBuilder(URI uri) {
    Builder b = new Builder(uri);
    b.maxRetries = maxRetries;
    b.backoffFactor = backoffFactor;
    b.backoffJitter = backoffJitter;
    b.timeout = timeout;
    b.respectRetryAfter = respectRetryAfter;
    b.username = username;
    b.password = password;
    b.token = token;
    b.insecureTls = insecureTls;
    b.serverCertPath = serverCertPath;
    b.poolSize = poolSize;
    return b;
  }

  @Override
  public String toString() {
    return "RestStoreOptions[baseUri="
        + RestTrackingStore.redact(baseUri)
        + ", maxRetries="
        + maxRetries
        + ", backoffFactor="
        + backoffFactor
        + ", backoffJitter="
        + backoffJitter
        + ", timeout="
        + timeout
        + ", respectRetryAfter="
        + respectRetryAfter
        + ", username="
        + username.map(u -> "***").orElse("<unset>")
        + ", password="
        + password.map(p -> "***").orElse("<unset>")
        + ", token="
        + token.map(t -> "***").orElse("<unset>")
        + ", insecureTls="
        + insecureTls
        + ", serverCertPath="
        + serverCertPath.map(Path::toString).orElse("<unset>")
        + ", poolSize="
        + poolSize
        + "]";
  }

  /** Builds {@link RestStoreOptions}; starts from MLflow's defaults. Not thread-safe. */
  public static final class Builder {
    private final URI baseUri;
    private int maxRetries = DEFAULT_MAX_RETRIES;
    private double backoffFactor = DEFAULT_BACKOFF_FACTOR;
    private double backoffJitter = DEFAULT_BACKOFF_JITTER;
    private Duration timeout = DEFAULT_TIMEOUT;
    private boolean respectRetryAfter = true;
    private Optional<String> username = Optional.empty();
    private Optional<String> password = Optional.empty();
    private Optional<String> token = Optional.empty();
    private boolean insecureTls;
    private Optional<Path> serverCertPath = Optional.empty();
    private int poolSize = DEFAULT_POOL_SIZE;

    private Builder(URI baseUri) {
      this.baseUri = Objects.requireNonNull(baseUri, "baseUri");
    }

    /** Retries after the first attempt (0 to 9). */
    public Builder maxRetries(int maxRetries) {
      this.maxRetries = maxRetries;
      return this;
    }

    /** The backoff factor in seconds (0 to below 120). */
    public Builder backoffFactor(double backoffFactor) {
      this.backoffFactor = backoffFactor;
      return this;
    }

    /** The most random seconds added to each backoff. */
    public Builder backoffJitter(double backoffJitter) {
      this.backoffJitter = backoffJitter;
      return this;
    }

    /** The connect and the response timeout of each attempt. */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** Whether {@code Retry-After} sets the wait before a retry. */
    public Builder respectRetryAfter(boolean respectRetryAfter) {
      this.respectRetryAfter = respectRetryAfter;
      return this;
    }

    /** HTTP Basic credentials (both are needed for Basic auth). */
    public Builder basicAuth(String username, String password) {
      this.username = Optional.of(username);
      this.password = Optional.of(password);
      return this;
    }

    /** The user of HTTP Basic auth, if any. */
    public Builder username(Optional<String> username) {
      this.username = username;
      return this;
    }

    /** The password of HTTP Basic auth, if any. */
    public Builder password(Optional<String> password) {
      this.password = password;
      return this;
    }

    /** The bearer token, used when no Basic credentials are set. */
    public Builder token(String token) {
      this.token = Optional.of(token);
      return this;
    }

    /** The bearer token, if any. */
    public Builder token(Optional<String> token) {
      this.token = token;
      return this;
    }

    /** Skip certificate and hostname verification. */
    public Builder insecureTls(boolean insecureTls) {
      this.insecureTls = insecureTls;
      return this;
    }

    /** A PEM file of CA certificates to verify the server with. */
    public Builder serverCertPath(Path serverCertPath) {
      this.serverCertPath = Optional.of(serverCertPath);
      return this;
    }

    /** A PEM file of CA certificates to verify the server with, if any. */
    public Builder serverCertPath(Optional<Path> serverCertPath) {
      this.serverCertPath = serverCertPath;
      return this;
    }

    /** The most pooled connections. */
    public Builder poolSize(int poolSize) {
      this.poolSize = poolSize;
      return this;
    }

    /** The options; a bad value is {@code INVALID_PARAMETER_VALUE}. */
    public RestStoreOptions build() {
      return new RestStoreOptions(
          baseUri,
          maxRetries,
          backoffFactor,
          backoffJitter,
          timeout,
          respectRetryAfter,
          username,
          password,
          token,
          insecureTls,
          serverCertPath,
          poolSize);
    }
  }
}
