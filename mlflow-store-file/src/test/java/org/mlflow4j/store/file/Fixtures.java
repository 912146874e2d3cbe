package org.mlflow4j.store.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The golden file store that MLflow 2.22 wrote (src/test/resources/mlflow-filestore). */
final class Fixtures {
  static final String EXPERIMENT_ID = "119295154279751302";
  static final String DELETED_EXPERIMENT_ID = "692818255579204580";
  static final String FINISHED_RUN = "3ec3ccd476c84381a9279f083ee7fafe";
  static final String CHILD_RUN = "0631351c73f74a489497e1e77cf05057";
  static final String DELETED_RUN = "a7e59d40e1a64f9caec244e80385f33c";

  private Fixtures() {}

  /** The read-only original in target/test-classes. */
  static Path original() {
    try {
      return Path.of(Fixtures.class.getResource("/mlflow-filestore/mlruns").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A fresh copy of the golden mlruns at {@code target}. */
  static Path copyTo(Path target) {
    Path source = original();
    try (Stream<Path> walk = Files.walk(source)) {
      walk.forEach(
          p -> {
            Path dest = target.resolve(source.relativize(p).toString());
            try {
              if (Files.isDirectory(p)) {
                Files.createDirectories(dest);
              } else {
                Files.copy(p, dest);
              }
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target;
  }
}
