package org.mlflow4j.store;

import java.util.Set;

/**
 * Makes {@link TrackingStore}s for the tracking-URI schemes it serves; the {@link
 * java.util.ServiceLoader} service by which {@code MlflowClient} finds stores at run time.
 *
 * <p>Register an implementation in {@code
 * META-INF/services/org.mlflow4j.store.TrackingStoreProvider}. Implementations are public, final,
 * have a public no-argument constructor that does no I/O, and are thread-safe. Only the chosen
 * provider's {@link #create} is ever called.
 */
public interface TrackingStoreProvider {

  /**
   * The URI schemes served, lowercase, e.g. {@code file}, {@code sqlite}, {@code http}. A plain
   * path (no scheme) counts as {@code file}.
   */
  Set<String> schemes();

  /** Creates a store for the URI and settings of the context. */
  TrackingStore create(StoreContext context);

  /** The Maven coordinates {@code groupId:artifactId} of the module that holds this provider. */
  default String artifact() {
    return getClass().getName();
  }
}
