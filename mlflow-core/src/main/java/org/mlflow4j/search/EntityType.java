package org.mlflow4j.search;

/** What a filter or order-by clause refers to. Immutable. */
public enum EntityType {
  /** The latest value of a run's metric ({@code metrics.<key>}). */
  METRIC,
  /** A run's param ({@code params.<key>}). */
  PARAM,
  /** A run's or experiment's tag ({@code tags.<key>}). */
  TAG,
  /**
   * A built-in field of the run or experiment ({@code status}, {@code start_time}, {@code name},
   * ...).
   */
  ATTRIBUTE,
  /**
   * A dataset input of a run ({@code datasets.name}, {@code datasets.digest}, {@code
   * datasets.context}).
   */
  DATASET
}
