package org.mlflow4j.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.Experiment;
import org.mlflow4j.entity.LifecycleStage;

/** An empty database gets MLflow's schema at bf29a5ff90ea; unknown databases are refused. */
class SchemaTest {
  /** Every table of revision bf29a5ff90ea (spec/sql-schema.md §3-5). */
  static final List<String> HEAD_TABLES =
      List.of(
          "alembic_version",
          "assessments",
          "datasets",
          "entity_associations",
          "evaluation_dataset_records",
          "evaluation_dataset_tags",
          "evaluation_datasets",
          "experiment_tags",
          "experiments",
          "input_tags",
          "inputs",
          "jobs",
          "latest_metrics",
          "logged_model_metrics",
          "logged_model_params",
          "logged_model_tags",
          "logged_models",
          "metrics",
          "model_version_tags",
          "model_versions",
          "params",
          "registered_model_aliases",
          "registered_model_tags",
          "registered_models",
          "runs",
          "scorer_versions",
          "scorers",
          "spans",
          "tags",
          "trace_info",
          "trace_request_metadata",
          "trace_tags",
          "webhook_events",
          "webhooks");

  @TempDir Path dir;

  private static List<String> query(Path db, String sql) throws Exception {
    List<String> result = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        result.add(rs.getString(1));
      }
    }
    return result;
  }

  private static void execute(Path db, String... statements) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      for (String sql : statements) {
        st.execute(sql);
      }
    }
  }

  @Test
  void anEmptyDatabaseGetsEveryTableOfTheHeadTheStampAndTheDefaultExperiment() throws Exception {
    Path db = dir.resolve("new.db");
    try (SqlTrackingStore store =
        SqlTrackingStore.open(
            SqlStoreOptions.builder("sqlite:///" + db)
                .defaultArtifactRoot("/srv/mlruns")
                .build())) {
      Experiment def = store.getExperiment("0");
      assertThat(def.name()).isEqualTo("Default");
      assertThat(def.artifactLocation()).isEqualTo("/srv/mlruns/0");
      assertThat(def.lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
      assertThat(def.creationTime()).isPositive();
      String id = store.createExperiment("first", java.util.Optional.empty(), List.of());
      assertThat(id).isEqualTo("1");
    }
    assertThat(query(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))
        .containsExactlyElementsOf(HEAD_TABLES);
    assertThat(query(db, "SELECT version_num FROM alembic_version"))
        .containsExactly("bf29a5ff90ea");
    assertThat(query(db, "SELECT name FROM sqlite_master WHERE type = 'index'"))
        .contains(
            "index_metrics_run_uuid",
            "index_latest_metrics_run_uuid",
            "index_jobs_function_status_creation_time");
    // Opening again changes nothing.
    List<String> schema = query(db, "SELECT sql FROM sqlite_master ORDER BY name");
    SqlTrackingStore.open("sqlite:///" + db).close();
    assertThat(query(db, "SELECT sql FROM sqlite_master ORDER BY name")).isEqualTo(schema);
  }

  /** Each table's columns as SQLite reports them (name, type, not null, default, key). */
  private static List<String> columns(Path db) throws Exception {
    List<String> result = new ArrayList<>();
    for (String table :
        query(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("PRAGMA table_info(" + table + ")")) {
        while (rs.next()) {
          result.add(
              table
                  + "."
                  + rs.getString("name")
                  + " "
                  + rs.getString("type")
                  + " "
                  + rs.getInt("notnull")
                  + " "
                  + rs.getString("dflt_value")
                  + " "
                  + rs.getInt("pk"));
        }
      }
    }
    return result;
  }

  @Test
  void theMlflow2RevisionOptionCreatesTheSchemaMlflow222Created() throws Exception {
    Path db = dir.resolve("v2.db");
    Path fixture = dir.resolve("fixture.db");
    try (java.io.InputStream in = getClass().getResourceAsStream("/mlflow-sqlite/mlflow.db")) {
      java.nio.file.Files.copy(in, fixture);
    }
    try (SqlTrackingStore store =
        SqlTrackingStore.open(
            SqlStoreOptions.builder("sqlite:///" + db)
                .schemaRevision(SqlStoreOptions.MLFLOW_2_REVISION)
                .build())) {
      assertThat(store.getExperiment("0").name()).isEqualTo("Default");
    }
    assertThat(query(db, "SELECT version_num FROM alembic_version"))
        .containsExactly("0584bdc529eb");
    assertThat(columns(db)).isEqualTo(columns(fixture));
    assertThat(
            query(
                db,
                "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY"
                    + " name"))
        .isEqualTo(
            query(
                fixture,
                "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY"
                    + " name"));
    assertThatThrownBy(
            () -> SqlStoreOptions.builder("sqlite:///x.db").schemaRevision("1b5f0d9ad7c1").build())
        .isInstanceOf(MlflowException.class)
        .hasMessageContaining("1b5f0d9ad7c1");
  }

  @Test
  void anUnknownRevisionIsRefusedAndLeftAlone() throws Exception {
    Path db = dir.resolve("future.db");
    execute(
        db,
        "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)",
        "INSERT INTO alembic_version VALUES ('fffffffffff1')",
        "CREATE TABLE experiments (experiment_id INTEGER PRIMARY KEY, name VARCHAR(256))",
        "CREATE TABLE runs (run_uuid VARCHAR(32) PRIMARY KEY)");
    assertThatThrownBy(() -> SqlTrackingStore.open("sqlite:///" + db))
        .isInstanceOf(MlflowException.class)
        .hasMessageContaining("fffffffffff1")
        .hasMessageContaining("0584bdc529eb")
        .satisfies(
            e -> assertThat(((MlflowException) e).errorCode()).isEqualTo(ErrorCode.INVALID_STATE));
    assertThat(query(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))
        .containsExactly("alembic_version", "experiments", "runs");
    assertThat(query(db, "SELECT count(*) FROM experiments")).containsExactly("0");
  }

  @Test
  void aDatabaseWithOtherTablesAndNoStampIsRefused() throws Exception {
    Path db = dir.resolve("other.db");
    execute(db, "CREATE TABLE customers (id INTEGER PRIMARY KEY)");
    assertThatThrownBy(() -> SqlTrackingStore.open("sqlite:///" + db))
        .isInstanceOf(MlflowException.class)
        .hasMessageContaining("customers")
        .hasMessageContaining("alembic_version");
    assertThat(query(db, "SELECT name FROM sqlite_master WHERE type = 'table'"))
        .containsExactly("customers");
  }
}
