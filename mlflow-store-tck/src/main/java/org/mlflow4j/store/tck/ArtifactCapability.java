package org.mlflow4j.store.tck;

/**
 * Optional features of an {@link org.mlflow4j.store.ArtifactRepository}. A repository that lacks
 * one declares it by leaving it out of {@link ArtifactRepositoryCompatibilityKit#capabilities()};
 * the kit then skips the tests of that feature visibly (with a message) instead of changing what
 * they assert.
 *
 * <p>Immutable.
 */
public enum ArtifactCapability {
  /**
   * {@code deleteArtifacts}: not every kind of location can delete (MLflow's own HTTP and several
   * cloud repositories cannot). A repository without it throws {@code NOT_IMPLEMENTED}.
   */
  DELETE
}
