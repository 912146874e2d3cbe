package org.mlflow4j.search;

import java.util.Collection;
import java.util.stream.Collectors;

/** Renders values the way Python prints them, for MLflow's error messages. Stateless. */
final class PyText {
  private PyText() {}

  /** Python's {@code repr} of a string: single quotes unless it contains ' and no ". */
  static String repr(String s) {
    char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder b = new StringBuilder().append(quote);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        b.append("\\\\");
      } else if (c == quote) {
        b.append('\\').append(c);
      } else if (c == '\n') {
        b.append("\\n");
      } else if (c == '\t') {
        b.append("\\t");
      } else if (c == '\r') {
        b.append("\\r");
      } else {
        b.append(c);
      }
    }
    return b.append(quote).toString();
  }

  /** A Python list of strings, e.g. {@code ['a', 'b']}. */
  static String list(Collection<String> items) {
    return items.stream().map(PyText::repr).collect(Collectors.joining(", ", "[", "]"));
  }

  /** A Python set of strings, e.g. {@code {'a', 'b'}}, in the given order. */
  static String set(Collection<String> items) {
    return items.stream().map(PyText::repr).collect(Collectors.joining(", ", "{", "}"));
  }
}
