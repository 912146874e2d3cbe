package org.mlflow4j.entity;

import java.util.Objects;

/**
 * A tag of an experiment: a key and its value.
 *
 * <p>Immutable.
 *
 * @param key the key, never null
 * @param value the value, never null (an absent value is the empty string, as in MLflow)
 */
public record ExperimentTag(String key, String value) {
  /** Checks that neither part is null. */
  public ExperimentTag {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }

  /** A ExperimentTag of the given key and value. */
  public static ExperimentTag of(String key, String value) {
    return new ExperimentTag(key, value);
  }
}
