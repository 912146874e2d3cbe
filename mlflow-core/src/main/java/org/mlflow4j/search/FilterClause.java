package org.mlflow4j.search;

import java.util.Objects;

/**
 * One comparison of a filter, e.g. {@code metrics.acc > 0.9}. A filter is a list of clauses that
 * must all hold. Keys are unquoted and attribute aliases normalised ({@code created} is {@code
 * start_time}, {@code Run name} is {@code run_name}).
 *
 * <p>Immutable.
 *
 * @param entity what the key refers to
 * @param key the metric, param or tag key, the attribute name, or the dataset field
 * @param operator the comparison
 * @param value the value compared with; a {@link FilterValue.TextList} exactly when the operator is
 *     {@code IN} or {@code NOT IN}
 */
public record FilterClause(EntityType entity, String key, Operator operator, FilterValue value) {
  /** Checks for nulls and that list values go with list operators. */
  public FilterClause {
    Objects.requireNonNull(entity, "entity");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(value, "value");
    if (operator.takesList() != (value instanceof FilterValue.TextList)) {
      throw new IllegalArgumentException(
          "Operator " + operator.symbol() + " does not go with value " + value);
    }
  }
}
