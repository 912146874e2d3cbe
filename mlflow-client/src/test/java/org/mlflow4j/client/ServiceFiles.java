package org.mlflow4j.client;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/** Class loaders that add a {@code META-INF/services} file, for discovery tests. */
final class ServiceFiles {
  private ServiceFiles() {}

  /**
   * A class loader (child of this class's) whose extra classpath root {@code dir} holds a services
   * file for {@code service} listing the given class names.
   */
  static ClassLoader loaderListing(Path dir, Class<?> service, String... classNames)
      throws IOException {
    Path services = Files.createDirectories(dir.resolve("META-INF/services"));
    Files.writeString(
        services.resolve(service.getName()),
        "# test providers\n" + String.join("\n", classNames) + "\n");
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, ServiceFiles.class.getClassLoader());
  }
}
