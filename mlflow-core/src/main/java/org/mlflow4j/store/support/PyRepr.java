package org.mlflow4j.store.support;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code repr} / {@code str} / truthiness of decoded page tokens, for MLflow's messages.
 * Stateless.
 */
final class PyRepr {
  private PyRepr() {}

  /** Python's repr of bytes, e.g. {@code b'hello'}, {@code b'\x00'}. */
  static String bytes(byte[] data) {
    boolean hasSingle = false;
    boolean hasDouble = false;
    for (byte b : data) {
      hasSingle |= b == '\'';
      hasDouble |= b == '"';
    }
    char quote = hasSingle && !hasDouble ? '"' : '\'';
    StringBuilder out = new StringBuilder("b").append(quote);
    for (byte b : data) {
      int c = b & 0xff;
      if (c == quote || c == '\\') {
        out.append('\\').append((char) c);
      } else if (c == '\t') {
        out.append("\\t");
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c < 0x20 || c >= 0x7f) {
        out.append(String.format("\\x%02x", c));
      } else {
        out.append((char) c);
      }
    }
    return out.append(quote).toString();
  }

  /** Python's repr of a decoded JSON value. */
  static String repr(Object v) {
    if (v instanceof String) {
      String s = (String) v;
      char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
      return quote + s.replace("\\", "\\\\").replace(String.valueOf(quote), "\\" + quote) + quote;
    }
    if (v instanceof Map) {
      StringBuilder b = new StringBuilder("{");
      boolean first = true;
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        b.append(first ? "" : ", ")
            .append(repr(e.getKey()))
            .append(": ")
            .append(repr(e.getValue()));
        first = false;
      }
      return b.append('}').toString();
    }
    if (v instanceof List) {
      StringBuilder b = new StringBuilder("[");
      boolean first = true;
      for (Object o : (List<?>) v) {
        b.append(first ? "" : ", ").append(repr(o));
        first = false;
      }
      return b.append(']').toString();
    }
    return str(v);
  }

  /** Python's str of a decoded JSON value. */
  static String str(Object v) {
    if (v instanceof String) {
      return (String) v;
    }
    if (v instanceof Boolean) {
      return ((Boolean) v) ? "True" : "False";
    }
    if (v instanceof BigDecimal) {
      return Double.toString(((BigDecimal) v).doubleValue());
    }
    if (v instanceof Map || v instanceof List) {
      return repr(v);
    }
    return String.valueOf(v);
  }

  /** Python's truthiness: absent, None, false, 0, "", [] and {} are false. */
  static boolean truthy(Object v) {
    if (v == null || v == JsonText.NULL) {
      return false;
    }
    if (v instanceof Boolean) {
      return (Boolean) v;
    }
    if (v instanceof BigDecimal) {
      return ((BigDecimal) v).signum() != 0;
    }
    if (v instanceof Number) {
      return ((Number) v).doubleValue() != 0;
    }
    if (v instanceof String) {
      return !((String) v).isEmpty();
    }
    if (v instanceof Map) {
      return !((Map<?, ?>) v).isEmpty();
    }
    if (v instanceof List) {
      return !((List<?>) v).isEmpty();
    }
    return true;
  }
}
