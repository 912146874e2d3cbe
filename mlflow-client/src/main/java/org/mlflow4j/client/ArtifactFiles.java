package org.mlflow4j.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.mlflow4j.MlflowException;
import org.mlflow4j.store.support.ArtifactTransfers;
import org.mlflow4j.store.support.Validation;

/**
 * The artifact-file paths of {@code logText} and {@code logDict}, read as MLflow's Python client
 * reads them ({@code _log_artifact_helper}, {@code os.path.splitext}). Stateless.
 */
final class ArtifactFiles {
  private ArtifactFiles() {}

  /**
   * The path of an artifact file, checked: as given it must pass {@link
   * Validation#validatePathIsSafe} (stricter than Python, which normalises {@code a/../b.txt} to
   * {@code b.txt} and accepts it: a {@code ..} is refused wherever it appears); then normalised as
   * {@code posixpath.normpath}, split into directory and file name; the directory must pass {@link
   * Validation#validateArtifactPath}, and the name must name a file.
   *
   * @throws MlflowException {@code INVALID_PARAMETER_VALUE} otherwise
   */
  static String checkedFile(String artifactFile) {
    Objects.requireNonNull(artifactFile, "artifactFile");
    Validation.validatePathIsSafe(artifactFile);
    String normal = normpath(artifactFile);
    int slash = normal.lastIndexOf('/');
    String directory = slash < 0 ? "" : dirname(normal.substring(0, slash + 1));
    String name = normal.substring(slash + 1);
    if (name.isEmpty() || name.equals(".") || name.equals("..")) {
      throw MlflowException.invalidParameter(
          "Invalid artifact file: '" + artifactFile + "' names no file");
    }
    Validation.validateArtifactPath(directory);
    return ArtifactTransfers.safeRelativePath(ArtifactTransfers.join(directory, name));
  }

  /** Python's {@code posixpath.dirname} head: trailing slashes removed unless it is all slashes. */
  private static String dirname(String head) {
    String stripped = head.replaceAll("/+$", "");
    return stripped.isEmpty() ? head : stripped;
  }

  /** Python's {@code posixpath.normpath}. */
  static String normpath(String path) {
    if (path.isEmpty()) {
      return ".";
    }
    int initialSlashes = path.startsWith("/") ? 1 : 0;
    if (path.startsWith("//") && !path.startsWith("///")) {
      initialSlashes = 2;
    }
    List<String> parts = new ArrayList<>();
    for (String part : path.split("/", -1)) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      boolean last = !parts.isEmpty() && parts.get(parts.size() - 1).equals("..");
      if (!part.equals("..") || (initialSlashes == 0 && parts.isEmpty()) || last) {
        parts.add(part);
      } else if (!parts.isEmpty()) {
        parts.remove(parts.size() - 1);
      }
    }
    String joined = "/".repeat(initialSlashes) + String.join("/", parts);
    return joined.isEmpty() ? "." : joined;
  }

  /**
   * The extension as Python's {@code os.path.splitext} gives it: from the last dot of the file
   * name, if something other than dots precedes it ({@code .yaml} alone has none); else empty.
   */
  static String extension(String path) {
    int slash = path.lastIndexOf('/');
    int dot = path.lastIndexOf('.');
    if (dot <= slash) {
      return "";
    }
    for (int i = slash + 1; i < dot; i++) {
      if (path.charAt(i) != '.') {
        return path.substring(dot);
      }
    }
    return "";
  }
}
