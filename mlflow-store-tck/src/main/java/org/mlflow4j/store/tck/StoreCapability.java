package org.mlflow4j.store.tck;

/**
 * Optional features of a {@link org.mlflow4j.store.TrackingStore}. A store that lacks one declares
 * it by leaving it out of {@link TrackingStoreCompatibilityKit#capabilities()}; the kit then skips
 * the tests of that feature visibly (with a message) instead of changing what they assert.
 *
 * <p>Immutable.
 */
public enum StoreCapability {
  /**
   * {@code deleteExperimentTag}: MLflow 2.22's tracking server has no such endpoint, so a REST
   * store talking to one cannot offer it.
   */
  DELETE_EXPERIMENT_TAG,

  /** {@code logInputs}, dataset inputs on runs and the {@code datasets.*} search keys. */
  DATASET_INPUTS
}
