package org.mlflow4j.store.sql.internal;

import java.util.Locale;

/**
 * The database engines the SQL store speaks, with what differs between them. Not API.
 *
 * <p>Immutable.
 */
public enum Dialect {
  /** SQLite through sqlite-jdbc. */
  SQLITE("sqlite", "org.sqlite.JDBC", "org.xerial:sqlite-jdbc"),
  /** PostgreSQL through pgJDBC. */
  POSTGRESQL("postgresql", "org.postgresql.Driver", "org.postgresql:postgresql"),
  /** MySQL or MariaDB through MariaDB Connector/J. */
  MYSQL("mysql", "org.mariadb.jdbc.Driver", "org.mariadb.jdbc:mariadb-java-client");

  private final String id;
  private final String driverClass;
  private final String driverArtifact;

  Dialect(String id, String driverClass, String driverArtifact) {
    this.id = id;
    this.driverClass = driverClass;
    this.driverArtifact = driverArtifact;
  }

  /** The MLflow URI scheme and MyBatis database id, e.g. {@code postgresql}. */
  public String id() {
    return id;
  }

  /** The JDBC driver class this dialect needs. */
  public String driverClass() {
    return driverClass;
  }

  /** The Maven coordinates of the driver, for error messages. */
  public String driverArtifact() {
    return driverArtifact;
  }

  /** The dialect of a JDBC URL, e.g. {@code jdbc:sqlite:mlflow.db}. */
  public static Dialect ofJdbcUrl(String jdbcUrl) {
    String url = jdbcUrl.toLowerCase(Locale.ROOT);
    if (url.startsWith("jdbc:sqlite:")) {
      return SQLITE;
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
      return MYSQL;
    }
    throw org.mlflow4j.MlflowException.invalidParameter(
        "Unsupported JDBC URL '"
            + org.mlflow4j.store.TrackingUris.maskCredentials(jdbcUrl)
            + "': the SQL store supports jdbc:sqlite:, jdbc:postgresql:, jdbc:mariadb: and"
            + " jdbc:mysql:");
  }
}
