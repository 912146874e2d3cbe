package org.mlflow4j.client.internal;

import java.util.Set;
import org.mlflow4j.client.LocalArtifactRepository;
import org.mlflow4j.store.ArtifactRepository;
import org.mlflow4j.store.ArtifactRepositoryContext;
import org.mlflow4j.store.ArtifactRepositoryProvider;

/**
 * Serves plain paths and {@code file:} URIs with {@link LocalArtifactRepository}. It lives in the
 * client so that every store, SQL included, has local artifacts without another module.
 */
public final class LocalArtifactRepositoryProvider implements ArtifactRepositoryProvider {

  /** Used by {@link java.util.ServiceLoader}. */
  public LocalArtifactRepositoryProvider() {}

  @Override
  public Set<String> schemes() {
    return Set.of("file");
  }

  @Override
  public ArtifactRepository create(ArtifactRepositoryContext context) {
    return new LocalArtifactRepository(context.artifactUri());
  }

  @Override
  public String artifact() {
    return "org.mlflow4j:mlflow-client";
  }
}
