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
    return new TestServer("postgresql", port("postgresql", 5432), "postgres", "postgres");
  }

  /** MariaDB (or MySQL): 127.0.0.1:3306, user root without password. */
  static TestServer mariadb() {
    return new TestServer("mysql", port("mysql", 3306), "root", "");
  }

  /** The port, overridable by the system property {@code mlflow4j.test.<scheme>.port}. */
  private static int port(String scheme, int defaultPort) {
    return Integer.getInteger("mlflow4j.test." + scheme + ".port", defaultPort);
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
  private final int port;
  private final String adminUrl;
  private final String adminDatabase;
  private final String user;
  private String database;
  private String skipReason;

  private TestServer(String scheme, int port, String user, String adminDatabase) {
    this.scheme = scheme;
    this.port = port;
    this.adminUrl =
        (scheme.equals("postgresql") ? "jdbc:postgresql" : "jdbc:mariadb")
            + "://127.0.0.1:"
            + port
            + "/";
    this.user = user;
    this.adminDatabase = adminDatabase;
  }

  private Connection admin(String db) throws SQLException {
    return DriverManager.getConnection(adminUrl + db, user, "");
  }

  /**
   * Creates the database of a test class. Without a server this fails under {@code CI=true};
   * otherwise every test that then calls {@link #requireDatabase()} is skipped with the reason.
   */
  synchronized void createDatabase(String testClass) {
    String name =
        ("mlflow4j_" + testClass + "_" + UUID.randomUUID().toString().substring(0, 8))
            .toLowerCase(Locale.ROOT);
    try (Connection c = admin(scheme.equals("postgresql") ? adminDatabase : "");
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
      database = name;
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
      skipReason = message;
    }
  }

  /** Skips the calling test when the database could not be created. */
  synchronized void requireDatabase() {
    if (database == null) {
      Assumptions.abort(skipReason == null ? "no test database" : skipReason);
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
    return scheme + "://" + user + "@127.0.0.1:" + port + "/" + database;
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
