package org.mlflow4j.store.sql;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.mlflow4j.MlflowException;
import org.mlflow4j.store.TrackingUris;
import org.mlflow4j.store.sql.internal.Dialect;
import org.mlflow4j.store.sql.internal.SqlUris;

/**
 * How to open a {@link SqlTrackingStore}: the database, the credentials, the default artifact root
 * and the pool. Start from MLflow's database URI with {@link #builder(String)} or from a JDBC URL
 * with {@link #jdbcBuilder(String)}. {@link #toString()} never shows the password.
 *
 * <p>Immutable.
 *
 * @param jdbcUrl the JDBC URL ({@code jdbc:sqlite:}, {@code jdbc:postgresql:}, {@code
 *     jdbc:mariadb:} or {@code jdbc:mysql:}), without credentials
 * @param user the database user, if any
 * @param password the database password, if any
 * @param defaultArtifactRoot where new experiments keep artifacts when none is given ({@code
 *     <root>/<experiment id>}); MLflow's default is {@code ./mlruns} made absolute
 * @param poolSize pooled connections (MLflow's {@code MLFLOW_SQLALCHEMYSTORE_POOL_SIZE}, default
 *     5); with {@code maxOverflow} it makes HikariCP's maximum pool size; connections open on
 *     demand
 * @param maxOverflow connections beyond {@code poolSize} under load ({@code
 *     MLFLOW_SQLALCHEMYSTORE_MAX_OVERFLOW}, default 10)
 * @param poolRecycle the longest a connection is kept ({@code
 *     MLFLOW_SQLALCHEMYSTORE_POOL_RECYCLE}); empty for HikariCP's default
 * @param truncateLongValues whether too long param and tag values are cut to their limit ({@code
 *     MLFLOW_TRUNCATE_LONG_VALUES}, default true) rather than rejected
 * @param schemaRevision the MLflow schema revision an empty database is created at: {@value
 *     #HEAD_REVISION} (MLflow 3.5/3.6, the default; newer MLflow 3 servers migrate it forward) or
 *     {@value #MLFLOW_2_REVISION} (MLflow 2.18-2.22, for teams still on MLflow 2, which opens only
 *     its own revision). An existing database keeps its revision.
 */
public record SqlStoreOptions(
    String jdbcUrl,
    Optional<String> user,
    Optional<String> password,
    String defaultArtifactRoot,
    int poolSize,
    int maxOverflow,
    Optional<Duration> poolRecycle,
    boolean truncateLongValues,
    String schemaRevision) {

  /** The revision of MLflow 3.5 and 3.6: what an empty database gets by default. */
  public static final String HEAD_REVISION = "bf29a5ff90ea";

  /** The revision of MLflow 2.18 to 2.22. */
  public static final String MLFLOW_2_REVISION = "0584bdc529eb";

  /** Checks the values. */
  public SqlStoreOptions {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(defaultArtifactRoot, "defaultArtifactRoot");
    Objects.requireNonNull(poolRecycle, "poolRecycle");
    Objects.requireNonNull(schemaRevision, "schemaRevision");
    Dialect.ofJdbcUrl(jdbcUrl);
    if (!schemaRevision.equals(HEAD_REVISION) && !schemaRevision.equals(MLFLOW_2_REVISION)) {
      throw MlflowException.invalidParameter(
          "Unsupported schema revision '"
              + schemaRevision
              + "': an empty database can be created"
              + " at "
              + HEAD_REVISION
              + " (MLflow 3.5/3.6) or "
              + MLFLOW_2_REVISION
              + " (MLflow 2.18-2.22)");
    }
    if (poolSize < 1 || maxOverflow < 0) {
      throw MlflowException.invalidParameter(
          "Invalid pool size "
              + poolSize
              + " / max overflow "
              + maxOverflow
              + ": the pool size must be at least 1 and the overflow at least 0");
    }
  }

  /** A builder for MLflow's database URI, e.g. {@code sqlite:///mlflow.db}. */
  public static Builder builder(String databaseUri) {
    SqlUris.JdbcTarget target = SqlUris.toJdbc(databaseUri);
    Builder b = new Builder(target.jdbcUrl());
    target.user().ifPresent(b::user);
    target.password().ifPresent(b::password);
    return b;
  }

  /** A builder for a JDBC URL; credentials are set separately. */
  public static Builder jdbcBuilder(String jdbcUrl) {
    Dialect.ofJdbcUrl(jdbcUrl);
    return new Builder(jdbcUrl);
  }

  /** The options of MLflow's database URI with every default. */
  public static SqlStoreOptions of(String databaseUri) {
    return builder(databaseUri).build();
  }

  @Override
  public String toString() {
    return "SqlStoreOptions[jdbcUrl="
        + TrackingUris.maskCredentials(jdbcUrl)
        + ", user="
        + user.orElse("")
        + ", password="
        + (password.isPresent() ? "***" : "")
        + ", defaultArtifactRoot="
        + defaultArtifactRoot
        + ", poolSize="
        + poolSize
        + ", maxOverflow="
        + maxOverflow
        + ", poolRecycle="
        + poolRecycle
        + ", truncateLongValues="
        + truncateLongValues
        + ", schemaRevision="
        + schemaRevision
        + "]";
  }

  /** Builds {@link SqlStoreOptions}. Confined to one thread. */
  public static final class Builder {
    private final String jdbcUrl;
    private Optional<String> user = Optional.empty();
    private Optional<String> password = Optional.empty();
    private String defaultArtifactRoot = Path.of("mlruns").toAbsolutePath().normalize().toString();
    private int poolSize = 5;
    private int maxOverflow = 10;
    private Optional<Duration> poolRecycle = Optional.empty();
    private boolean truncateLongValues = true;
    private String schemaRevision = HEAD_REVISION;

    private Builder(String jdbcUrl) {
      this.jdbcUrl = jdbcUrl;
    }

    /** Sets the database user. */
    public Builder user(String user) {
      this.user = Optional.of(user);
      return this;
    }

    /** Sets the database password. */
    public Builder password(String password) {
      this.password = Optional.of(password);
      return this;
    }

    /** Sets the default artifact root (a URI or an absolute path). */
    public Builder defaultArtifactRoot(String defaultArtifactRoot) {
      this.defaultArtifactRoot = defaultArtifactRoot;
      return this;
    }

    /** Sets the number of connections kept open. */
    public Builder poolSize(int poolSize) {
      this.poolSize = poolSize;
      return this;
    }

    /** Sets the number of connections opened beyond the pool size under load. */
    public Builder maxOverflow(int maxOverflow) {
      this.maxOverflow = maxOverflow;
      return this;
    }

    /** Sets the longest a connection is kept. */
    public Builder poolRecycle(Duration poolRecycle) {
      this.poolRecycle = Optional.of(poolRecycle);
      return this;
    }

    /** Sets whether too long param and tag values are truncated rather than rejected. */
    public Builder truncateLongValues(boolean truncateLongValues) {
      this.truncateLongValues = truncateLongValues;
      return this;
    }

    /** Sets the schema revision an empty database is created at. */
    public Builder schemaRevision(String schemaRevision) {
      this.schemaRevision = schemaRevision;
      return this;
    }

    /** The options. */
    public SqlStoreOptions build() {
      return new SqlStoreOptions(
          jdbcUrl,
          user,
          password,
          defaultArtifactRoot,
          poolSize,
          maxOverflow,
          poolRecycle,
          truncateLongValues,
          schemaRevision);
    }
  }
}
