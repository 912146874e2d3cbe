package org.mlflow4j.entity;

import java.util.Objects;

/**
 * A parameter of a run: a key and its value, written once.
 *
 * <p>Immutable.
 *
 * @param key the key, never null
 * @param value the value, never null (an absent value is the empty string, as in MLflow)
 */
public record Param(String key, String value) {
  /** Checks that neither part is null. */
  public Param {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }

  /** A Param of the given key and value. */
  public static Param of(String key, String value) {
    return new Param(key, value);
  }
}
