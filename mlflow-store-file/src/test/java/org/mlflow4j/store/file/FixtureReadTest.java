package org.mlflow4j.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mlflow4j.store.file.Fixtures.CHILD_RUN;
import static org.mlflow4j.store.file.Fixtures.DELETED_EXPERIMENT_ID;
import static org.mlflow4j.store.file.Fixtures.DELETED_RUN;
import static org.mlflow4j.store.file.Fixtures.EXPERIMENT_ID;
import static org.mlflow4j.store.file.Fixtures.FINISHED_RUN;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow4j.entity.DatasetInput;
import org.mlflow4j.entity.Experiment;
import org.mlflow4j.entity.LifecycleStage;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.Run;
import org.mlflow4j.entity.RunStatus;
import org.mlflow4j.entity.ViewType;
import org.mlflow4j.store.ExperimentSearch;
import org.mlflow4j.store.RunSearch;

/** Reads the store MLflow 2.22 wrote and finds every value its README lists. */
class FixtureReadTest {
  @TempDir Path temp;
  private FileTrackingStore store;

  @BeforeEach
  void open() {
    store = FileTrackingStore.open(Fixtures.copyTo(temp.resolve("mlruns")));
  }

  @Test
  void readsTheExperimentsWithTagsAndLifecycle() {
    Experiment golden = store.getExperiment(EXPERIMENT_ID);
    assertThat(golden.name()).isEqualTo("golden-exp");
    assertThat(golden.isActive()).isTrue();
    assertThat(golden.artifactLocation()).isEqualTo("file:///golden/mlruns/" + EXPERIMENT_ID);
    assertThat(golden.tagMap()).isEqualTo(Map.of("team", "peer", "purpose", "golden"));
    assertThat(golden.creationTime()).isEqualTo(1796396487662L);

    Experiment deflt = store.getExperiment("0");
    assertThat(deflt.name()).isEqualTo("Default");
    assertThat(deflt.tags()).isEmpty();
    assertThat(deflt.artifactLocation()).isEqualTo("file:///golden/mlruns/0");

    Experiment deleted = store.getExperiment(DELETED_EXPERIMENT_ID);
    assertThat(deleted.name()).isEqualTo("deleted-exp");
    assertThat(deleted.lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
    assertThat(store.getExperimentByName("deleted-exp")).contains(deleted);
    assertThat(store.getExperimentByName("golden-exp")).contains(golden);
    assertThat(store.getExperimentByName("nope")).isEmpty();
  }

  @Test
  void opensAnExistingStoreWithoutAddingExperiments() {
    assertThat(Files.isDirectory(temp.resolve("mlruns/.trash"))).isTrue();
    assertThat(names(ViewType.ALL))
        .containsExactlyInAnyOrder("Default", "golden-exp", "deleted-exp");
  }

  @Test
  void searchesExperimentsByViewType() {
    assertThat(names(ViewType.ACTIVE_ONLY)).containsExactlyInAnyOrder("Default", "golden-exp");
    assertThat(names(ViewType.DELETED_ONLY)).containsExactly("deleted-exp");
  }

  private List<String> names(ViewType viewType) {
    return store
        .searchExperiments(ExperimentSearch.builder().viewType(viewType).build())
        .items()
        .stream()
        .map(Experiment::name)
        .toList();
  }

  @Test
  void readsTheFinishedRun() {
    Run run = store.getRun(FINISHED_RUN);
    assertThat(run.info().runName()).isEqualTo("finished-run");
    assertThat(run.info().status()).isEqualTo(RunStatus.FINISHED);
    assertThat(run.info().isActive()).isTrue();
    assertThat(run.info().startTime()).isEqualTo(1700000000000L);
    assertThat(run.info().endTime()).isEqualTo(OptionalLong.of(1700000020000L));
    assertThat(run.info().userId()).isEqualTo("golden-user");
    assertThat(run.info().experimentId()).isEqualTo(EXPERIMENT_ID);
    assertThat(run.info().artifactUri())
        .isEqualTo("file:///golden/mlruns/" + EXPERIMENT_ID + "/" + FINISHED_RUN + "/artifacts");
    assertThat(run.data().paramMap())
        .isEqualTo(Map.of("lr", "0.01", "optimizer", "adam", "epochs", "3"));
    assertThat(run.data().tagMap())
        .isEqualTo(
            Map.of(
                "mlflow.runName", "finished-run",
                "mlflow.user", "golden-user",
                "env", "test",
                "stage", "train"));
    assertThat(run.data().metric("loss")).contains(Metric.of("loss", 0.25, 1700000003000L, 2));
    assertThat(run.data().metric("accuracy"))
        .contains(Metric.of("accuracy", 0.9, 1700000004000L, 0));
    assertThat(run.data().metric("nan_metric").orElseThrow().value()).isNaN();
    assertThat(run.data().metrics()).hasSize(3);
  }

  @Test
  void readsMetricHistoriesInFileOrder() {
    assertThat(store.getMetricHistory(FINISHED_RUN, "loss"))
        .containsExactly(
            Metric.of("loss", 1.0, 1700000001000L, 0),
            Metric.of("loss", 0.5, 1700000002000L, 1),
            Metric.of("loss", 0.25, 1700000003000L, 2));
    List<Metric> nan = store.getMetricHistory(FINISHED_RUN, "nan_metric");
    assertThat(nan).hasSize(1);
    assertThat(Double.isNaN(nan.get(0).value())).isTrue();
    assertThat(nan.get(0).timestamp()).isEqualTo(1700000005000L);
    assertThat(store.getMetricHistory(FINISHED_RUN, "never-logged")).isEmpty();
  }

  @Test
  void readsTheDatasetInput() {
    Run run = store.getRun(FINISHED_RUN);
    assertThat(run.inputs()).hasSize(1);
    DatasetInput input = run.inputs().get(0);
    assertThat(input.dataset().name()).isEqualTo("golden-ds");
    assertThat(input.dataset().digest()).isEqualTo("d1g35t01");
    assertThat(input.dataset().sourceType()).isEqualTo("local");
    assertThat(input.dataset().source()).isEqualTo("{\"uri\": \"data/train.csv\"}");
    assertThat(input.dataset().schema())
        .contains(
            "{\"mlflow_colspec\": [{\"type\": \"double\", \"name\": \"x\", \"required\": true}]}");
    assertThat(input.dataset().profile()).contains("{\"num_rows\": 3}");
    assertThat(input.context()).contains("training");
  }

  @Test
  void readsTheChildRun() {
    Run child = store.getRun(CHILD_RUN);
    assertThat(child.info().runName()).isEqualTo("child-run");
    assertThat(child.info().status()).isEqualTo(RunStatus.FINISHED);
    assertThat(child.info().startTime()).isEqualTo(1700000010000L);
    assertThat(child.info().endTime()).isEqualTo(OptionalLong.of(1700000012000L));
    assertThat(child.data().tag("mlflow.parentRunId")).contains(FINISHED_RUN);
    assertThat(child.data().paramMap()).isEqualTo(Map.of("child_param", "c"));
    assertThat(child.data().metric("child_metric"))
        .contains(Metric.of("child_metric", 0.5, 1700000011000L, 0));
    assertThat(child.inputs()).isEmpty();
  }

  @Test
  void readsTheDeletedRun() {
    Run deleted = store.getRun(DELETED_RUN);
    assertThat(deleted.info().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
    assertThat(deleted.info().status()).isEqualTo(RunStatus.KILLED);
    assertThat(deleted.info().runName()).isEqualTo("deleted-run");
    assertThat(deleted.info().startTime()).isEqualTo(1700000030000L);
    assertThat(deleted.info().endTime()).isEqualTo(OptionalLong.of(1700000031000L));
    assertThat(deleted.data().paramMap()).isEqualTo(Map.of("p", "gone"));
    assertThat(deleted.data().metrics()).isEmpty();
    assertThat(deleted.data().tagMap())
        .isEqualTo(Map.of("mlflow.runName", "deleted-run", "mlflow.user", "golden-user"));
  }

  @Test
  void searchesRunsByViewTypeAndParam() {
    assertThat(runIds(RunSearch.builder(EXPERIMENT_ID).build()))
        .containsExactlyInAnyOrder(FINISHED_RUN, CHILD_RUN);
    assertThat(runIds(RunSearch.builder(EXPERIMENT_ID).viewType(ViewType.ALL).build()))
        .containsExactlyInAnyOrder(FINISHED_RUN, CHILD_RUN, DELETED_RUN);
    assertThat(runIds(RunSearch.builder(EXPERIMENT_ID).viewType(ViewType.DELETED_ONLY).build()))
        .containsExactly(DELETED_RUN);
    assertThat(runIds(RunSearch.builder(EXPERIMENT_ID).filter("params.lr = '0.01'").build()))
        .containsExactly(FINISHED_RUN);
    assertThat(runIds(RunSearch.builder(EXPERIMENT_ID).filter("metrics.loss < 0.3").build()))
        .containsExactly(FINISHED_RUN);
    assertThat(runIds(RunSearch.builder("0").build())).isEmpty();
  }

  private List<String> runIds(RunSearch search) {
    return store.searchRuns(search).items().stream().map(Run::runId).toList();
  }
}
