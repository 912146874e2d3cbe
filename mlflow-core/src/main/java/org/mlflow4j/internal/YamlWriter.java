package org.mlflow4j.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.mlflow4j.store.support.PythonFloats;

/**
 * Writes a mapping as YAML byte for byte like PyYAML's {@code dump(data, default_flow_style=False,
 * sort_keys=True)}: block style, keys sorted by code point, plain scalars where PyYAML emits them
 * plain, single or double quotes where PyYAML must quote (strings a YAML 1.1 resolver would read as
 * another type, empty strings, leading or trailing spaces, indicators, control characters), long
 * scalars folded at 80 columns, sequences inside mappings not indented, {@code null}, {@code []},
 * {@code {}}. With {@code allowUnicode} (how MLflow writes every {@code meta.yaml}) printable
 * non-ASCII characters are written as they are; without it (PyYAML's default, used by MLflow's
 * {@code log_dict}) a string holding one is double-quoted with backslash escapes ({@code x},
 * {@code u} or {@code U} and the code point in hex).
 *
 * <p>Values may be {@link String}, {@link Boolean}, {@link Integer}, {@link Long}, {@link Short},
 * {@link Byte}, {@link java.math.BigInteger} (Python ints), {@link Double} and {@link Float}
 * (Python floats: {@code repr} spelling, {@code .nan}, {@code .inf}; a float as its decimal {@link
 * Float#toString}), {@code null}, a {@link List}, or a {@link Map} with string keys; anything else
 * (and a map or list that contains itself) is an {@link IllegalArgumentException}. Unlike PyYAML,
 * an object met twice is written twice rather than as an anchor and alias: Java shares instances
 * such as {@code List.of()} where Python code has distinct objects. Stateless entry points;
 * each call uses its own emitter.
 */
public final class YamlWriter {
  private static final int BEST_WIDTH = 80;
  private static final int BEST_INDENT = 2;

  // YAML 1.1 implicit resolvers of PyYAML's SafeLoader: a plain scalar matching one of these is
  // read as something other than a string, so a string of that form must be quoted.
  private static final Pattern BOOL =
      Pattern.compile("yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF");
  private static final Pattern FLOAT =
      Pattern.compile(
          "[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?"
              + "|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
              + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*"
              + "|[-+]?\\.(?:inf|Inf|INF)"
              + "|\\.(?:nan|NaN|NAN)");
  private static final Pattern INT =
      Pattern.compile(
          "[-+]?0b[0-1_]+"
              + "|[-+]?0[0-7_]+"
              + "|[-+]?(?:0|[1-9][0-9_]*)"
              + "|[-+]?0x[0-9a-fA-F_]+"
              + "|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+");
  private static final Pattern MERGE = Pattern.compile("<<");
  private static final Pattern NULL = Pattern.compile("~|null|Null|NULL|");
  private static final Pattern TIMESTAMP =
      Pattern.compile(
          "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
              + "|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
              + "(?:[Tt]|[ \\t]+)[0-9][0-9]?"
              + ":[0-9][0-9]:[0-9][0-9](?:\\.[0-9]*)?"
              + "(?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?");
  private static final Pattern VALUE = Pattern.compile("=");

  private final StringBuilder out = new StringBuilder(512);
  private final boolean allowUnicode;
  private final Set<Object> open = Collections.newSetFromMap(new IdentityHashMap<>());
  private int column;
  private boolean whitespace = true;
  private boolean indention = true;
  private int indent;

  private YamlWriter(boolean allowUnicode) {
    this.allowUnicode = allowUnicode;
  }

  /**
   * The YAML document of the mapping as MLflow writes {@code meta.yaml} ({@code safe_dump} with
   * {@code allow_unicode=True}), ending with a newline.
   */
  public static String write(Map<String, ?> data) {
    return write(data, true);
  }

  /**
   * The YAML document of the mapping, ending with a newline.
   *
   * @param allowUnicode whether printable non-ASCII characters are written unescaped
   * @throws IllegalArgumentException for a value of another type than those listed on the class,
   *     or a map or list that contains itself
   */
  public static String write(Map<String, ?> data, boolean allowUnicode) {
    YamlWriter w = new YamlWriter(allowUnicode);
    if (data.isEmpty()) {
      w.out.append("{}\n");
      return w.out.toString();
    }
    w.indent = 0;
    w.blockMapping(data);
    w.writeIndent();
    return w.out.toString();
  }

  /** The entries sorted by key as Python sorts strings: by code point, not by UTF-16 unit. */
  private static List<Map.Entry<?, ?>> sorted(Map<?, ?> map) {
    List<Map.Entry<?, ?>> entries = new ArrayList<>(map.size());
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String)) {
        throw new IllegalArgumentException(
            "YAML mapping keys must be strings, got " + typeOf(e.getKey()));
      }
      entries.add(e);
    }
    entries.sort((a, b) -> compareCodePoints((String) a.getKey(), (String) b.getKey()));
    return entries;
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }

  private static String typeOf(Object o) {
    return o == null ? "null" : o.getClass().getName();
  }

  private void enter(Object container) {
    if (!open.add(container)) {
      throw new IllegalArgumentException("a map or list contains itself");
    }
  }

  /** A non-empty block mapping at the current indentation (PyYAML's expect_block_mapping). */
  private void blockMapping(Map<?, ?> data) {
    enter(data);
    for (Map.Entry<?, ?> e : sorted(data)) {
      writeIndent();
      int saved = indent;
      String key = (String) e.getKey();
      Analysis a = analyze(key.codePoints().toArray());
      // PyYAML's check_simple_key: the key plus its tag ("!!str", 5 characters) under 128
      // characters, not empty, on one line; otherwise the "? key\n: value" form.
      boolean simple =
          key.codePointCount(0, key.length()) + 5 < 128 && !a.empty() && !a.multiline();
      if (simple) {
        indent = saved + BEST_INDENT;
        scalar(key, true);
        indent = saved;
        writeIndicator(":", false);
      } else {
        writeIndicator("?", true, true);
        indent = saved + BEST_INDENT;
        scalar(key, false);
        indent = saved;
        writeIndent();
        writeIndicator(":", true, true);
      }
      node(e.getValue(), true);
    }
    open.remove(data);
  }

  /** A non-empty block sequence at the current indentation (PyYAML's expect_block_sequence). */
  private void blockSequence(List<?> items) {
    enter(items);
    for (Object item : items) {
      writeIndent();
      writeIndicator("-", true, true);
      node(item, false);
    }
    open.remove(items);
  }

  /**
   * A value after a mapping key or a sequence indicator. Collections indent by two, except a
   * sequence that is a mapping value and starts on a fresh line (PyYAML's indentless sequence).
   */
  private void node(Object value, boolean mappingContext) {
    int saved = indent;
    if (value instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        writeIndicator("{", true);
        writeIndicator("}", false);
      } else {
        indent = saved + BEST_INDENT;
        blockMapping(map);
      }
    } else if (value instanceof List<?> list) {
      if (list.isEmpty()) {
        writeIndicator("[", true);
        writeIndicator("]", false);
      } else {
        indent = mappingContext && !indention ? saved : saved + BEST_INDENT;
        blockSequence(list);
      }
    } else {
      indent = saved + BEST_INDENT;
      if (value instanceof String s) {
        scalar(s, false);
      } else {
        writePlain(plainScalar(value), true);
      }
    }
    indent = saved;
  }

  /** The plain spelling of a non-string scalar, as PyYAML's representer writes it. */
  private static String plainScalar(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Boolean b) {
      return b ? "true" : "false";
    }
    if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte
        || value instanceof java.math.BigInteger) {
      return value.toString();
    }
    if (value instanceof Double || value instanceof Float) {
      double d =
          value instanceof Float f ? Double.parseDouble(f.toString()) : (Double) value;
      if (Double.isNaN(d)) {
        return ".nan";
      }
      if (Double.isInfinite(d)) {
        return d > 0 ? ".inf" : "-.inf";
      }
      // PyYAML's represent_float: repr, lowercased, with ".0" put before a bare exponent so
      // that YAML 1.1 reads it back as a float (1e+16 -> 1.0e+16).
      String repr = PythonFloats.repr(d);
      return repr.indexOf('.') < 0 && repr.indexOf('e') >= 0 ? repr.replaceFirst("e", ".0e") : repr;
    }
    throw new IllegalArgumentException("cannot write a " + typeOf(value) + " as YAML");
  }

  // ---- scalars ----

  private static boolean resolvesToNonString(String s) {
    return BOOL.matcher(s).matches()
        || FLOAT.matcher(s).matches()
        || INT.matcher(s).matches()
        || MERGE.matcher(s).matches()
        || NULL.matcher(s).matches()
        || TIMESTAMP.matcher(s).matches()
        || VALUE.matcher(s).matches();
  }

  private static boolean isBreak(int ch) {
    return ch == '\n' || ch == 0x85 || ch == 0x2028 || ch == 0x2029;
  }

  private static boolean isSpaceOrBreak(int ch) {
    return ch == 0 || ch == ' ' || ch == '\t' || ch == '\r' || isBreak(ch);
  }

  /** PyYAML's analyze_scalar, reduced to the flags block style needs. */
  private record Analysis(
      boolean empty, boolean multiline, boolean allowBlockPlain, boolean allowSingleQuoted) {}

  private Analysis analyze(int[] s) {
    if (s.length == 0) {
      return new Analysis(true, false, true, true);
    }
    boolean blockIndicators = false;
    boolean lineBreaks = false;
    boolean specialCharacters = false;
    boolean leadingSpace = false;
    boolean leadingBreak = false;
    boolean trailingSpace = false;
    boolean trailingBreak = false;
    boolean breakSpace = false;
    boolean spaceBreak = false;
    if (startsWith(s, "---") || startsWith(s, "...")) {
      blockIndicators = true;
    }
    boolean precededByWhitespace = true;
    boolean followedByWhitespace = s.length == 1 || isSpaceOrBreak(s[1]);
    boolean previousSpace = false;
    boolean previousBreak = false;
    for (int index = 0; index < s.length; index++) {
      int ch = s[index];
      if (index == 0) {
        if ("#,[]{}&*!|>'\"%@`".indexOf(ch) >= 0) {
          blockIndicators = true;
        }
        if ((ch == '?' || ch == ':') && followedByWhitespace) {
          blockIndicators = true;
        }
        if (ch == '-' && followedByWhitespace) {
          blockIndicators = true;
        }
      } else {
        if (ch == ':' && followedByWhitespace) {
          blockIndicators = true;
        }
        if (ch == '#' && precededByWhitespace) {
          blockIndicators = true;
        }
      }
      if (isBreak(ch)) {
        lineBreaks = true;
      }
      if (!(ch == '\n' || (ch >= 0x20 && ch <= 0x7E))) {
        boolean printableUnicode =
            (ch == 0x85
                    || (ch >= 0xA0 && ch <= 0xD7FF)
                    || (ch >= 0xE000 && ch <= 0xFFFD)
                    || (ch >= 0x10000 && ch < 0x10FFFF))
                && ch != 0xFEFF;
        if (!printableUnicode || !allowUnicode) {
          specialCharacters = true;
        }
      }
      if (ch == ' ') {
        if (index == 0) {
          leadingSpace = true;
        }
        if (index == s.length - 1) {
          trailingSpace = true;
        }
        if (previousBreak) {
          breakSpace = true;
        }
        previousSpace = true;
        previousBreak = false;
      } else if (isBreak(ch)) {
        if (index == 0) {
          leadingBreak = true;
        }
        if (index == s.length - 1) {
          trailingBreak = true;
        }
        if (previousSpace) {
          spaceBreak = true;
        }
        previousSpace = false;
        previousBreak = true;
      } else {
        previousSpace = false;
        previousBreak = false;
      }
      precededByWhitespace = isSpaceOrBreak(ch);
      followedByWhitespace = index + 2 >= s.length || isSpaceOrBreak(s[index + 2]);
    }
    boolean allowBlockPlain = true;
    boolean allowSingleQuoted = true;
    if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
      allowBlockPlain = false;
    }
    if (breakSpace) {
      allowBlockPlain = false;
      allowSingleQuoted = false;
    }
    if (spaceBreak || specialCharacters) {
      allowBlockPlain = false;
      allowSingleQuoted = false;
    }
    if (lineBreaks) {
      allowBlockPlain = false;
    }
    if (blockIndicators) {
      allowBlockPlain = false;
    }
    return new Analysis(false, lineBreaks, allowBlockPlain, allowSingleQuoted);
  }

  private static boolean startsWith(int[] s, String prefix) {
    if (s.length < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (s[i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private void scalar(String value, boolean simpleKey) {
    int[] cps = value.codePoints().toArray();
    Analysis a = analyze(cps);
    boolean implicitPlain = !resolvesToNonString(value);
    boolean split = !simpleKey;
    if (implicitPlain && !(simpleKey && (a.empty() || a.multiline())) && a.allowBlockPlain()) {
      writePlain(cps, split);
    } else if (a.allowSingleQuoted() && !(simpleKey && a.multiline())) {
      writeSingleQuoted(cps, split);
    } else {
      writeDoubleQuoted(cps, split);
    }
  }

  // ---- low-level emitter, after PyYAML's Emitter ----

  private void append(int[] cps, int start, int end) {
    for (int i = start; i < end; i++) {
      out.appendCodePoint(cps[i]);
    }
    column += end - start;
  }

  private void append(String data) {
    out.append(data);
    column += data.codePointCount(0, data.length());
  }

  private void writeIndicator(String indicator, boolean needWhitespace) {
    writeIndicator(indicator, needWhitespace, false);
  }

  private void writeIndicator(String indicator, boolean needWhitespace, boolean keepIndention) {
    String data = (whitespace || !needWhitespace) ? indicator : " " + indicator;
    whitespace = false;
    indention = indention && keepIndention;
    append(data);
  }

  private void writeIndent() {
    if (!indention || column > indent || (column == indent && !whitespace)) {
      writeLineBreak(null);
    }
    if (column < indent) {
      whitespace = true;
      String data = " ".repeat(indent - column);
      out.append(data);
      column = indent;
    }
  }

  private void writeLineBreak(Integer br) {
    whitespace = true;
    indention = true;
    column = 0;
    if (br == null) {
      out.append('\n');
    } else {
      out.appendCodePoint(br);
    }
  }

  private void writePlain(String text, boolean split) {
    writePlain(text.codePoints().toArray(), split);
  }

  private void writePlain(int[] text, boolean split) {
    if (text.length == 0) {
      return;
    }
    if (!whitespace) {
      append(" ");
    }
    whitespace = false;
    indention = false;
    boolean spaces = false;
    int start = 0;
    for (int end = 0; end <= text.length; end++) {
      int ch = end < text.length ? text[end] : -1;
      if (spaces) {
        if (ch != ' ') {
          if (start + 1 == end && column > BEST_WIDTH && split) {
            writeIndent();
            whitespace = false;
            indention = false;
          } else {
            append(text, start, end);
          }
          start = end;
        }
      } else if (ch == -1 || ch == ' ' || isBreak(ch)) {
        append(text, start, end);
        start = end;
      }
      if (ch != -1) {
        spaces = ch == ' ';
      }
    }
  }

  private void writeSingleQuoted(int[] text, boolean split) {
    writeIndicator("'", true);
    boolean spaces = false;
    boolean breaks = false;
    int start = 0;
    for (int end = 0; end <= text.length; end++) {
      int ch = end < text.length ? text[end] : -1;
      if (spaces) {
        if (ch == -1 || ch != ' ') {
          if (start + 1 == end
              && column > BEST_WIDTH
              && split
              && start != 0
              && end != text.length) {
            writeIndent();
          } else {
            append(text, start, end);
          }
          start = end;
        }
      } else if (breaks) {
        if (ch == -1 || !isBreak(ch)) {
          if (text[start] == '\n') {
            writeLineBreak(null);
          }
          for (int i = start; i < end; i++) {
            writeLineBreak(text[i] == '\n' ? null : text[i]);
          }
          writeIndent();
          start = end;
        }
      } else {
        if (ch == -1 || ch == ' ' || isBreak(ch) || ch == '\'') {
          if (start < end) {
            append(text, start, end);
            start = end;
          }
        }
      }
      if (ch == '\'') {
        append("''");
        start = end + 1;
      }
      if (ch != -1) {
        spaces = ch == ' ';
        breaks = isBreak(ch);
      }
    }
    writeIndicator("'", false);
  }

  private static String escape(int ch) {
    switch (ch) {
      case 0:
        return "0";
      case 0x07:
        return "a";
      case 0x08:
        return "b";
      case 0x09:
        return "t";
      case 0x0A:
        return "n";
      case 0x0B:
        return "v";
      case 0x0C:
        return "f";
      case 0x0D:
        return "r";
      case 0x1B:
        return "e";
      case '"':
        return "\"";
      case '\\':
        return "\\";
      case 0x85:
        return "N";
      case 0xA0:
        return "_";
      case 0x2028:
        return "L";
      case 0x2029:
        return "P";
      default:
        return null;
    }
  }

  private void writeDoubleQuoted(int[] text, boolean split) {
    writeIndicator("\"", true);
    int start = 0;
    for (int end = 0; end <= text.length; end++) {
      int ch = end < text.length ? text[end] : -1;
      if (ch == -1
          || ch == '"'
          || ch == '\\'
          || ch == 0x85
          || ch == 0x2028
          || ch == 0x2029
          || ch == 0xFEFF
          || !((ch >= 0x20 && ch <= 0x7E)
              || (allowUnicode
                  && ((ch >= 0xA0 && ch <= 0xD7FF) || (ch >= 0xE000 && ch <= 0xFFFD))))) {
        if (start < end) {
          append(text, start, end);
          start = end;
        }
        if (ch != -1) {
          String esc = escape(ch);
          String data;
          if (esc != null) {
            data = "\\" + esc;
          } else if (ch <= 0xFF) {
            data = String.format("\\x%02X", ch);
          } else if (ch <= 0xFFFF) {
            data = String.format("\\u%04X", ch);
          } else {
            data = String.format("\\U%08X", ch);
          }
          append(data);
          start = end + 1;
        }
      }
      if (end > 0
          && end < text.length - 1
          && (ch == ' ' || start >= end)
          && column + (end - start) > BEST_WIDTH
          && split) {
        StringBuilder data = new StringBuilder();
        for (int i = start; i < end; i++) {
          data.appendCodePoint(text[i]);
        }
        data.append('\\');
        if (start < end) {
          start = end;
        }
        append(data.toString());
        writeIndent();
        whitespace = false;
        indention = false;
        if (text[start] == ' ') {
          append("\\");
        }
      }
    }
    writeIndicator("\"", false);
  }
}
