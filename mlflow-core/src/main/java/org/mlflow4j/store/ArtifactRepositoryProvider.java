package org.mlflow4j.store;

import java.util.Set;

/**
 * Makes {@link ArtifactRepository}s for the artifact-URI schemes it serves; the {@link
 * java.util.ServiceLoader} service by which {@code MlflowClient} (and the tracking server) find
 * artifact repositories at run time, by the same rules as {@link TrackingStoreProvider}.
 *
 * <p>Register an implementation in {@code
 * META-INF/services/org.mlflow4j.store.ArtifactRepositoryProvider}. Implementations are public,
 * final, have a public no-argument constructor that does no I/O, and are thread-safe. Only the
 * chosen provider's {@link #create} is ever called.
 */
public interface ArtifactRepositoryProvider {

  /**
   * The URI schemes served, lowercase, e.g. {@code file}, {@code mlflow-artifacts}, {@code s3}. A
   * plain path (no scheme) counts as {@code file}.
   */
  Set<String> schemes();

  /** Creates a repository for the artifact URI of the context. */
  ArtifactRepository create(ArtifactRepositoryContext context);

  /** The Maven coordinates {@code groupId:artifactId} of the module that holds this provider. */
  default String artifact() {
    return getClass().getName();
  }
}
