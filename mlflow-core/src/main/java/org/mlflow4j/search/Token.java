package org.mlflow4j.search;

/**
 * A lexical token of a filter or order-by string. Immutable.
 *
 * @param kind the kind
 * @param raw the text as written
 * @param value the text without quotes and with doubled quotes undone (quoted kinds), else raw
 * @param start index of the first character in the input
 * @param end index after the last character
 */
record Token(Kind kind, String raw, String value, int start, int end) {
  enum Kind {
    /** Spaces, tabs, newlines. */
    WHITESPACE,
    /** A bare word: a name or a keyword such as AND, LIKE, IN. */
    WORD,
    /** {@code `...`}. */
    BACKTICKED,
    /** {@code "..."}. */
    DOUBLE_QUOTED,
    /** {@code '...'}. */
    SINGLE_QUOTED,
    /** A numeric literal. */
    NUMBER,
    /** A run of {@code < > = ! ~}. */
    COMPARISON,
    /** {@code .} */
    DOT,
    /** {@code (} */
    LPAREN,
    /** {@code )} */
    RPAREN,
    /** {@code ,} */
    COMMA,
    /** {@code ;} */
    SEMICOLON,
    /** A quote that is never closed. */
    UNTERMINATED,
    /** Any other character. */
    OTHER
  }

  boolean is(Kind k) {
    return kind == k;
  }

  /** Whether this is the given keyword, ignoring case. */
  boolean isKeyword(String keyword) {
    return kind == Kind.WORD && raw.equalsIgnoreCase(keyword);
  }

  /** Whether this is a string quoted with single or double quotes. */
  boolean isQuotedString() {
    return kind == Kind.SINGLE_QUOTED || kind == Kind.DOUBLE_QUOTED;
  }
}
