package org.mlflow4j.search;

import java.util.Objects;

/**
 * One element of an order-by list, e.g. {@code metrics.rmse DESC}. Keys are unquoted and aliases
 * normalised ({@code created} is {@code start_time}).
 *
 * <p>Immutable.
 *
 * @param entity what the key refers to (never {@link EntityType#DATASET})
 * @param key the metric, param or tag key, or the attribute name
 * @param ascending whether the order is ascending
 */
public record OrderByClause(EntityType entity, String key, boolean ascending) {
  /** Checks for nulls. */
  public OrderByClause {
    Objects.requireNonNull(entity, "entity");
    Objects.requireNonNull(key, "key");
  }

  /** An ascending or descending clause on an attribute. */
  public static OrderByClause attribute(String key, boolean ascending) {
    return new OrderByClause(EntityType.ATTRIBUTE, key, ascending);
  }
}
