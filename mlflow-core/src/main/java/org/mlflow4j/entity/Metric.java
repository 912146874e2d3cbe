package org.mlflow4j.entity;

import java.util.Objects;

/**
 * One point of a metric's history. NaN and the infinities are legal values, kept as MLflow keeps
 * them.
 *
 * <p>Immutable.
 *
 * @param key the metric key, never null
 * @param value the value (NaN and ±Infinity allowed)
 * @param timestamp milliseconds since the Unix epoch, at least 0
 * @param step the training step (may be negative; 0 when not given)
 */
public record Metric(String key, double value, long timestamp, long step) {
  /** Checks that the key is not null. */
  public Metric {
    Objects.requireNonNull(key, "key");
  }

  /** A metric point of the given key, value, timestamp and step. */
  public static Metric of(String key, double value, long timestamp, long step) {
    return new Metric(key, value, timestamp, step);
  }

  /**
   * Whether this point is "later" than the other in MLflow's sense of the latest value of a
   * metric: greater by (step, timestamp, value).
   */
  public boolean isLaterThan(Metric other) {
    if (step != other.step) {
      return step > other.step;
    }
    if (timestamp != other.timestamp) {
      return timestamp > other.timestamp;
    }
    return Double.compare(value, other.value) > 0;
  }
}
