package org.mlflow4j.server;

import java.util.List;

/**
 * Unsafe artifact paths for the server's traversal tests. A stand-in until {@code
 * org.mlflow4j.store.tck.PathTraversalVectors} (mlflow-store-tck) lands on main; then the tests
 * switch to it and this class goes.
 */
final class TraversalVectors {
  private TraversalVectors() {}

  /** One unsafe path, as a caller would mean it (not yet encoded for a URI). */
  record Vector(String name, String path) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Vector> all() {
    return List.of(
        new Vector("parent", ".."),
        new Vector("parent-file", "../x"),
        new Vector("parents-file", "../../x"),
        new Vector("inner-parent", "a/../b"),
        new Vector("escaping-parent", "a/../../x"),
        new Vector("current-then-parent", "./../x"),
        new Vector("encoded-parent", "%2e%2e/x"),
        new Vector("encoded-parent-and-slash", "%2E%2E%2Fx"),
        new Vector("encoded-slash", "..%2fx"),
        new Vector("double-encoded-parent", "%252e%252e%252fx"),
        new Vector("triple-encoded-parent", "%25252e%25252e%25252fx"),
        new Vector("encoded-beyond-ten-rounds", "a%" + "25".repeat(10) + "41"),
        new Vector("backslash-parent", "..\\x"),
        new Vector("encoded-backslash-parent", "..%5cx"),
        new Vector("hash", "a#b"),
        new Vector("encoded-hash", "a%23b"),
        new Vector("semicolon-parent", "..;/x"),
        new Vector("path-parameter-parent", "a/..;jsessionid=1/x"),
        new Vector("absolute", "/etc/passwd"),
        new Vector("encoded-absolute", "%2fetc%2fpasswd"),
        new Vector("double-slash-share", "//server/share"),
        new Vector("drive-backslash", "C:\\x"),
        new Vector("drive-slash", "C:/x"),
        new Vector("unc-share", "\\\\server\\share"),
        new Vector("nul", "a\u0000b"),
        new Vector("encoded-nul", "a%00b"),
        new Vector("encoded-newline", "a%0ab"),
        new Vector("tab", "a\tb"),
        new Vector("file-uri-absolute", "file:///etc/passwd"),
        new Vector("file-uri-parent", "file:../x"),
        new Vector("encoded-file-uri", "file%3a%2f%2f%2fetc%2fpasswd"));
  }
}
