package org.mlflow4j.store.support;

import java.util.Locale;
import java.util.Set;
import org.mlflow4j.MlflowException;

/**
 * Joining paths onto artifact URIs as MLflow's {@code append_to_uri_path} does
 * (spec/artifacts.md §1).
 *
 * <p>Stateless and thread-safe.
 */
public final class ArtifactUris {
  private ArtifactUris() {}

  // Python's urllib.parse tables: schemes whose URIs are written with "//" even when the host
  // is empty, and schemes whose last path segment may carry ";params".
  private static final Set<String> USES_NETLOC =
      Set.of(
          "ftp", "http", "gopher", "nntp", "telnet", "imap", "wais", "file", "mms", "https",
          "shttp", "snews", "prospero", "rtsp", "rtsps", "rtspu", "rsync", "svn", "svn+ssh", "sftp",
          "nfs", "git", "git+ssh", "ws", "wss", "itms-services");
  private static final Set<String> USES_PARAMS =
      Set.of(
          "ftp", "hdl", "prospero", "http", "imap", "https", "shttp", "rtsp", "rtsps", "rtspu",
          "sip", "sips", "mms", "sftp", "tel");

  /**
   * Appends POSIX path segments to the path component of a URI, keeping its scheme, host, query
   * and fragment: {@code append("s3://b/base?x=1", "a")} is {@code "s3://b/base/a?x=1"}. Each
   * part is joined with one {@code /}; a leading {@code /} of a part does not reset the path. A
   * string without a scheme is a plain POSIX path ({@code "/abs/mlruns"}, {@code "rel/path"}), as
   * is a Windows path such as {@code C:\mlruns}. A URI with a relative path such as {@code
   * file:rel/path} keeps its scheme prefix verbatim.
   *
   * @throws MlflowException {@code INVALID_PARAMETER_VALUE} if the URI's query string, decoded,
   *     contains {@code ..}
   */
  public static String append(String uri, String... parts) {
    String path = "";
    for (String part : parts) {
      path = join(path, part);
    }
    Parts p = Parts.parse(uri);
    String decodedQuery = Validation.percentDecode(p.query);
    for (int round = 0; round < 10; round++) {
      String next = Validation.percentDecode(decodedQuery);
      if (next.equals(decodedQuery)) {
        break;
      }
      decodedQuery = next;
    }
    // A ".." in the query would act as a path traversal once the URI is resolved.
    if (decodedQuery.contains("..")) {
      throw MlflowException.invalidParameter(
          "Invalid query string: "
              + Validation.quote(p.query)
              + " of URI "
              + Validation.quote(uri));
    }
    if (p.scheme.isEmpty()) {
      return join(uri, path);
    }
    String prefix = "";
    String scheme = p.scheme;
    if (!p.path.startsWith("/")) {
      // Keep "scheme:" verbatim in front of a relative path: re-assembling "file:rel" as a URI
      // would turn it into "file:///rel".
      prefix = p.scheme + ":";
      scheme = "";
    }
    return prefix + unparse(scheme, p.netloc, join(p.path, path), p.params, p.query, p.fragment);
  }

  /** Joins a POSIX suffix to a prefix with one separator, dropping the suffix's leading slashes. */
  private static String join(String prefix, String suffix) {
    if (prefix.isEmpty()) {
      return suffix;
    }
    int start = 0;
    while (start < suffix.length() && suffix.charAt(start) == '/') {
      start++;
    }
    String rest = suffix.substring(start);
    return prefix.endsWith("/") ? prefix + rest : prefix + "/" + rest;
  }

  private static String unparse(
      String scheme, String netloc, String path, String params, String query, String fragment) {
    String url = params.isEmpty() ? path : path + ";" + params;
    boolean emptyHostWritten = USES_NETLOC.contains(scheme) && !url.startsWith("//");
    if (!netloc.isEmpty() || emptyHostWritten) {
      if (!url.isEmpty() && !url.startsWith("/")) {
        url = "/" + url;
      }
      url = "//" + netloc + url;
    }
    if (!scheme.isEmpty()) {
      url = scheme + ":" + url;
    }
    if (!query.isEmpty()) {
      url = url + "?" + query;
    }
    if (!fragment.isEmpty()) {
      url = url + "#" + fragment;
    }
    return url;
  }

  /** The components of a URI as Python's {@code urllib.parse.urlparse} splits them. */
  private record Parts(
      String scheme, String netloc, String path, String params, String query, String fragment) {

    static Parts parse(String uri) {
      String url = uri;
      String scheme = "";
      int colon = url.indexOf(':');
      if (colon > 0 && isAsciiLetter(url.charAt(0)) && isSchemeName(url.substring(0, colon))) {
        boolean windowsDrive =
            colon == 1 && url.length() > 2 && (url.charAt(2) == '\\' || url.charAt(2) == '/');
        if (!windowsDrive) {
          scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
          url = url.substring(colon + 1);
        }
      }
      String netloc = "";
      if (url.startsWith("//")) {
        int end = Validation.indexOfAny(url, 2, "/?#");
        netloc = end < 0 ? url.substring(2) : url.substring(2, end);
        url = end < 0 ? "" : url.substring(end);
      }
      String fragment = "";
      int hash = url.indexOf('#');
      if (hash >= 0) {
        fragment = url.substring(hash + 1);
        url = url.substring(0, hash);
      }
      String query = "";
      int question = url.indexOf('?');
      if (question >= 0) {
        query = url.substring(question + 1);
        url = url.substring(0, question);
      }
      String params = "";
      if (USES_PARAMS.contains(scheme)) {
        int lastSlash = url.lastIndexOf('/');
        int semicolon = url.indexOf(';', Math.max(lastSlash, 0));
        if (semicolon >= 0) {
          params = url.substring(semicolon + 1);
          url = url.substring(0, semicolon);
        }
      }
      return new Parts(scheme, netloc, url, params, query, fragment);
    }

    private static boolean isAsciiLetter(char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isSchemeName(String s) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (!(isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) {
          return false;
        }
      }
      return true;
    }
  }
}
