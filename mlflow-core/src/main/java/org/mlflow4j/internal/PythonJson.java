package org.mlflow4j.internal;

import java.math.BigInteger;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mlflow4j.store.support.PythonFloats;

/**
 * Writes a mapping as JSON byte for byte like Python's {@code json.dump(data, f, indent=2,
 * default=str)}, which is how MLflow's {@code log_dict} writes JSON: keys in the map's iteration
 * order, two-space indentation, separators {@code ","} and {@code ": "}, every character outside
 * printable ASCII escaped ({@code ensure_ascii}: {@code \n}, {@code \"}, else backslash-u and four
 * lowercase hex digits per UTF-16 unit), floats in Python's {@code repr} spelling ({@code NaN},
 * {@code Infinity}, {@code -Infinity}), {@code {}} and {@code []} for empty containers, no final
 * newline.
 *
 * <p>Values: {@link String}, {@link Boolean}, {@code null}, {@link Integer}, {@link Long}, {@link
 * Short}, {@link Byte}, {@link BigInteger} (Python ints), {@link Double} and {@link Float} (Python
 * floats; a float as its decimal {@link Float#toString}), {@link Map} and {@link List}; anything
 * else is written as the string of its {@code toString()}, as {@code default=str} does. Map keys
 * may be strings, booleans, {@code null} or numbers (written as Python writes them as keys);
 * another key type, or a map or list that contains itself, is an {@link
 * IllegalArgumentException}. Stateless entry point.
 */
public final class PythonJson {
  private static final int INDENT = 2;

  private final StringBuilder out = new StringBuilder(256);
  private final Set<Object> open = Collections.newSetFromMap(new IdentityHashMap<>());

  private PythonJson() {}

  /** The JSON text of the mapping, without a final newline. */
  public static String dump(Map<String, ?> data) {
    PythonJson w = new PythonJson();
    w.value(data, 0);
    return w.out.toString();
  }

  private void value(Object value, int level) {
    if (value instanceof Map<?, ?> map) {
      object(map, level);
    } else if (value instanceof List<?> list) {
      array(list, level);
    } else {
      out.append(scalar(value, false));
    }
  }

  private void object(Map<?, ?> map, int level) {
    if (map.isEmpty()) {
      out.append("{}");
      return;
    }
    enter(map);
    out.append('{');
    boolean first = true;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      out.append(first ? "" : ",");
      newline(level + 1);
      out.append(key(e.getKey())).append(": ");
      value(e.getValue(), level + 1);
      first = false;
    }
    newline(level);
    out.append('}');
    open.remove(map);
  }

  private void array(List<?> list, int level) {
    if (list.isEmpty()) {
      out.append("[]");
      return;
    }
    enter(list);
    out.append('[');
    boolean first = true;
    for (Object item : list) {
      out.append(first ? "" : ",");
      newline(level + 1);
      value(item, level + 1);
      first = false;
    }
    newline(level);
    out.append(']');
    open.remove(list);
  }

  private void enter(Object container) {
    if (!open.add(container)) {
      throw new IllegalArgumentException("Circular reference detected");
    }
  }

  private void newline(int level) {
    out.append('\n').append(" ".repeat(level * INDENT));
  }

  /** A key as Python's encoder turns it into a string: str keys as they are, others spelled. */
  private static String key(Object key) {
    if (key instanceof String s) {
      return string(s);
    }
    if (key == null || key instanceof Boolean || isInt(key) || isFloat(key)) {
      return string(scalar(key, true));
    }
    throw new IllegalArgumentException(
        "keys must be str, int, float, bool or None, not " + key.getClass().getName());
  }

  private static boolean isInt(Object o) {
    return o instanceof Integer
        || o instanceof Long
        || o instanceof Short
        || o instanceof Byte
        || o instanceof BigInteger;
  }

  private static boolean isFloat(Object o) {
    return o instanceof Double || o instanceof Float;
  }

  /** The JSON of a scalar; as a key, the text that is then quoted. */
  private static String scalar(Object value, boolean asKey) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Boolean b) {
      return b ? "true" : "false";
    }
    if (isInt(value)) {
      return value.toString();
    }
    if (isFloat(value)) {
      double d = value instanceof Float f ? Double.parseDouble(f.toString()) : (Double) value;
      if (Double.isNaN(d)) {
        return "NaN";
      }
      if (Double.isInfinite(d)) {
        return d > 0 ? "Infinity" : "-Infinity";
      }
      return PythonFloats.repr(d);
    }
    String text = value instanceof String s ? s : String.valueOf(value);
    return asKey ? text : string(text);
  }

  /** A JSON string with {@code ensure_ascii}: only {@code ' '..'~'} stays as it is. */
  private static String string(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        default -> {
          if (c >= ' ' && c <= '~') {
            b.append(c);
          } else {
            b.append(String.format("\\u%04x", (int) c));
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
