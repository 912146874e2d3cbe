package org.mlflow4j.entity;

import java.util.Objects;

/**
 * A tag of a dataset input, e.g. {@code mlflow.data.context=training}.
 *
 * <p>Immutable.
 *
 * @param key the key, never null
 * @param value the value, never null (an absent value is the empty string, as in MLflow)
 */
public record InputTag(String key, String value) {
  /** Checks that neither part is null. */
  public InputTag {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }

  /** A InputTag of the given key and value. */
  public static InputTag of(String key, String value) {
    return new InputTag(key, value);
  }
}
