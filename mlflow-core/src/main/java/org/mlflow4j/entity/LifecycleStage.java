package org.mlflow4j.entity;

import org.mlflow4j.MlflowException;

/** Whether an experiment or run is active or (softly) deleted. Immutable. */
public enum LifecycleStage {
  /** Visible in default searches and open for writes. */
  ACTIVE("active"),
  /** Soft-deleted: readable, refused for writes, hidden from default searches. */
  DELETED("deleted");

  private final String wireName;

  LifecycleStage(String wireName) {
    this.wireName = wireName;
  }

  /** The lowercase name MLflow stores and sends ({@code active}, {@code deleted}). */
  public String wireName() {
    return wireName;
  }

  /** The stage of the given stored name. */
  public static LifecycleStage fromWireName(String name) {
    for (LifecycleStage stage : values()) {
      if (stage.wireName.equals(name)) {
        return stage;
      }
    }
    throw MlflowException.invalidParameter("Invalid lifecycle stage '" + name + "'");
  }
}
