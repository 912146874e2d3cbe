package org.mlflow4j.store;

import java.util.Locale;

/** Helpers for tracking URIs. Stateless and thread-safe. */
public final class TrackingUris {
  private TrackingUris() {}

  /**
   * The scheme of a tracking URI, lowercase, without a {@code +driver} suffix ({@code
   * postgresql+psycopg2://…} gives {@code postgresql}); {@code file} for a plain path, including a
   * Windows path such as {@code C:\mlruns}.
   */
  public static String scheme(String uri) {
    int colon = uri.indexOf(':');
    if (colon <= 1) {
      return "file";
    }
    String scheme = uri.substring(0, colon);
    for (int i = 0; i < scheme.length(); i++) {
      char c = scheme.charAt(i);
      boolean ok = Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.';
      if (!ok || c > 127) {
        return "file";
      }
    }
    if (!Character.isLetter(scheme.charAt(0))) {
      return "file";
    }
    int plus = scheme.indexOf('+');
    if (plus > 0) {
      scheme = scheme.substring(0, plus);
    }
    return scheme.toLowerCase(Locale.ROOT);
  }

  /**
   * The URI with any password replaced by {@code ***}, for messages and logs: {@code
   * postgresql://user:secret@host/db} gives {@code postgresql://user:***@host/db}.
   */
  public static String maskCredentials(String uri) {
    int schemeEnd = uri.indexOf("://");
    if (schemeEnd < 0) {
      return uri;
    }
    int authorityStart = schemeEnd + 3;
    int authorityEnd = uri.length();
    for (int i = authorityStart; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        authorityEnd = i;
        break;
      }
    }
    int at = uri.lastIndexOf('@', authorityEnd - 1);
    if (at < authorityStart) {
      return uri;
    }
    String userInfo = uri.substring(authorityStart, at);
    int colon = userInfo.indexOf(':');
    String masked = colon < 0 ? userInfo : userInfo.substring(0, colon) + ":***";
    return uri.substring(0, authorityStart) + masked + uri.substring(at);
  }
}
