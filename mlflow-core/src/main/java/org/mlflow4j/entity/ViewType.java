package org.mlflow4j.entity;

/** Which lifecycle stages a search returns. Immutable. */
public enum ViewType {
  /** Only active experiments or runs (the default). */
  ACTIVE_ONLY(1),
  /** Only deleted ones. */
  DELETED_ONLY(2),
  /** Both. */
  ALL(3);

  private final int number;

  ViewType(int number) {
    this.number = number;
  }

  /** MLflow's number for this view type. */
  public int number() {
    return number;
  }

  /** Whether an object in the given stage is part of this view. */
  public boolean includes(LifecycleStage stage) {
    switch (this) {
      case ACTIVE_ONLY:
        return stage == LifecycleStage.ACTIVE;
      case DELETED_ONLY:
        return stage == LifecycleStage.DELETED;
      default:
        return true;
    }
  }
}
