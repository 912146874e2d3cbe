package org.mlflow4j.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.FileInfo;
import org.mlflow4j.rest.protocol.ListArtifactsResponse;
import org.mlflow4j.store.TrackingUris;
import org.mlflow4j.store.support.Validation;

/**
 * Lists one level of a run's artifacts for {@code artifacts/list}, as MLflow's local artifact
 * repository does: entries sorted by path, paths relative to the run's artifact root, sizes of
 * non-empty files only; a file or a missing directory lists as nothing. Only local roots ({@code
 * file:} URIs and plain paths) are read; any other root is {@code NOT_IMPLEMENTED} for now.
 * Stateless; thread-safe.
 */
final class ArtifactLister {

  ListArtifactsResponse list(String artifactRoot, String path) {
    Validation.validatePathIsSafe(path);
    Path root = localRoot(artifactRoot);
    String relative = trimSlashes(path);
    Path dir;
    try {
      dir = relative.isEmpty() ? root : root.resolve(relative).normalize();
    } catch (InvalidPathException e) {
      throw MlflowException.invalidParameter("Invalid path: '" + path + "'");
    }
    if (!dir.startsWith(root)) {
      throw MlflowException.invalidParameter("Invalid path: '" + path + "'");
    }
    List<FileInfo> files = new ArrayList<>();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> entries = Files.list(dir)) {
        for (Path entry : (Iterable<Path>) entries::iterator) {
          files.add(fileInfo(entry, relative));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Could not list artifacts in " + dir, e);
      }
    }
    files.sort(Comparator.comparing(FileInfo::path));
    return new ListArtifactsResponse(Optional.of(artifactRoot), files, Optional.empty());
  }

  private static FileInfo fileInfo(Path entry, String relative) throws IOException {
    String name = entry.getFileName().toString();
    String path = relative.isEmpty() ? name : relative + "/" + name;
    BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class);
    if (attributes.isDirectory()) {
      return new FileInfo(path, true, OptionalLong.empty());
    }
    long size = attributes.size();
    // MLflow omits file_size for empty files (proto default left unset).
    return new FileInfo(path, false, size == 0 ? OptionalLong.empty() : OptionalLong.of(size));
  }

  private static String trimSlashes(String path) {
    String p = path.replaceAll("/+", "/");
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    if (p.equals(".")) {
      p = "";
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  /** The directory of a local artifact root; NOT_IMPLEMENTED for remote roots. */
  static Path localRoot(String artifactRoot) {
    if (!TrackingUris.scheme(artifactRoot).equals("file")) {
      throw new MlflowException(
          ErrorCode.NOT_IMPLEMENTED,
          "Listing artifacts is only supported for local artifact roots (file: URIs and paths);"
              + " the run's artifact root is '"
              + artifactRoot
              + "'");
    }
    try {
      if (artifactRoot.regionMatches(true, 0, "file:", 0, 5)) {
        return Path.of(new URI(artifactRoot)).toAbsolutePath().normalize();
      }
      return Path.of(artifactRoot).toAbsolutePath().normalize();
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new MlflowException(
          ErrorCode.INTERNAL_ERROR, "Unreadable artifact root '" + artifactRoot + "'", e);
    }
  }
}
