package org.mlflow4j.store;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link TrackingStoreProvider} needs to create a store: the tracking URI, and the
 * settings ({@code MLFLOW_*} variables) it may consult, read through one injectable map so that
 * tests never touch the real environment.
 *
 * <p>Immutable.
 *
 * @param trackingUri the tracking URI as resolved, e.g. {@code ./mlruns}, {@code file:///data/mlruns}
 * @param settings the settings by name, usually the process environment
 */
public record StoreContext(String trackingUri, Map<String, String> settings) {
  /** Checks for nulls and copies the settings. */
  public StoreContext {
    Objects.requireNonNull(trackingUri, "trackingUri");
    settings = Map.copyOf(settings);
  }

  /** A context with the given URI and no settings. */
  public static StoreContext of(String trackingUri) {
    return new StoreContext(trackingUri, Map.of());
  }

  /** The setting of the given name, if set and not blank. */
  public Optional<String> setting(String name) {
    return Optional.ofNullable(settings.get(name)).filter(v -> !v.isBlank());
  }

  /**
   * The boolean setting of the given name: {@code true/false/1/0} in any case, as MLflow reads
   * them; the default when unset; any other value is an {@code INVALID_PARAMETER_VALUE} error.
   */
  public boolean booleanSetting(String name, boolean defaultValue) {
    return setting(name).map(v -> parseBoolean(name, v)).orElse(defaultValue);
  }

  private static boolean parseBoolean(String name, String value) {
    switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true":
      case "1":
        return true;
      case "false":
      case "0":
        return false;
      default:
        throw org.mlflow4j.MlflowException.invalidParameter(
            name + " value must be one of ['true', 'false', '1', '0'] (case-insensitive), but got "
                + value);
    }
  }

  /** The scheme of the tracking URI, lowercase; {@code file} for a plain path. */
  public String scheme() {
    return TrackingUris.scheme(trackingUri);
  }
}
