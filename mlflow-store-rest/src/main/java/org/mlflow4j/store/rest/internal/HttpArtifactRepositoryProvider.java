package org.mlflow4j.store.rest.internal;

import java.util.Set;
import org.mlflow4j.store.ArtifactRepository;
import org.mlflow4j.store.ArtifactRepositoryContext;
import org.mlflow4j.store.ArtifactRepositoryProvider;
import org.mlflow4j.store.StoreContext;
import org.mlflow4j.store.rest.HttpArtifactRepository;
import org.mlflow4j.store.rest.RestStoreOptions;

/**
 * Provides {@link HttpArtifactRepository} for {@code http}/{@code https} artifact URIs of a
 * tracking server's artifact proxy, and for {@code mlflow-artifacts:} URIs, resolved against the
 * asking client's tracking URI ({@link MlflowArtifactsUris#resolve}). The HTTP settings are the
 * REST store's ({@link RestTrackingStoreProvider#options}), read from the tracking context.
 *
 * <p>The repositories it creates for one server and equal settings share one connection pool
 * ({@link HttpArtifactRepository#openShared}): each run has an artifact root of its own, and a
 * pool per root would open a new connection for every run a client logs to.
 *
 * <p>Not API. Stateless and thread-safe; the constructor does no I/O.
 */
public final class HttpArtifactRepositoryProvider implements ArtifactRepositoryProvider {
  /** A provider; does nothing until {@link #create} is called. */
  public HttpArtifactRepositoryProvider() {}

  @Override
  public Set<String> schemes() {
    return Set.of("http", "https", MlflowArtifactsUris.SCHEME);
  }

  @Override
  public ArtifactRepository create(ArtifactRepositoryContext context) {
    String artifactUri = context.artifactUri();
    String url =
        context.scheme().equals(MlflowArtifactsUris.SCHEME)
            ? MlflowArtifactsUris.resolve(artifactUri, context.tracking().trackingUri())
            : artifactUri;
    RestStoreOptions options =
        RestTrackingStoreProvider.options(new StoreContext(url, context.tracking().settings()));
    return HttpArtifactRepository.openShared(artifactUri, options);
  }

  @Override
  public String artifact() {
    return "org.mlflow4j:mlflow-store-rest";
  }
}
