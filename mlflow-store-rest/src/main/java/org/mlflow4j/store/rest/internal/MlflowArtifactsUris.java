package org.mlflow4j.store.rest.internal;

import java.util.Locale;
import java.util.regex.Pattern;
import org.mlflow4j.MlflowException;
import org.mlflow4j.store.rest.HttpArtifactRepository;

/**
 * Resolves {@code mlflow-artifacts:} URIs against a tracking URI into the http(s) URL of the
 * tracking server's artifact proxy (spec/artifacts.md §5, MLflow's {@code
 * MlflowArtifactsRepository.resolve_uri}).
 *
 * <p>Not API. Stateless.
 */
public final class MlflowArtifactsUris {
  /** The scheme of proxied artifact URIs. */
  public static final String SCHEME = "mlflow-artifacts";

  /** What Python's {@code float()} accepts: a "host" MLflow takes for a port number. */
  private static final Pattern NUMERIC =
      Pattern.compile(
          "[+-]?(\\d[\\d_]*(\\.[\\d_]*)?|\\.\\d[\\d_]*)([eE][+-]?\\d+)?|[+-]?(inf|infinity|nan)",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern SLASHES = Pattern.compile("//+");

  private MlflowArtifactsUris() {}

  /**
   * The artifact proxy URL for {@code mlflow-artifacts:/<p>} or {@code
   * mlflow-artifacts://<host:port>/<p>}: {@code <tracking scheme>://<netloc>/<tracking
   * path>/api/2.0/mlflow-artifacts/artifacts/<p>}, where the netloc is the artifact URI's if it has
   * one and the tracking URI's otherwise; duplicate slashes are collapsed and a trailing slash is
   * stripped; query and fragment of both URIs are dropped.
   *
   * <p>Unlike MLflow, the tracking URI's path prefix is kept for the root {@code
   * mlflow-artifacts:/} too (MLflow drops it there only), as the spec says.
   *
   * @throws MlflowException {@code INVALID_PARAMETER_VALUE} if the tracking URI is not http(s), or
   *     the artifact URI names a numeric host without a port ({@code mlflow-artifacts://5000/x})
   */
  public static String resolve(String artifactUri, String trackingUri) {
    Parts artifact = Parts.parse(artifactUri);
    if (!artifact.scheme().equals(SCHEME)) {
      throw MlflowException.invalidParameter("Not an mlflow-artifacts URI: " + redact(artifactUri));
    }
    checkHostIsNotAPort(artifact.netloc());
    Parts tracking = Parts.parse(trackingUri);
    if (!(tracking.scheme().equals("http") || tracking.scheme().equals("https"))) {
      throw MlflowException.invalidParameter(
          "When an mlflow-artifacts URI was supplied, the tracking URI must be a valid http or"
              + " https URI, but it was currently set to "
              + redact(trackingUri)
              + ". Perhaps you forgot to set the tracking URI to the running MLflow server. To set"
              + " the tracking URI, set the MLFLOW_TRACKING_URI environment variable (e.g."
              + " `export MLFLOW_TRACKING_URI=http://localhost:5000`) or pass it to the client's"
              + " builder.");
    }
    String path =
        SLASHES
            .matcher(
                tracking.path()
                    + "/"
                    + HttpArtifactRepository.ARTIFACTS_ROUTE
                    + "/"
                    + artifact.path())
            .replaceAll("/");
    String netloc = artifact.netloc().isEmpty() ? tracking.netloc() : artifact.netloc();
    String resolved = tracking.scheme() + "://" + netloc + path;
    while (resolved.endsWith("/")) {
      resolved = resolved.substring(0, resolved.length() - 1);
    }
    return resolved;
  }

  private static void checkHostIsNotAPort(String netloc) {
    String hostPort = netloc.substring(netloc.lastIndexOf('@') + 1);
    if (hostPort.startsWith("[")) {
      return; // an IPv6 literal is a host
    }
    int colon = hostPort.indexOf(':');
    String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
    String port = colon < 0 ? "" : hostPort.substring(colon + 1);
    if (!host.isEmpty() && NUMERIC.matcher(host).matches() && port.isEmpty()) {
      throw MlflowException.invalidParameter(
          "The mlflow-artifacts uri was supplied with a port number: "
              + host.toLowerCase(Locale.ROOT)
              + ", but no host was defined.");
    }
  }

  /** The URI with any user info masked, for messages. */
  static String redact(String uri) {
    int scheme = uri.indexOf("://");
    if (scheme < 0) {
      return uri;
    }
    int start = scheme + 3;
    int end = start;
    while (end < uri.length() && "/?#".indexOf(uri.charAt(end)) < 0) {
      end++;
    }
    int at = uri.lastIndexOf('@', end - 1);
    return at < start ? uri : uri.substring(0, start) + "***@" + uri.substring(at + 1);
  }

  /**
   * A URI split as Python's urlparse splits it: scheme, netloc, path; query and fragment dropped.
   */
  private record Parts(String scheme, String netloc, String path) {
    static Parts parse(String uri) {
      String rest = uri.trim();
      String scheme = "";
      int colon = rest.indexOf(':');
      if (colon > 0 && rest.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
        scheme = rest.substring(0, colon).toLowerCase(Locale.ROOT);
        rest = rest.substring(colon + 1);
      }
      int cut = firstOf(rest, "?#");
      rest = cut < 0 ? rest : rest.substring(0, cut);
      String netloc = "";
      if (rest.startsWith("//")) {
        int slash = rest.indexOf('/', 2);
        netloc = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
        rest = slash < 0 ? "" : rest.substring(slash);
      }
      return new Parts(scheme, netloc, rest);
    }

    private static int firstOf(String s, String chars) {
      for (int i = 0; i < s.length(); i++) {
        if (chars.indexOf(s.charAt(i)) >= 0) {
          return i;
        }
      }
      return -1;
    }
  }
}
