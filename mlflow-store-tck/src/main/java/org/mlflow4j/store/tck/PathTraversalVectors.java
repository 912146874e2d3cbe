package org.mlflow4j.store.tck;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Artifact paths that try to leave an artifact root or to be read differently by another layer:
 * every trick of MLflow's {@code validate_path_is_safe} (spec/validation.md §12, spec/artifacts.md
 * §6) in its plain, percent-encoded, double- and triple-encoded forms, plus the tricks of Windows
 * paths, {@code file:} URIs and servlet path parameters. Every one of them must be refused with
 * {@code INVALID_PARAMETER_VALUE} wherever a caller's artifact path is accepted: by artifact
 * repositories ({@link ArtifactRepositoryCompatibilityKit} checks them on every primitive), by the
 * tracking server's artifact endpoints and by clients checking the paths a server lists.
 *
 * <p>Immutable and thread-safe.
 */
public final class PathTraversalVectors {
  private PathTraversalVectors() {}

  /**
   * One unsafe path.
   *
   * <p>Immutable.
   *
   * @param name a short, unique name for test reports, e.g. {@code double-encoded-parent}
   * @param path the path exactly as a caller would send it (not yet URL-encoded for a URI)
   */
  public record Vector(String name, String path) {
    /** Checks for nulls. */
    public Vector {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(path, "path");
    }

    /** The name and the path with control characters made visible, for test reports. */
    @Override
    public String toString() {
      StringBuilder visible = new StringBuilder();
      for (char c : path.toCharArray()) {
        if (c < 0x20 || c == 0x7f) {
          visible.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
        } else {
          visible.append(c);
        }
      }
      return name + " [" + visible + "]";
    }
  }

  private static final List<Vector> ALL =
      List.of(
          // ".." segments
          new Vector("parent", ".."),
          new Vector("parent-file", "../x"),
          new Vector("inner-parent", "a/../b"),
          new Vector("trailing-parent", "a/.."),
          new Vector("escaping-parent", "a/../../x"),
          new Vector("current-then-parent", "./../x"),
          // percent-encoded, once and repeatedly (decoded until stable, at most 10 rounds)
          new Vector("encoded-parent", "%2e%2e/x"),
          new Vector("encoded-parent-and-slash", "%2E%2E%2Fx"),
          new Vector("encoded-slash", "..%2fx"),
          new Vector("encoded-inner-parent", "a/%2e%2e/%2e%2e/x"),
          new Vector("double-encoded-parent", "%252e%252e%252fx"),
          new Vector("triple-encoded-parent", "%25252e%25252e%25252fx"),
          new Vector("encoded-beyond-ten-rounds", "a%" + "25".repeat(10) + "41"),
          // separators other than "/"
          new Vector("backslash-parent", "..\\x"),
          new Vector("backslash", "a\\b"),
          new Vector("encoded-backslash-parent", "..%5cx"),
          new Vector("encoded-backslash", "a%5Cb"),
          // "#" ends the path part of a URL
          new Vector("hash", "a#b"),
          new Vector("encoded-hash", "a%23b"),
          new Vector("double-encoded-hash", "a%2523b"),
          // path parameters: servlet containers strip ";..." from a segment
          new Vector("semicolon-parent", "..;/x"),
          new Vector("path-parameter-parent", "a/..;jsessionid=1/x"),
          // absolute paths, POSIX and Windows
          new Vector("absolute", "/etc/passwd"),
          new Vector("encoded-absolute", "%2fetc%2fpasswd"),
          new Vector("double-slash-share", "//server/share"),
          new Vector("drive-backslash", "C:\\x"),
          new Vector("drive-slash", "C:/x"),
          new Vector("drive-relative", "C:x"),
          new Vector("unc-share", "\\\\server\\share"),
          new Vector("encoded-unc-share", "%5c%5cserver%5cshare"),
          // control characters, NUL first
          new Vector("nul", "a\u0000b"),
          new Vector("encoded-nul", "a%00b"),
          new Vector("encoded-nul-extension", "x.txt%00.png"),
          new Vector("newline", "a\nb"),
          new Vector("encoded-newline", "a%0ab"),
          new Vector("carriage-return", "a\rb"),
          new Vector("tab", "a\tb"),
          new Vector("unit-separator", "a\u001fb"),
          new Vector("delete-character", "a\u007fb"),
          // file: URIs are read as the local path they name
          new Vector("file-uri-absolute", "file:///etc/passwd"),
          new Vector("file-uri-slash", "file:/etc/passwd"),
          new Vector("file-uri-parent", "file:../x"),
          new Vector("file-uri-host", "file://host/x"),
          new Vector("file-uri-uppercase", "FILE:///x"),
          new Vector("file-uri-encoded-parent", "file:%2e%2e/x"),
          new Vector("encoded-file-uri", "file%3a%2f%2f%2fetc%2fpasswd"));

  /** Every vector, in a fixed order, with unique names. */
  public static List<Vector> all() {
    return ALL;
  }
}
