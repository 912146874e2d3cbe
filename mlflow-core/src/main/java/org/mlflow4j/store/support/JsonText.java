package org.mlflow4j.store.support;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal JSON reader for page tokens (core has no JSON library): objects become {@link
 * LinkedHashMap}s, arrays {@link List}s, integers {@link BigInteger}s, other numbers {@link
 * BigDecimal}s, {@code null} {@link #NULL}. Confined to one thread.
 */
final class JsonText {
  /** JSON's null (a map lookup's null means "absent"). */
  static final Object NULL =
      new Object() {
        @Override
        public String toString() {
          return "None";
        }
      };

  private final String s;
  private int i;

  JsonText(String s) {
    this.s = s;
  }

  /** The value of the whole text; IllegalArgumentException if it is not JSON. */
  Object parse() {
    Object v = value();
    ws();
    if (i != s.length()) {
      throw error();
    }
    return v;
  }

  private Object value() {
    ws();
    if (i >= s.length()) {
      throw error();
    }
    char c = s.charAt(i);
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
        return string();
      case 't':
        return word("true", Boolean.TRUE);
      case 'f':
        return word("false", Boolean.FALSE);
      case 'n':
        return word("null", NULL);
      default:
        return number();
    }
  }

  private Map<String, Object> object() {
    Map<String, Object> map = new LinkedHashMap<>();
    i++;
    ws();
    if (peek() == '}') {
      i++;
      return map;
    }
    while (true) {
      ws();
      if (peek() != '"') {
        throw error();
      }
      String key = string();
      ws();
      expect(':');
      map.put(key, value());
      ws();
      char c = next();
      if (c == '}') {
        return map;
      }
      if (c != ',') {
        throw error();
      }
    }
  }

  private List<Object> array() {
    List<Object> list = new ArrayList<>();
    i++;
    ws();
    if (peek() == ']') {
      i++;
      return list;
    }
    while (true) {
      list.add(value());
      ws();
      char c = next();
      if (c == ']') {
        return list;
      }
      if (c != ',') {
        throw error();
      }
    }
  }

  private String string() {
    i++;
    StringBuilder b = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return b.toString();
      }
      if (c < 0x20) {
        throw error();
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case '"':
        case '\\':
        case '/':
          b.append(e);
          break;
        case 'b':
          b.append('\b');
          break;
        case 'f':
          b.append('\f');
          break;
        case 'n':
          b.append('\n');
          break;
        case 'r':
          b.append('\r');
          break;
        case 't':
          b.append('\t');
          break;
        case 'u':
          if (i + 4 > s.length()) {
            throw error();
          }
          try {
            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
          } catch (NumberFormatException ex) {
            throw error();
          }
          i += 4;
          break;
        default:
          throw error();
      }
    }
  }

  private Object word(String word, Object value) {
    if (!s.startsWith(word, i)) {
      throw error();
    }
    i += word.length();
    return value;
  }

  private Object number() {
    int start = i;
    if (peek() == '-') {
      i++;
    }
    int digits = i;
    while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
      i++;
    }
    if (i == digits || (s.charAt(digits) == '0' && i - digits > 1)) {
      throw error();
    }
    boolean integer = true;
    if (i < s.length() && s.charAt(i) == '.') {
      integer = false;
      i++;
      int frac = i;
      while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
      if (i == frac) {
        throw error();
      }
    }
    if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      integer = false;
      i++;
      if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int exp = i;
      while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
      if (i == exp) {
        throw error();
      }
    }
    String text = s.substring(start, i);
    return integer ? new BigInteger(text) : new BigDecimal(text);
  }

  private void ws() {
    while (i < s.length() && " \t\n\r".indexOf(s.charAt(i)) >= 0) {
      i++;
    }
  }

  private char peek() {
    if (i >= s.length()) {
      throw error();
    }
    return s.charAt(i);
  }

  private char next() {
    char c = peek();
    i++;
    return c;
  }

  private void expect(char c) {
    if (next() != c) {
      throw error();
    }
  }

  private IllegalArgumentException error() {
    return new IllegalArgumentException("not JSON at " + i);
  }
}
