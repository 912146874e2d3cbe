package org.mlflow4j.store.support;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.mlflow4j.MlflowException;
import org.mlflow4j.store.TrackingUris;

/**
 * Conversions between local paths and {@code file:} URIs the way MLflow makes them (Python's {@code
 * pathlib.Path.as_uri} and {@code urllib} unquoting), for stores and artifact repositories that
 * keep data on the local disk. Stateless and thread-safe.
 */
public final class FileUris {
  private FileUris() {}

  /** Whether the text is a {@code file:} URI. */
  public static boolean isFileUri(String text) {
    return text.regionMatches(true, 0, "file:", 0, 5);
  }

  /** Whether the text is a plain local path (no URI scheme, or a Windows drive path). */
  public static boolean isPlainPath(String text) {
    return !isFileUri(text) && "file".equals(TrackingUris.scheme(text));
  }

  /**
   * The local path of a {@code file:} URI ({@code file:///abs}, {@code file:/abs}, {@code
   * file://localhost/abs}, {@code file:rel}), percent-decoded; a plain path is returned as a path.
   */
  public static Path toPath(String uri) {
    if (!isFileUri(uri)) {
      return Path.of(uri);
    }
    String rest = uri.substring(5);
    int cut = indexOfAny(rest, '?', '#');
    if (cut >= 0) {
      rest = rest.substring(0, cut);
    }
    if (rest.startsWith("//")) {
      int slash = rest.indexOf('/', 2);
      String authority = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
      if (!authority.isEmpty() && !authority.equalsIgnoreCase("localhost")) {
        throw MlflowException.invalidParameter(
            "File URI '"
                + uri
                + "' names a remote host '"
                + authority
                + "'; a local path is needed");
      }
      rest = slash < 0 ? "/" : rest.substring(slash);
    }
    return Path.of(Validation.percentDecode(rest));
  }

  /** The {@code file://} URI of an absolute path, percent-encoded like Python's {@code as_uri}. */
  public static String toFileUri(Path absolute) {
    String path = absolute.toString().replace('\\', '/');
    if (!path.startsWith("/")) {
      path = "/" + path;
    }
    return "file://" + percentEncodePath(path);
  }

  /**
   * An experiment artifact location as MLflow stores it: a relative plain path is made absolute
   * (staying a plain path), a relative {@code file:} URI becomes an absolute {@code file://} URI,
   * anything else is kept as given.
   */
  public static String resolveIfLocal(String location) {
    if (isPlainPath(location)) {
      Path p = Path.of(location);
      return p.isAbsolute() ? location : p.toAbsolutePath().normalize().toString();
    }
    if (isFileUri(location)) {
      String rest = location.substring(5);
      if (!rest.startsWith("/")) {
        return toFileUri(Path.of(Validation.percentDecode(rest)).toAbsolutePath().normalize());
      }
    }
    return location;
  }

  private static int indexOfAny(String s, char a, char b) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == a || s.charAt(i) == b) {
        return i;
      }
    }
    return -1;
  }

  private static String percentEncodePath(String path) {
    StringBuilder out = new StringBuilder(path.length() + 16);
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      boolean safe =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '.'
              || c == '-'
              || c == '~'
              || c == '/';
      if (safe) {
        out.append((char) c);
      } else {
        out.append('%').append(String.format(Locale.ROOT, "%02X", c));
      }
    }
    return out.toString();
  }
}
