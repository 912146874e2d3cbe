package org.mlflow4j.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A throw-away database for one benchmark trial: a SQLite file in a temporary directory, or a
 * fresh database on the local PostgreSQL server (127.0.0.1:5432, user postgres, trust auth; set
 * MLFLOW4J_BENCH_PG_HOST/PORT/USER to use another). Dropped by {@link #close()}.
 */
final class BenchDatabase implements AutoCloseable {
  private final String backend;
  private final String mlflowUri;
  private final String jdbcUrl;
  private final String user;
  private final Path tempDir;
  private final String pgDatabase;

  private BenchDatabase(
      String backend, String mlflowUri, String jdbcUrl, String user, Path tempDir, String pgDatabase) {
    this.backend = backend;
    this.mlflowUri = mlflowUri;
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.tempDir = tempDir;
    this.pgDatabase = pgDatabase;
  }

  static BenchDatabase create(String backend) {
    switch (backend) {
      case "sqlite":
        try {
          Path dir = Files.createTempDirectory("mlflow4j-bench");
          Path db = dir.resolve("mlflow.db").toAbsolutePath();
          return new BenchDatabase(
              backend, "sqlite:///" + db, "jdbc:sqlite:" + db, null, dir, null);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      case "postgresql":
        String host = System.getenv().getOrDefault("MLFLOW4J_BENCH_PG_HOST", "127.0.0.1");
        String port = System.getenv().getOrDefault("MLFLOW4J_BENCH_PG_PORT", "5432");
        String pgUser = System.getenv().getOrDefault("MLFLOW4J_BENCH_PG_USER", "postgres");
        String name = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("jdbc:postgresql://" + host + ":" + port + "/postgres", pgUser, "CREATE DATABASE " + name);
        return new BenchDatabase(
            backend,
            "postgresql://" + pgUser + "@" + host + ":" + port + "/" + name,
            "jdbc:postgresql://" + host + ":" + port + "/" + name,
            pgUser,
            null,
            name);
      default:
        throw new IllegalArgumentException("unknown backend " + backend);
    }
  }

  String backend() {
    return backend;
  }

  /** The tracking URI of this database, as MLflow writes it. */
  String mlflowUri() {
    return mlflowUri;
  }

  /** A new plain JDBC connection (for the raw baseline). */
  Connection connect() throws SQLException {
    return user == null
        ? DriverManager.getConnection(jdbcUrl)
        : DriverManager.getConnection(jdbcUrl, user, "");
  }

  @Override
  public void close() {
    if (pgDatabase != null) {
      String admin = jdbcUrl.substring(0, jdbcUrl.lastIndexOf('/') + 1) + "postgres";
      execute(admin, user, "DROP DATABASE IF EXISTS " + pgDatabase + " WITH (FORCE)");
    }
    if (tempDir != null) {
      try (Stream<Path> walk = Files.walk(tempDir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static void execute(String url, String user, String sql) {
    try (Connection c = DriverManager.getConnection(url, user, "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          String.format(Locale.ROOT, "%s failed on %s: %s", sql, url, e.getMessage()), e);
    }
  }
}
