package org.mlflow4j.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Resolves the tracking URI: explicit, then {@code MLFLOW_TRACKING_URI}, then the default. */
final class TrackingUriResolver {
  /** The environment variable naming the tracking URI. */
  static final String TRACKING_URI_VARIABLE = "MLFLOW_TRACKING_URI";

  private TrackingUriResolver() {}

  static String resolve(
      Optional<String> explicit, Map<String, String> environment, Path workingDirectory) {
    return explicit
        .filter(uri -> !uri.isBlank())
        .or(() -> Optional.ofNullable(environment.get(TRACKING_URI_VARIABLE)))
        .filter(uri -> !uri.isBlank())
        .map(String::trim)
        .orElseGet(() -> defaultUri(workingDirectory));
  }

  /**
   * The URI used when nothing else is set, as MLflow 3.6 chooses it (spec/conventions.md §2.3):
   * the file store {@code file://<cwd>/mlruns} when {@code ./mlruns} already holds an experiment
   * (a directory of digits with a {@code meta.yaml}), so that existing users keep their data;
   * otherwise the SQLite database {@code sqlite:///<cwd>/mlflow.db}. Both made absolute.
   */
  static String defaultUri(Path workingDirectory) {
    Path cwd = workingDirectory.toAbsolutePath().normalize();
    Path mlruns = cwd.resolve("mlruns");
    if (holdsExperiments(mlruns)) {
      return "file://" + mlruns;
    }
    return "sqlite:///" + cwd.resolve("mlflow.db");
  }

  private static boolean holdsExperiments(Path mlruns) {
    if (!Files.isDirectory(mlruns)) {
      return false;
    }
    try (Stream<Path> children = Files.list(mlruns)) {
      return children.anyMatch(
          child ->
              child.getFileName().toString().matches("\\d+")
                  && Files.isRegularFile(child.resolve("meta.yaml")));
    } catch (IOException e) {
      return false;
    }
  }
}
