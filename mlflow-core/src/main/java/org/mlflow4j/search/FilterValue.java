package org.mlflow4j.search;

import java.util.List;
import java.util.Objects;

/**
 * The right-hand side of a filter clause: a number, a string, or a list of strings.
 *
 * <p>Immutable.
 */
public sealed interface FilterValue {

  /**
   * A numeric literal, e.g. {@code 0.5}, {@code -1}, {@code 1e-3}, {@code .5}.
   *
   * @param literal the literal as written (for a SQL store that binds it exactly)
   * @param value its value as a double
   */
  record Numeric(String literal, double value) implements FilterValue {
    /** Checks the literal is not null. */
    public Numeric {
      Objects.requireNonNull(literal, "literal");
    }
  }

  /**
   * A quoted string, without its quotes ({@code ''} inside single quotes already turned into {@code
   * '}).
   *
   * @param value the string
   */
  record Text(String value) implements FilterValue {
    /** Checks the value is not null. */
    public Text {
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * A parenthesised list of quoted strings, for {@code IN} and {@code NOT IN}.
   *
   * @param values the strings (for {@code run_id}, already without values MLflow drops)
   */
  record TextList(List<String> values) implements FilterValue {
    /** Copies the list. */
    public TextList {
      values = List.copyOf(values);
    }
  }
}
