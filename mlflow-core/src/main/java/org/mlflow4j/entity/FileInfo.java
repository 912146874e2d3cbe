package org.mlflow4j.entity;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * An entry of an artifact listing.
 *
 * <p>Immutable.
 *
 * @param path the POSIX path relative to the run's artifact root
 * @param isDir whether it is a directory
 * @param fileSize the size in bytes of a file; empty for directories
 */
public record FileInfo(String path, boolean isDir, OptionalLong fileSize) {
  /** Checks for nulls. */
  public FileInfo {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(fileSize, "fileSize");
  }
}
