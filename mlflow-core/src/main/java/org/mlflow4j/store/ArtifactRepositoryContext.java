package org.mlflow4j.store;

import java.util.Objects;

/**
 * What an {@link ArtifactRepositoryProvider} needs to create a repository: the artifact root URI,
 * and the tracking context of the client that asks (its tracking URI, against which {@code
 * mlflow-artifacts:} URIs are resolved, and the {@code MLFLOW_*} settings such as credentials).
 *
 * <p>Immutable.
 *
 * @param artifactUri the root URI, e.g. {@code /data/mlruns/1/<run id>/artifacts}, {@code
 *     mlflow-artifacts:/1/<run id>/artifacts}
 * @param tracking the tracking URI and settings of the asking client
 */
public record ArtifactRepositoryContext(String artifactUri, StoreContext tracking) {
  /** Checks for nulls. */
  public ArtifactRepositoryContext {
    Objects.requireNonNull(artifactUri, "artifactUri");
    Objects.requireNonNull(tracking, "tracking");
  }

  /** A context for the artifact URI, with a tracking context of the same URI and no settings. */
  public static ArtifactRepositoryContext of(String artifactUri) {
    return new ArtifactRepositoryContext(artifactUri, StoreContext.of(artifactUri));
  }

  /** The scheme of the artifact URI, lowercase; {@code file} for a plain path. */
  public String scheme() {
    return TrackingUris.scheme(artifactUri);
  }
}
