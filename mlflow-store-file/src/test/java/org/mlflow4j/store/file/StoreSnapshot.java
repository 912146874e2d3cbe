package org.mlflow4j.store.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Every path below a directory with the content of each file, to prove nothing changed. */
final class StoreSnapshot {
  private StoreSnapshot() {}

  static Map<String, String> of(Path dir) {
    Map<String, String> snapshot = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.forEach(
          p -> {
            try {
              snapshot.put(
                  dir.relativize(p).toString(),
                  Files.isRegularFile(p) ? Files.readString(p) : "<dir>");
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return snapshot;
  }
}
