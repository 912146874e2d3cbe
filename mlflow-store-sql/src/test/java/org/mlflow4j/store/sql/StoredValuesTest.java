package org.mlflow4j.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.Param;
import org.mlflow4j.entity.RunTag;
import org.mlflow4j.store.RunCreate;

/** Rows are written as MLflow writes them (spec/sql-schema.md §3, §6). */
class StoredValuesTest {
  @TempDir Path dir;

  private List<String> rows(Path db, String sql) throws Exception {
    List<String> result = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          row.append(i == 1 ? "" : "|").append(rs.getString(i));
        }
        result.add(row.toString());
      }
    }
    return result;
  }

  @Test
  void nanAndInfinitiesAreStoredAsMlflowStoresThem() throws Exception {
    Path db = dir.resolve("m.db");
    String runId;
    try (SqlTrackingStore store = SqlTrackingStore.open("sqlite:///" + db)) {
      String exp = store.createExperiment("e", Optional.empty(), List.of());
      runId = store.createRun(RunCreate.builder(exp).build()).runId();
      store.logBatch(
          runId,
          List.of(
              Metric.of("nan", Double.NaN, 5, 0),
              Metric.of("pinf", Double.POSITIVE_INFINITY, 5, 0),
              Metric.of("ninf", Double.NEGATIVE_INFINITY, 5, 0)),
          List.of(),
          List.of());
      assertThat(store.getRun(runId).data().metric("nan").orElseThrow().value()).isNaN();
      assertThat(store.getRun(runId).data().metric("pinf").orElseThrow().value())
          .isEqualTo(Double.MAX_VALUE);
    }
    assertThat(rows(db, "SELECT key, value, is_nan, step, timestamp FROM metrics ORDER BY key"))
        .containsExactly(
            "nan|0.0|1|0|5",
            "ninf|-1.7976931348623157e+308|0|0|5",
            "pinf|1.7976931348623157e+308|0|0|5");
    assertThat(rows(db, "SELECT key, value, is_nan FROM latest_metrics ORDER BY key"))
        .containsExactly(
            "nan|0.0|1", "ninf|-1.7976931348623157e+308|0", "pinf|1.7976931348623157e+308|0");
  }

  @Test
  void runsAreWrittenWithMlflowsColumnValues() throws Exception {
    Path db = dir.resolve("r.db");
    String runId;
    try (SqlTrackingStore store =
        SqlTrackingStore.open(
            SqlStoreOptions.builder("sqlite:///" + db).defaultArtifactRoot("/art").build())) {
      String exp = store.createExperiment("e", Optional.empty(), List.of());
      runId =
          store
              .createRun(RunCreate.builder(exp).userId("u").runName("my-run").startTime(42).build())
              .runId();
      store.logBatch(runId, List.of(), List.of(Param.of("p", "1")), List.of(RunTag.of("t", "v")));
    }
    assertThat(
            rows(
                db,
                "SELECT name, source_type, source_name, entry_point_name, user_id, status,"
                    + " start_time, end_time, source_version, lifecycle_stage, artifact_uri,"
                    + " experiment_id, deleted_time FROM runs"))
        .containsExactly(
            "my-run|UNKNOWN|||u|RUNNING|42|null||active|/art/1/" + runId + "/artifacts|1|null");
    assertThat(rows(db, "SELECT key, value FROM tags ORDER BY key"))
        .containsExactly("mlflow.runName|my-run", "t|v");
    assertThat(rows(db, "SELECT key, value FROM params")).containsExactly("p|1");
    assertThat(
            rows(
                db,
                "SELECT experiment_id, name, artifact_location, lifecycle_stage FROM experiments"
                    + " ORDER BY experiment_id"))
        .containsExactly("0|Default|/art/0|active", "1|e|/art/1|active");
  }
}
