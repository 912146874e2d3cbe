package org.mlflow4j.search;

import java.util.regex.Pattern;

/**
 * A SQL {@code LIKE} pattern compiled once: {@code %} matches any sequence, {@code _} one
 * character, everything else itself (regex metacharacters included, unlike MLflow's file store).
 * Immutable and thread-safe.
 */
final class LikePattern {
  private final Pattern pattern;

  private LikePattern(Pattern pattern) {
    this.pattern = pattern;
  }

  static LikePattern compile(String like, boolean caseInsensitive) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < like.length(); i++) {
      char c = like.charAt(i);
      if (c == '%' || c == '_') {
        if (literal.length() > 0) {
          regex.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        regex.append(c == '%' ? ".*" : ".");
      } else {
        literal.append(c);
      }
    }
    if (literal.length() > 0) {
      regex.append(Pattern.quote(literal.toString()));
    }
    int flags = Pattern.DOTALL;
    if (caseInsensitive) {
      flags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
    }
    return new LikePattern(Pattern.compile(regex.toString(), flags));
  }

  boolean matches(String s) {
    return pattern.matcher(s).matches();
  }
}
