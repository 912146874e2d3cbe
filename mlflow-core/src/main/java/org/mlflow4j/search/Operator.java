package org.mlflow4j.search;

/** A comparison operator of MLflow's filter language. Immutable. */
public enum Operator {
  /** {@code =}, case-sensitive for strings. */
  EQ("="),
  /** {@code !=}, case-sensitive for strings. */
  NE("!="),
  /** {@code <}. */
  LT("<"),
  /** {@code <=}. */
  LE("<="),
  /** {@code >}. */
  GT(">"),
  /** {@code >=}. */
  GE(">="),
  /** {@code LIKE}: case-sensitive, {@code %} any sequence, {@code _} one character. */
  LIKE("LIKE"),
  /** {@code ILIKE}: like {@link #LIKE} but case-insensitive. */
  ILIKE("ILIKE"),
  /** {@code IN (...)}: the value is one of a list. */
  IN("IN"),
  /** {@code NOT IN (...)}: the value is none of a list. */
  NOT_IN("NOT IN");

  private final String symbol;

  Operator(String symbol) {
    this.symbol = symbol;
  }

  /** The operator as written in a filter, e.g. {@code >=} or {@code NOT IN}. */
  public String symbol() {
    return symbol;
  }

  /** Whether the operator takes a list of values ({@code IN}, {@code NOT IN}). */
  public boolean takesList() {
    return this == IN || this == NOT_IN;
  }

  /** Whether the operator is a pattern match ({@code LIKE}, {@code ILIKE}). */
  public boolean isPattern() {
    return this == LIKE || this == ILIKE;
  }

  /** The operator written as the given symbol (upper-case words), if any. */
  static Operator fromSymbol(String symbol) {
    for (Operator op : values()) {
      if (op.symbol.equals(symbol)) {
        return op;
      }
    }
    return null;
  }
}
