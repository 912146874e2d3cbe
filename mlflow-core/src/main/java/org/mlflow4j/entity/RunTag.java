package org.mlflow4j.entity;

import java.util.Objects;

/**
 * A tag of a run: a key and its value. Tags may be overwritten and deleted.
 *
 * <p>Immutable.
 *
 * @param key the key, never null
 * @param value the value, never null (an absent value is the empty string, as in MLflow)
 */
public record RunTag(String key, String value) {
  /** Checks that neither part is null. */
  public RunTag {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }

  /** A RunTag of the given key and value. */
  public static RunTag of(String key, String value) {
    return new RunTag(key, value);
  }
}
