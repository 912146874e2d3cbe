package org.mlflow4j.search;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a filter or order-by string into tokens the way the SQL lexer MLflow uses does for the
 * subset MLflow accepts. Stateless.
 */
final class Lexer {
  private Lexer() {}

  static List<Token> tokenize(String s) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      int start = i;
      if (Character.isWhitespace(c)) {
        while (i < n && Character.isWhitespace(s.charAt(i))) {
          i++;
        }
        out.add(
            new Token(
                Token.Kind.WHITESPACE, s.substring(start, i), s.substring(start, i), start, i));
      } else if (c == '\'' || c == '"' || c == '`') {
        out.add(quoted(s, i, c));
        i = out.get(out.size() - 1).end();
      } else if (isDigit(c) && afterIdentifierDot(out, i)) {
        // "metrics.1st" or "tags.v2.0": a key part, not a number
        while (i < n && isWordPart(s.charAt(i))) {
          i++;
        }
        out.add(new Token(Token.Kind.WORD, s.substring(start, i), s.substring(start, i), start, i));
      } else if (isDigit(c)
          || (c == '.' && i + 1 < n && isDigit(s.charAt(i + 1)) && !afterIdentifier(out, i))
          || (c == '-'
              && i + 1 < n
              && (isDigit(s.charAt(i + 1))
                  || (s.charAt(i + 1) == '.' && i + 2 < n && isDigit(s.charAt(i + 2)))))) {
        i = number(s, i);
        if (i < n && isWordPart(s.charAt(i))) {
          // "1abc": the SQL lexer makes this one name, which is then rejected as a value
          while (i < n && isWordPart(s.charAt(i))) {
            i++;
          }
          out.add(
              new Token(Token.Kind.WORD, s.substring(start, i), s.substring(start, i), start, i));
        } else {
          out.add(
              new Token(Token.Kind.NUMBER, s.substring(start, i), s.substring(start, i), start, i));
        }
      } else if (isWordStart(c)) {
        while (i < n && isWordPart(s.charAt(i))) {
          i++;
        }
        out.add(new Token(Token.Kind.WORD, s.substring(start, i), s.substring(start, i), start, i));
      } else if (c == '<' || c == '>' || c == '=' || c == '!' || c == '~') {
        while (i < n && "<>=!~".indexOf(s.charAt(i)) >= 0) {
          i++;
        }
        out.add(
            new Token(
                Token.Kind.COMPARISON, s.substring(start, i), s.substring(start, i), start, i));
      } else {
        Token.Kind kind;
        switch (c) {
          case '.':
            kind = Token.Kind.DOT;
            break;
          case '(':
            kind = Token.Kind.LPAREN;
            break;
          case ')':
            kind = Token.Kind.RPAREN;
            break;
          case ',':
            kind = Token.Kind.COMMA;
            break;
          case ';':
            kind = Token.Kind.SEMICOLON;
            break;
          default:
            kind = Token.Kind.OTHER;
        }
        i++;
        out.add(new Token(kind, s.substring(start, i), s.substring(start, i), start, i));
      }
    }
    return out;
  }

  /** Whether the previous token is a name or quoted key ending right at {@code i}. */
  private static boolean afterIdentifier(List<Token> out, int i) {
    if (out.isEmpty()) {
      return false;
    }
    Token prev = out.get(out.size() - 1);
    return prev.end() == i
        && (prev.is(Token.Kind.WORD)
            || prev.is(Token.Kind.BACKTICKED)
            || prev.is(Token.Kind.DOUBLE_QUOTED));
  }

  /** Whether {@code i} directly follows a dot that directly follows a name or quoted key. */
  private static boolean afterIdentifierDot(List<Token> out, int i) {
    if (out.size() < 2) {
      return false;
    }
    Token dot = out.get(out.size() - 1);
    return dot.is(Token.Kind.DOT)
        && dot.end() == i
        && afterIdentifier(out.subList(0, out.size() - 1), dot.start());
  }

  /** A quoted token starting at {@code start}; a doubled quote stands for one quote. */
  private static Token quoted(String s, int start, char quote) {
    StringBuilder value = new StringBuilder();
    int i = start + 1;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c == quote) {
        if (i + 1 < n && s.charAt(i + 1) == quote) {
          value.append(quote);
          i += 2;
          continue;
        }
        Token.Kind kind =
            quote == '\''
                ? Token.Kind.SINGLE_QUOTED
                : quote == '"' ? Token.Kind.DOUBLE_QUOTED : Token.Kind.BACKTICKED;
        return new Token(kind, s.substring(start, i + 1), value.toString(), start, i + 1);
      }
      value.append(c);
      i++;
    }
    return new Token(Token.Kind.UNTERMINATED, s.substring(start), s.substring(start), start, n);
  }

  /** The end of the numeric literal starting at {@code i}: -?(d+(.d*)?(e-?d+)? | .d+). */
  private static int number(String s, int i) {
    int n = s.length();
    if (s.charAt(i) == '-') {
      i++;
    }
    if (s.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
      return i;
    }
    while (i < n && isDigit(s.charAt(i))) {
      i++;
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      int j = i + 1;
      if (j < n && s.charAt(j) == '-') {
        j++;
      }
      if (j < n && isDigit(s.charAt(j))) {
        while (j < n && isDigit(s.charAt(j))) {
          j++;
        }
        return j;
      }
    }
    return i;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isWordStart(char c) {
    return c == '_' || Character.isLetter(c);
  }

  private static boolean isWordPart(char c) {
    return c == '_' || c == '$' || c == '#' || Character.isLetterOrDigit(c);
  }
}
