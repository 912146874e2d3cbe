package org.mlflow4j.store.rest.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.mlflow4j.MlflowException;
import org.mlflow4j.store.StoreContext;
import org.mlflow4j.store.TrackingStore;
import org.mlflow4j.store.TrackingStoreProvider;
import org.mlflow4j.store.rest.RestStoreOptions;
import org.mlflow4j.store.rest.RestTrackingStore;

/**
 * Provides {@link RestTrackingStore} for {@code http} and {@code https} tracking URIs, configured
 * by MLflow's settings (spec/conventions.md §1): {@code MLFLOW_HTTP_REQUEST_MAX_RETRIES}, {@code
 * _BACKOFF_FACTOR}, {@code _BACKOFF_JITTER}, {@code _TIMEOUT}, {@code
 * MLFLOW_HTTP_RESPECT_RETRY_AFTER_HEADER}, {@code MLFLOW_TRACKING_USERNAME}, {@code _PASSWORD},
 * {@code _TOKEN}, {@code MLFLOW_TRACKING_INSECURE_TLS} and {@code
 * MLFLOW_TRACKING_SERVER_CERT_PATH}. A bad value is {@code INVALID_PARAMETER_VALUE} before any
 * request is sent.
 *
 * <p>Not API. Stateless and thread-safe; the constructor does no I/O.
 */
public final class RestTrackingStoreProvider implements TrackingStoreProvider {
  /** Retries after the first attempt (below 10). */
  public static final String MAX_RETRIES = "MLFLOW_HTTP_REQUEST_MAX_RETRIES";

  /** Backoff factor in seconds (below 120). */
  public static final String BACKOFF_FACTOR = "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR";

  /** Most random seconds added to a backoff. */
  public static final String BACKOFF_JITTER = "MLFLOW_HTTP_REQUEST_BACKOFF_JITTER";

  /** Connect and response timeout in seconds. */
  public static final String TIMEOUT = "MLFLOW_HTTP_REQUEST_TIMEOUT";

  /** Whether Retry-After is honoured. */
  public static final String RESPECT_RETRY_AFTER = "MLFLOW_HTTP_RESPECT_RETRY_AFTER_HEADER";

  /** HTTP Basic user. */
  public static final String USERNAME = "MLFLOW_TRACKING_USERNAME";

  /** HTTP Basic password. */
  public static final String PASSWORD = "MLFLOW_TRACKING_PASSWORD";

  /** Bearer token. */
  public static final String TOKEN = "MLFLOW_TRACKING_TOKEN";

  /** Skip TLS verification. */
  public static final String INSECURE_TLS = "MLFLOW_TRACKING_INSECURE_TLS";

  /** PEM CA bundle for the server. */
  public static final String SERVER_CERT_PATH = "MLFLOW_TRACKING_SERVER_CERT_PATH";

  /** A provider; does nothing until {@link #create} is called. */
  public RestTrackingStoreProvider() {}

  @Override
  public Set<String> schemes() {
    return Set.of("http", "https");
  }

  @Override
  public TrackingStore create(StoreContext context) {
    return RestTrackingStore.open(options(context));
  }

  /** The options the settings of the context give; a bad setting is INVALID_PARAMETER_VALUE. */
  public static RestStoreOptions options(StoreContext context) {
    URI uri;
    try {
      uri = new URI(context.trackingUri().trim());
    } catch (URISyntaxException e) {
      throw MlflowException.invalidParameter(
          "The tracking URI is not a valid URI: " + e.getMessage());
    }
    RestStoreOptions.Builder b = RestStoreOptions.builder(uri);
    context.setting(MAX_RETRIES).ifPresent(v -> b.maxRetries(integer(MAX_RETRIES, v)));
    context.setting(BACKOFF_FACTOR).ifPresent(v -> b.backoffFactor(integer(BACKOFF_FACTOR, v)));
    context.setting(BACKOFF_JITTER).ifPresent(v -> b.backoffJitter(number(BACKOFF_JITTER, v)));
    context
        .setting(TIMEOUT)
        .ifPresent(v -> b.timeout(Duration.ofSeconds(positive(TIMEOUT, integer(TIMEOUT, v)))));
    b.respectRetryAfter(context.booleanSetting(RESPECT_RETRY_AFTER, true));
    b.username(context.setting(USERNAME));
    b.password(context.setting(PASSWORD));
    b.token(context.setting(TOKEN));
    b.insecureTls(context.booleanSetting(INSECURE_TLS, false));
    b.serverCertPath(context.setting(SERVER_CERT_PATH).map(Path::of));
    return b.build();
  }

  private static int integer(String name, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw MlflowException.invalidParameter(name + " must be an integer, but got '" + value + "'");
    }
  }

  private static double number(String name, String value) {
    try {
      double d = Double.parseDouble(value.trim());
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw MlflowException.invalidParameter(name + " must be a number, but got '" + value + "'");
    }
  }

  private static int positive(String name, int value) {
    if (value <= 0) {
      throw MlflowException.invalidParameter(
          name + " must be a positive number of seconds, but got " + value);
    }
    return value;
  }

  @Override
  public String artifact() {
    return "org.mlflow4j:mlflow-store-rest";
  }
}
