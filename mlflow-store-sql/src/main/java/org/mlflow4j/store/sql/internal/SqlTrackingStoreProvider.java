package org.mlflow4j.store.sql.internal;

import java.time.Duration;
import java.util.Set;
import org.mlflow4j.MlflowException;
import org.mlflow4j.store.StoreContext;
import org.mlflow4j.store.TrackingStore;
import org.mlflow4j.store.TrackingStoreProvider;
import org.mlflow4j.store.sql.SqlStoreOptions;
import org.mlflow4j.store.sql.SqlTrackingStore;
import org.mlflow4j.store.support.FileUris;

/**
 * Provides {@link SqlTrackingStore} for MLflow's database URIs: {@code sqlite:}, {@code
 * postgresql:} and {@code mysql:} (a {@code +driver} suffix is ignored). Honours MLflow's {@code
 * MLFLOW_SQLALCHEMYSTORE_POOL_SIZE}, {@code MLFLOW_SQLALCHEMYSTORE_MAX_OVERFLOW}, {@code
 * MLFLOW_SQLALCHEMYSTORE_POOL_RECYCLE} (seconds), {@code MLFLOW_TRUNCATE_LONG_VALUES} and {@code
 * MLFLOW4J_SQL_SCHEMA_REVISION}. New experiments keep artifacts below {@code ./mlruns}, made
 * absolute, as MLflow's clients do, or below the setting {@code _MLFLOW_SERVER_ARTIFACT_ROOT} (a
 * tracking server's default root) when set.
 *
 * <p>Not API. Stateless and thread-safe; the constructor does no I/O.
 */
public final class SqlTrackingStoreProvider implements TrackingStoreProvider {
  /** MLflow's setting for the number of pooled connections. */
  public static final String POOL_SIZE = "MLFLOW_SQLALCHEMYSTORE_POOL_SIZE";

  /** MLflow's setting for the connections opened beyond the pool size. */
  public static final String MAX_OVERFLOW = "MLFLOW_SQLALCHEMYSTORE_MAX_OVERFLOW";

  /** MLflow's setting for the longest life of a connection, in seconds. */
  public static final String POOL_RECYCLE = "MLFLOW_SQLALCHEMYSTORE_POOL_RECYCLE";

  /** MLflow's setting that truncates too long param and tag values instead of rejecting them. */
  public static final String TRUNCATE_LONG_VALUES = "MLFLOW_TRUNCATE_LONG_VALUES";

  /**
   * MLflow4j's setting for the schema revision an empty database is created at ({@code
   * bf29a5ff90ea} by default, {@code 0584bdc529eb} for MLflow 2.18-2.22).
   */
  public static final String SCHEMA_REVISION = "MLFLOW4J_SQL_SCHEMA_REVISION";

  /**
   * The default artifact root a tracking server gives its store (MLflow's name); a relative local
   * path is made absolute.
   */
  public static final String SERVER_ARTIFACT_ROOT = "_MLFLOW_SERVER_ARTIFACT_ROOT";

  /** A provider; does nothing until {@link #create} is called. */
  public SqlTrackingStoreProvider() {}

  @Override
  public Set<String> schemes() {
    return Set.of("sqlite", "postgresql", "mysql");
  }

  @Override
  public TrackingStore create(StoreContext context) {
    SqlStoreOptions.Builder b = SqlStoreOptions.builder(context.trackingUri());
    context.setting(POOL_SIZE).ifPresent(v -> b.poolSize(intSetting(POOL_SIZE, v)));
    context.setting(MAX_OVERFLOW).ifPresent(v -> b.maxOverflow(intSetting(MAX_OVERFLOW, v)));
    context
        .setting(POOL_RECYCLE)
        .ifPresent(v -> b.poolRecycle(Duration.ofSeconds(intSetting(POOL_RECYCLE, v))));
    context.setting(SCHEMA_REVISION).ifPresent(v -> b.schemaRevision(v.trim()));
    context
        .setting(SERVER_ARTIFACT_ROOT)
        .ifPresent(v -> b.defaultArtifactRoot(FileUris.resolveIfLocal(v.trim())));
    b.truncateLongValues(context.booleanSetting(TRUNCATE_LONG_VALUES, true));
    return SqlTrackingStore.open(b.build());
  }

  private static int intSetting(String name, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw MlflowException.invalidParameter(name + " must be an integer, but got '" + value + "'");
    }
  }

  @Override
  public String artifact() {
    return "org.mlflow4j:mlflow-store-sql";
  }
}
