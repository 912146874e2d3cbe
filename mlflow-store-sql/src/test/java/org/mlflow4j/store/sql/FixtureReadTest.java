package org.mlflow4j.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow4j.client.MlflowClient;
import org.mlflow4j.entity.Dataset;
import org.mlflow4j.entity.DatasetInput;
import org.mlflow4j.entity.Experiment;
import org.mlflow4j.entity.ExperimentTag;
import org.mlflow4j.entity.LifecycleStage;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.Param;
import org.mlflow4j.entity.Run;
import org.mlflow4j.entity.RunStatus;
import org.mlflow4j.entity.RunTag;
import org.mlflow4j.entity.ViewType;
import org.mlflow4j.store.ExperimentSearch;
import org.mlflow4j.store.RunCreate;
import org.mlflow4j.store.RunSearch;

/**
 * The database real MLflow 2.22 wrote (alembic 0584bdc529eb, src/test/resources/mlflow-sqlite) read
 * back with every value its README lists, through the store and through MlflowClient; its schema is
 * never altered.
 */
class FixtureReadTest {
  static final String FINISHED = "e815542f6df846ed80d7529c032748f9";
  static final String CHILD = "c05e661f4e0b4555b82a92bae5da43e8";
  static final String DELETED = "21a667986095498fbb87f3355ee4e328";

  @TempDir Path temp;

  private Path copyFixture() throws Exception {
    Path db = temp.resolve("mlflow.db");
    try (InputStream in = getClass().getResourceAsStream("/mlflow-sqlite/mlflow.db")) {
      Files.copy(in, db);
    }
    return db;
  }

  private static List<String> schemaOf(Path db) throws Exception {
    List<String> result = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")) {
      while (rs.next()) {
        result.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
      }
      try (ResultSet v = st.executeQuery("SELECT version_num FROM alembic_version")) {
        while (v.next()) {
          result.add("alembic " + v.getString(1));
        }
      }
    }
    return result;
  }

  @Test
  void readsEveryValueOfTheReadmeAndLeavesTheSchemaAlone() throws Exception {
    Path db = copyFixture();
    List<String> before = schemaOf(db);
    assertThat(before).contains("alembic 0584bdc529eb");
    try (SqlTrackingStore store = SqlTrackingStore.open("sqlite:///" + db)) {
      Experiment def = store.getExperiment("0");
      assertThat(def.name()).isEqualTo("Default");
      Experiment exp = store.getExperimentByName("golden-exp").orElseThrow();
      assertThat(exp.experimentId()).isEqualTo("1");
      assertThat(exp.artifactLocation()).isEqualTo("/golden/sqlite/mlruns/1");
      assertThat(exp.tagMap()).isEqualTo(Map.of("team", "peer", "purpose", "golden"));
      Experiment deleted = store.getExperiment("2");
      assertThat(deleted.name()).isEqualTo("deleted-exp");
      assertThat(deleted.lifecycleStage()).isEqualTo(LifecycleStage.DELETED);

      Run finished = store.getRun(FINISHED);
      assertThat(finished.info().runName()).isEqualTo("finished-run");
      assertThat(finished.info().userId()).isEqualTo("golden-user");
      assertThat(finished.info().status()).isEqualTo(RunStatus.FINISHED);
      assertThat(finished.info().startTime()).isEqualTo(1700000000000L);
      assertThat(finished.info().endTime().getAsLong()).isEqualTo(1700000020000L);
      assertThat(finished.info().artifactUri())
          .isEqualTo("/golden/sqlite/mlruns/1/" + FINISHED + "/artifacts");
      assertThat(finished.data().paramMap())
          .isEqualTo(Map.of("lr", "0.01", "optimizer", "adam", "epochs", "3"));
      assertThat(finished.data().tagMap())
          .containsEntry("mlflow.runName", "finished-run")
          .containsEntry("mlflow.user", "golden-user")
          .containsEntry("env", "test")
          .containsEntry("stage", "train");
      assertThat(finished.data().metric("loss").orElseThrow())
          .isEqualTo(Metric.of("loss", 0.25, 1700000003000L, 2));
      assertThat(finished.data().metric("accuracy").orElseThrow())
          .isEqualTo(Metric.of("accuracy", 0.9, 1700000004000L, 0));
      assertThat(finished.data().metric("nan_metric").orElseThrow().value()).isNaN();
      assertThat(store.getMetricHistory(FINISHED, "loss"))
          .containsExactly(
              Metric.of("loss", 1.0, 1700000001000L, 0),
              Metric.of("loss", 0.5, 1700000002000L, 1),
              Metric.of("loss", 0.25, 1700000003000L, 2));
      assertThat(store.getMetricHistory(FINISHED, "nan_metric"))
          .singleElement()
          .satisfies(m -> assertThat(m.value()).isNaN())
          .satisfies(m -> assertThat(m.timestamp()).isEqualTo(1700000005000L));
      DatasetInput input = finished.inputs().get(0);
      assertThat(finished.inputs()).hasSize(1);
      assertThat(input.dataset().name()).isEqualTo("golden-ds");
      assertThat(input.dataset().digest()).isEqualTo("d1g35t01");
      assertThat(input.dataset().sourceType()).isEqualTo("local");
      assertThat(input.dataset().source()).isEqualTo("{\"uri\": \"data/train.csv\"}");
      assertThat(input.dataset().schema())
          .contains(
              "{\"mlflow_colspec\": [{\"type\": \"double\", \"name\": \"x\", \"required\":"
                  + " true}]}");
      assertThat(input.dataset().profile()).contains("{\"num_rows\": 3}");
      assertThat(input.context()).contains("training");

      Run child = store.getRun(CHILD);
      assertThat(child.info().runName()).isEqualTo("child-run");
      assertThat(child.info().startTime()).isEqualTo(1700000010000L);
      assertThat(child.info().endTime().getAsLong()).isEqualTo(1700000012000L);
      assertThat(child.data().tagMap()).containsEntry("mlflow.parentRunId", FINISHED);
      assertThat(child.data().paramMap()).isEqualTo(Map.of("child_param", "c"));
      assertThat(child.data().metric("child_metric").orElseThrow())
          .isEqualTo(Metric.of("child_metric", 0.5, 1700000011000L, 0));

      Run gone = store.getRun(DELETED);
      assertThat(gone.info().status()).isEqualTo(RunStatus.KILLED);
      assertThat(gone.info().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
      assertThat(gone.info().startTime()).isEqualTo(1700000030000L);
      assertThat(gone.info().endTime().getAsLong()).isEqualTo(1700000031000L);
      assertThat(gone.data().paramMap()).isEqualTo(Map.of("p", "gone"));

      assertThat(store.searchRuns(RunSearch.builder("1").viewType(ViewType.ALL).build()).items())
          .extracting(Run::runId)
          .containsExactlyInAnyOrder(FINISHED, CHILD, DELETED);
      assertThat(
              store
                  .searchExperiments(
                      ExperimentSearch.builder().viewType(ViewType.DELETED_ONLY).build())
                  .items())
          .extracting(Experiment::name)
          .containsExactly("deleted-exp");

      // Writing into it works and still leaves the schema alone.
      store.logMetric(CHILD, Metric.of("child_metric", 0.75, 1700000013000L, 1));
      assertThat(store.getRun(CHILD).data().metric("child_metric").orElseThrow().value())
          .isEqualTo(0.75);
    }
    assertThat(schemaOf(db)).isEqualTo(before);
  }

  @Test
  void writesEveryKindOfDataIntoTheMlflow2DatabaseWithoutAlteringIt() throws Exception {
    Path db = copyFixture();
    List<String> before = schemaOf(db);
    try (SqlTrackingStore store = SqlTrackingStore.open("sqlite:///" + db)) {
      String exp =
          store.createExperiment(
              "from-java", Optional.empty(), List.of(ExperimentTag.of("k", "v")));
      assertThat(exp).isEqualTo("3");
      assertThat(store.getExperiment(exp).artifactLocation()).endsWith("/3");
      Run run = store.createRun(RunCreate.builder(exp).runName("java-run").build());
      store.logBatch(
          run.runId(),
          List.of(Metric.of("m", 1.5, 10, 1)),
          List.of(Param.of("p", "x")),
          List.of(RunTag.of("t", "y")));
      store.logInputs(
          run.runId(),
          List.of(DatasetInput.of(Dataset.of("golden-ds", "d1g35t01", "local", "{}"), "eval")));
      Run read = store.getRun(run.runId());
      assertThat(read.data().metricValues()).containsEntry("m", 1.5);
      assertThat(read.inputs())
          .singleElement()
          .satisfies(i -> assertThat(i.context()).contains("eval"));
      assertThat(
              store
                  .searchRuns(RunSearch.builder(exp).filter("datasets.context = 'eval'").build())
                  .items())
          .extracting(Run::runId)
          .containsExactly(run.runId());
      store.deleteExperiment(exp);
      assertThat(store.getRun(run.runId()).info().lifecycleStage())
          .isEqualTo(LifecycleStage.DELETED);
    }
    assertThat(schemaOf(db)).isEqualTo(before);
  }

  @Test
  void readsTheFixtureThroughMlflowClientWithASqliteUri() throws Exception {
    Path db = copyFixture();
    try (MlflowClient client =
        MlflowClient.builder()
            .trackingUri("sqlite:///" + db)
            .environment(Map.of())
            .asyncShutdownHook(false)
            .build()) {
      assertThat(client.store()).isInstanceOf(SqlTrackingStore.class);
      assertThat(client.getExperimentByName("golden-exp").orElseThrow().experimentId())
          .isEqualTo("1");
      Run finished = client.getRun(FINISHED);
      assertThat(finished.data().metricValues().get("loss")).isEqualTo(0.25);
      assertThat(client.getMetricHistory(FINISHED, "loss")).hasSize(3);
      assertThat(client.searchRuns(List.of("1"), "params.lr = '0.01'").items())
          .extracting(Run::runId)
          .containsExactly(FINISHED);
      assertThat(client.getParentRun(CHILD).map(Run::runId)).contains(FINISHED);
    }
  }
}
