package org.mlflow4j.store.sql.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;

/**
 * MLflow's schema in a database: creates it at {@link #HEAD} (or MLflow 2.22's revision) in an
 * empty database, accepts a database MLflow created at a revision from 2.17 on as it is (never
 * altering it), and refuses any other. Not API.
 *
 * <p>Stateless and thread-safe.
 */
public final class Schema {
  /** The revision an empty database gets: the head of MLflow 3.5.x and 3.6.x. */
  public static final String HEAD = "bf29a5ff90ea";

  /**
   * The alembic revisions of MLflow's schema this store reads and writes unchanged: every head from
   * MLflow 2.17 on, in order (spec/sql-schema.md §8). The core tracking tables differ between them
   * only in column widths, a cascade and {@code inputs.step} (3.0), which this store never writes.
   */
  public static final List<String> SUPPORTED_REVISIONS =
      List.of(
          "f5a4f2784254", // 2.17
          "0584bdc529eb", // 2.18 - 2.22
          "400f98739977",
          "6953534de441", // 3.0.0, 3.1.0
          "bda7b8c39065", // 3.0.1, 3.1.1 - 3.1.4
          "cbc13b556ace",
          "770bee3ae1dd", // 3.2
          "a1b2c3d4e5f6",
          "de4033877273",
          "1a0cddfcaa16", // 3.3
          "534353b11cbc",
          "71994744cf8e", // 3.4
          "3da73c924c2f",
          "bf29a5ff90ea", // 3.5, 3.6
          "1b5f0d9ad7c1"); // workspaces (unreleased upstream master)

  /** The revisions an empty database can be created at: {@link #HEAD}, and MLflow 2.22's head. */
  public static final List<String> CREATABLE_REVISIONS = List.of(HEAD, "0584bdc529eb");

  private Schema() {}

  /** What {@link #prepare} found. */
  public enum State {
    /** The database was empty and now holds the schema at {@link #HEAD}. */
    CREATED,
    /** The database already held a supported revision. */
    EXISTING
  }

  /**
   * Creates the schema in an empty database, or checks the revision of an existing one.
   *
   * @param displayUrl the database, credentials masked, for messages
   * @param revision the revision an empty database is created at, one of {@link
   *     #CREATABLE_REVISIONS}
   */
  public static State prepare(
      Connection connection, Dialect dialect, String displayUrl, String revision)
      throws SQLException {
    Set<String> tables = tables(connection);
    boolean hasAlembic = tables.contains("alembic_version");
    tables.removeIf(t -> t.startsWith("alembic_"));
    if (tables.isEmpty()) {
      if (hasAlembic && !revisions(connection).isEmpty()) {
        throw refuse(displayUrl, "it has an alembic_version stamp but no MLflow tables");
      }
      create(connection, dialect, revision, !hasAlembic);
      return State.CREATED;
    }
    if (!hasAlembic) {
      throw refuse(
          displayUrl,
          "it holds tables "
              + tables
              + " but no alembic_version table, so it is not a database"
              + " MLflow created");
    }
    List<String> revisions = revisions(connection);
    if (revisions.size() != 1) {
      throw refuse(displayUrl, "alembic_version holds " + revisions.size() + " rows, not one");
    }
    String found = revisions.get(0);
    if (!SUPPORTED_REVISIONS.contains(found)) {
      throw new MlflowException(
          ErrorCode.INVALID_STATE,
          "The database at "
              + displayUrl
              + " has MLflow schema revision '"
              + found
              + "', which this version of MLflow4j does not know. Supported revisions (MLflow"
              + " 2.17 to 3.6): "
              + SUPPORTED_REVISIONS
              + ". The database was not changed.");
    }
    if (!tables.contains("experiments") || !tables.contains("runs")) {
      throw refuse(displayUrl, "revision " + found + " is stamped but tables are missing");
    }
    return State.EXISTING;
  }

  private static MlflowException refuse(String displayUrl, String why) {
    return new MlflowException(
        ErrorCode.INVALID_STATE,
        "Cannot use the database at "
            + displayUrl
            + " as an MLflow tracking store: "
            + why
            + ". The database was not changed.");
  }

  /** Table names of the connection's catalog and schema, lowercase. */
  static Set<String> tables(Connection connection) throws SQLException {
    DatabaseMetaData meta = connection.getMetaData();
    Set<String> names = new TreeSet<>();
    String schema = connection.getSchema();
    try (ResultSet rs =
        meta.getTables(connection.getCatalog(), schema, "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        names.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
      }
    }
    return names;
  }

  private static List<String> revisions(Connection connection) throws SQLException {
    List<String> result = new ArrayList<>();
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT version_num FROM alembic_version")) {
      while (rs.next()) {
        result.add(rs.getString(1));
      }
    }
    return result;
  }

  private static void create(
      Connection connection, Dialect dialect, String revision, boolean withAlembicTable)
      throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (Statement st = connection.createStatement()) {
      for (String sql : statements(dialect, revision)) {
        if (!withAlembicTable && sql.startsWith("CREATE TABLE alembic_version ")) {
          continue;
        }
        st.execute(sql);
      }
      st.executeUpdate("INSERT INTO alembic_version (version_num) VALUES ('" + revision + "')");
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  /** The DDL statements of a revision for a dialect, from {@code schema/<rev>-<dialect>.sql}. */
  static List<String> statements(Dialect dialect, String revision) {
    String name = "/org/mlflow4j/store/sql/schema/" + revision + "-" + dialect.id() + ".sql";
    String text;
    try (InputStream in = Schema.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + name);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new MlflowException(ErrorCode.INTERNAL_ERROR, "Cannot read " + name, e);
    }
    StringBuilder current = new StringBuilder();
    List<String> result = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (line.endsWith(";")) {
        String sql = current.toString().trim();
        result.add(sql.substring(0, sql.length() - 1));
        current.setLength(0);
      }
    }
    return result;
  }
}
