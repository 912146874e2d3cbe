package org.mlflow4j.store.sql;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A database server the tests use (PostgreSQL or MariaDB on 127.0.0.1): one fresh database per test
 * class, emptied before each test, dropped afterwards. When the server is unreachable the tests are
 * skipped, unless {@code CI=true}, where they fail.
 */
final class TestServer {
  /** PostgreSQL: 127.0.0.1:5432, user postgres, trust authentication. */
  static TestServer postgresql() {
    return new TestServer(
        "postgresql", "jdbc:postgresql://127.0.0.1:5432/", "postgres", "postgres");
  }

  /** MariaDB (or MySQL): 127.0.0.1:3306, user root without password. */
  static TestServer mariadb() {
    return new TestServer("mysql", "jdbc:mariadb://127.0.0.1:3306/", "root", "");
  }

  /** Tables MLflow's tracking store writes, children first. */
  private static final String[] TRACKING_TABLES = {
    "input_tags",
    "inputs",
    "datasets",
    "latest_metrics",
    "metrics",
    "params",
    "tags",
    "runs",
    "experiment_tags",
    "experiments"
  };

  private final String scheme;
  private final String adminUrl;
  private final String adminDatabase;
  private final String user;
  private String database;

  private TestServer(String scheme, String adminUrl, String user, String adminDatabase) {
    this.scheme = scheme;
    this.adminUrl = adminUrl;
    this.user = user;
    this.adminDatabase = adminDatabase;
  }

  private Connection admin(String db) throws SQLException {
    return DriverManager.getConnection(adminUrl + db, user, "");
  }

  /** Creates the database of a test class, or skips (fails under CI=true) without a server. */
  synchronized void createDatabase(String testClass) {
    database =
        ("mlflow4j_" + testClass + "_" + UUID.randomUUID().toString().substring(0, 8))
            .toLowerCase(Locale.ROOT);
    try (Connection c = admin(scheme.equals("postgresql") ? adminDatabase : "");
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + database);
    } catch (SQLException e) {
      String message =
          scheme
              + " server not reachable at "
              + adminUrl
              + " as "
              + user
              + " ("
              + e.getMessage()
              + "). Start it (see .ci/run) to run these tests; they are required when CI=true.";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message, e);
      }
      Assumptions.abort(message);
    }
  }

  /** Drops the database of the test class. */
  synchronized void dropDatabase() {
    if (database == null) {
      return;
    }
    try (Connection c = admin(scheme.equals("postgresql") ? adminDatabase : "");
        Statement st = c.createStatement()) {
      if (scheme.equals("postgresql")) {
        st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      } else {
        st.execute("DROP DATABASE IF EXISTS " + database);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not drop " + database, e);
    }
    database = null;
  }

  /** MLflow's URI of the test database. */
  String uri() {
    return scheme
        + "://"
        + user
        + "@127.0.0.1:"
        + (scheme.equals("postgresql") ? 5432 : 3306)
        + "/"
        + database;
  }

  /** Deletes every row the tracking store wrote (the schema stays). */
  void empty() {
    try (Connection c = admin(database);
        Statement st = c.createStatement();
        ResultSet rs =
            c.getMetaData().getTables(c.getCatalog(), c.getSchema(), "experiments", null)) {
      if (!rs.next()) {
        return; // the first store of the class creates the schema
      }
      for (String table : TRACKING_TABLES) {
        st.execute("DELETE FROM " + table);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not empty " + database, e);
    }
  }
}
