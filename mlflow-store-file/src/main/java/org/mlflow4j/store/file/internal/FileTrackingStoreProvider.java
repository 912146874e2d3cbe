package org.mlflow4j.store.file.internal;

import java.nio.file.Path;
import java.util.Set;
import org.mlflow4j.store.StoreContext;
import org.mlflow4j.store.TrackingStore;
import org.mlflow4j.store.TrackingStoreProvider;
import org.mlflow4j.store.support.FileUris;
import org.mlflow4j.store.file.FileStoreOptions;
import org.mlflow4j.store.file.FileTrackingStore;

/**
 * Provides {@link FileTrackingStore} for {@code file:} URIs and plain paths. The default artifact
 * root is the tracking URI made absolute, as MLflow does: a {@code file:} URI gives {@code file://}
 * artifact locations, a plain path gives plain absolute paths; the setting {@code
 * _MLFLOW_SERVER_ARTIFACT_ROOT} (a tracking server's default root) replaces it. Honours {@code
 * MLFLOW_TRUNCATE_LONG_VALUES} (default true).
 *
 * <p>Not API. Stateless and thread-safe; the constructor does no I/O.
 */
public final class FileTrackingStoreProvider implements TrackingStoreProvider {
  /** MLflow's setting that truncates too long param and tag values instead of rejecting them. */
  public static final String TRUNCATE_LONG_VALUES = "MLFLOW_TRUNCATE_LONG_VALUES";

  /**
   * The default artifact root a tracking server gives its store (MLflow's name); a relative local
   * path is made absolute.
   */
  public static final String SERVER_ARTIFACT_ROOT = "_MLFLOW_SERVER_ARTIFACT_ROOT";

  /** A provider; does nothing until {@link #create} is called. */
  public FileTrackingStoreProvider() {}

  @Override
  public Set<String> schemes() {
    return Set.of("file");
  }

  @Override
  public TrackingStore create(StoreContext context) {
    String uri = context.trackingUri();
    Path root = FileUris.toPath(uri).toAbsolutePath().normalize();
    String artifactRoot =
        context
            .setting(SERVER_ARTIFACT_ROOT)
            .map(r -> FileUris.resolveIfLocal(r.trim()))
            .orElseGet(() -> FileUris.isFileUri(uri) ? FileUris.toFileUri(root) : root.toString());
    return FileTrackingStore.open(
        FileStoreOptions.builder(root)
            .defaultArtifactRoot(artifactRoot)
            .truncateLongValues(context.booleanSetting(TRUNCATE_LONG_VALUES, true))
            .build());
  }

  @Override
  public String artifact() {
    return "org.mlflow4j:mlflow-store-file";
  }
}
