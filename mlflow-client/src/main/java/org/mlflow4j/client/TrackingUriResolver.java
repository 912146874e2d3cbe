package org.mlflow4j.client;

import java.util.Map;
import java.util.Optional;

/** Resolves the tracking URI: explicit, then {@code MLFLOW_TRACKING_URI}, then the default. */
final class TrackingUriResolver {
  /** The environment variable naming the tracking URI. */
  static final String TRACKING_URI_VARIABLE = "MLFLOW_TRACKING_URI";

  /**
   * The URI used when nothing else is set. The one place it is written: MLflow 2.22's default,
   * the file store under the working directory (MLflow 3.6 switched to {@code
   * sqlite:///mlflow.db}; see spec/conventions.md §2.3).
   */
  static final String DEFAULT_TRACKING_URI = "./mlruns";

  private TrackingUriResolver() {}

  static String resolve(Optional<String> explicit, Map<String, String> environment) {
    return explicit
        .filter(uri -> !uri.isBlank())
        .or(() -> Optional.ofNullable(environment.get(TRACKING_URI_VARIABLE)))
        .filter(uri -> !uri.isBlank())
        .map(String::trim)
        .orElse(DEFAULT_TRACKING_URI);
  }
}
