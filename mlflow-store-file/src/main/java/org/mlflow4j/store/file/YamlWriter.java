package org.mlflow4j.store.file;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Writes a mapping as YAML byte for byte like PyYAML's {@code safe_dump(data,
 * default_flow_style=False, allow_unicode=True, sort_keys=True)}, which is how MLflow writes every
 * {@code meta.yaml}: block style, keys sorted, plain scalars where PyYAML emits them plain, single
 * or double quotes where PyYAML must quote (strings a YAML 1.1 resolver would read as another type,
 * empty strings, leading or trailing spaces, indicators, control characters), long scalars folded
 * at 80 columns, {@code null}, {@code []}, {@code {}}.
 *
 * <p>Values may be {@link String}, {@link Long}, {@link Integer}, {@code null}, an empty {@link
 * List}, or a {@link Map} with string keys (written as a nested block mapping). Confined to one
 * thread (create one per document).
 */
final class YamlWriter {
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
  private int column;
  private boolean whitespace = true;
  private boolean indention = true;
  private int indent;

  private YamlWriter() {}

  /** The YAML document of the mapping, keys sorted, ending with a newline. */
  static String write(Map<String, ?> data) {
    YamlWriter w = new YamlWriter();
    if (data.isEmpty()) {
      w.out.append("{}\n");
      return w.out.toString();
    }
    w.indent = 0;
    w.blockMapping(data);
    w.writeIndent();
    return w.out.toString();
  }

  private void blockMapping(Map<String, ?> data) {
    for (Map.Entry<String, ?> e : new TreeMap<String, Object>(data).entrySet()) {
      writeIndent();
      int saved = indent;
      String key = e.getKey();
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
      value(e.getValue());
    }
  }

  private void value(Object value) {
    int saved = indent;
    if (value instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        writeIndicator("{", true);
        writeIndicator("}", false);
      } else {
        Map<String, Object> nested = new TreeMap<>();
        map.forEach((k, v) -> nested.put(String.valueOf(k), v));
        indent = saved + BEST_INDENT;
        blockMapping(nested);
      }
    } else if (value instanceof List<?> list) {
      if (!list.isEmpty()) {
        throw new IllegalArgumentException("only empty lists are supported");
      }
      writeIndicator("[", true);
      writeIndicator("]", false);
    } else if (value == null) {
      indent = saved + BEST_INDENT;
      writePlain("null", true);
    } else if (value instanceof Long || value instanceof Integer) {
      indent = saved + BEST_INDENT;
      writePlain(value.toString(), true);
    } else if (value instanceof String s) {
      indent = saved + BEST_INDENT;
      scalar(s, false);
    } else {
      throw new IllegalArgumentException("unsupported YAML value type " + value.getClass());
    }
    indent = saved;
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

  private static Analysis analyze(int[] s) {
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
        if (!printableUnicode) {
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
              || (ch >= 0xA0 && ch <= 0xD7FF)
              || (ch >= 0xE000 && ch <= 0xFFFD))) {
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
