package org.mlflow4j.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.Experiment;
import org.mlflow4j.entity.LifecycleStage;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.Run;
import org.mlflow4j.entity.RunStatus;
import org.mlflow4j.entity.ViewType;
import org.mlflow4j.store.ExperimentSearch;
import org.mlflow4j.store.RunSearch;

/** What older and newer MLflow versions wrote: legacy ints, missing keys, other line forms. */
class LegacyFormatTest {
  private static final String RUN = "00000000000000000000000000000abc";

  @TempDir Path temp;
  private Path root;

  @BeforeEach
  void layout() throws IOException {
    root = temp.resolve("mlruns");
    write(
        "0/meta.yaml",
        "artifact_location: /old/mlruns/0\n"
            + "experiment_id: 0\n"
            + "lifecycle_stage: active\n"
            + "name: Default\n");
    write(
        "1/meta.yaml",
        "artifact_location: file:///old/mlruns/1\ncreation_time: 5\nexperiment_id: 1\n"
            + "last_update_time: 6\nlifecycle_stage: active\nname: legacy\n"
            + "tags:\n  ignored: because the folder is authoritative\nworkspace: default\n");
    write("1/tags/from-folder", "yes");
    // A run written by old MLflow: int experiment id, run_uuid only, no lifecycle_stage, no
    // status, empty run_name, an extra unknown key.
    write(
        "1/" + RUN + "/meta.yaml",
        "artifact_uri: /old/mlruns/1/"
            + RUN
            + "/artifacts\nend_time: null\n"
            + "entry_point_name: ''\nexperiment_id: 1\nname: ''\nrun_name: ''\nrun_uuid: "
            + RUN
            + "\nsource_name: ''\nsource_type: 4\nsource_version: ''\nstart_time: 1\n"
            + "tags: []\nuser_id: bob\n");
    write("1/" + RUN + "/tags/mlflow.runName", "from-tag");
    write("1/" + RUN + "/metrics/two", "10 0.5\n20 1.5\n");
    write("1/" + RUN + "/metrics/five", "10 0.5 3 ds digest\n11 NaN 4 ds digest\n");
    write("1/" + RUN + "/metrics/deep/er/key", "1 1e-05 -1\n2 Infinity 0\n3 1.0E-5 0\n");
    write("1/" + RUN + "/params/group/lr", "0.1");
    // A 3.6-style run: no run_uuid, deleted_time: null.
    write(
        "1/" + "11111111111111111111111111111111/meta.yaml",
        "artifact_uri: x\n"
            + "deleted_time: null\n"
            + "end_time: 9\n"
            + "entry_point_name: ''\n"
            + "experiment_id: '1'\n"
            + "lifecycle_stage: active\n"
            + "run_id: 11111111111111111111111111111111\n"
            + "run_name: new\n"
            + "source_name: ''\n"
            + "source_type: 4\n"
            + "source_version: ''\n"
            + "start_time: 2\n"
            + "status: 3\n"
            + "tags: []\n"
            + "user_id: ann\n");
    // Things to skip: a malformed experiment, an empty meta, a mismatching id, a models folder,
    // a folder of the experiment that is not a run, a run of another experiment.
    Files.createDirectories(root.resolve("2"));
    write("3/meta.yaml", "");
    write("4/meta.yaml", "experiment_id: '5'\nname: mismatched\nlifecycle_stage: active\n");
    write("models/m/meta.yaml", "name: m\n");
    Files.createDirectories(root.resolve("1/traces/t"));
    write(
        "1/22222222222222222222222222222222/meta.yaml",
        "experiment_id: '0'\nrun_id: 22222222222222222222222222222222\nlifecycle_stage: active\n");
    write("1/stray-file", "not a run");
  }

  private void write(String rel, String content) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content, StandardCharsets.UTF_8);
  }

  @Test
  void readsLegacyExperimentsAndSkipsMalformedOnes() {
    FileTrackingStore store = FileTrackingStore.open(root);
    Experiment legacy = store.getExperiment("1");
    assertThat(legacy.name()).isEqualTo("legacy");
    assertThat(legacy.tagMap()).isEqualTo(Map.of("from-folder", "yes"));
    assertThat(store.getExperiment("0").creationTime()).isZero();
    assertThat(
            store
                .searchExperiments(ExperimentSearch.builder().viewType(ViewType.ALL).build())
                .items())
        .extracting(Experiment::experimentId)
        .containsExactlyInAnyOrder("0", "1");
    MlflowException e = catchThrowableOfType(MlflowException.class, () -> store.getExperiment("4"));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
  }

  @Test
  void readsLegacyRuns() {
    FileTrackingStore store = FileTrackingStore.open(root);
    Run run = store.getRun(RUN);
    assertThat(run.info().experimentId()).isEqualTo("1");
    assertThat(run.info().lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
    assertThat(run.info().status()).isEqualTo(RunStatus.RUNNING);
    assertThat(run.info().runName()).as("falls back to the tag").isEqualTo("from-tag");
    assertThat(run.info().endTime()).isEqualTo(OptionalLong.empty());
    assertThat(run.data().paramMap()).isEqualTo(Map.of("group/lr", "0.1"));
    assertThat(store.getMetricHistory(RUN, "two"))
        .containsExactly(Metric.of("two", 0.5, 10, 0), Metric.of("two", 1.5, 20, 0));
    List<Metric> five = store.getMetricHistory(RUN, "five");
    assertThat(five.get(0)).isEqualTo(Metric.of("five", 0.5, 10, 3));
    assertThat(five.get(1).value()).isNaN();
    assertThat(store.getMetricHistory(RUN, "deep/er/key"))
        .containsExactly(
            Metric.of("deep/er/key", 1e-5, 1, -1),
            Metric.of("deep/er/key", Double.POSITIVE_INFINITY, 2, 0),
            Metric.of("deep/er/key", 1e-5, 3, 0));
    assertThat(run.data().metric("deep/er/key"))
        .as("latest = max by (step, timestamp, value)")
        .contains(Metric.of("deep/er/key", 1e-5, 3, 0));

    Run modern = store.getRun("11111111111111111111111111111111");
    assertThat(modern.info().status()).isEqualTo(RunStatus.FINISHED);
    assertThat(modern.info().endTime()).isEqualTo(OptionalLong.of(9));

    assertThat(store.searchRuns(RunSearch.builder("1").build()).items())
        .extracting(Run::runId)
        .containsExactlyInAnyOrder(RUN, "11111111111111111111111111111111");
    MlflowException e =
        catchThrowableOfType(
            MlflowException.class, () -> store.getRun("22222222222222222222222222222222"));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
  }

  @Test
  void rewritesALegacyRunInTodaysFormat() throws IOException {
    FileTrackingStore store = FileTrackingStore.open(root);
    store.deleteRun(RUN);
    store.restoreRun(RUN);
    String meta = Files.readString(root.resolve("1/" + RUN + "/meta.yaml"));
    assertThat(meta)
        .contains("experiment_id: '1'\n", "run_id: " + RUN + "\n", "run_uuid: " + RUN + "\n")
        .contains("run_name: ''\n", "status: 1\n", "lifecycle_stage: active\n")
        .doesNotContain("deleted_time", "\nname:");
    store.deleteRun("11111111111111111111111111111111");
    store.restoreRun("11111111111111111111111111111111");
    assertThat(Files.readString(root.resolve("1/11111111111111111111111111111111/meta.yaml")))
        .as("deleted_time dropped, run_uuid added, an all-digit id quoted as PyYAML does")
        .doesNotContain("deleted_time")
        .contains("run_uuid: '11111111111111111111111111111111'\n");
  }

  @Test
  void aMalformedMetricLineIsAnInternalError() throws IOException {
    write("1/" + RUN + "/metrics/bad", "1 2 3 4\n");
    FileTrackingStore store = FileTrackingStore.open(root);
    MlflowException e =
        catchThrowableOfType(MlflowException.class, () -> store.getMetricHistory(RUN, "bad"));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.INTERNAL_ERROR);
    assertThat(e.getMessage()).contains("'bad'", "4 fields");
  }

  @Test
  void anEmptyMetaYamlIsReadAgainBeforeItCountsAsMissing() throws IOException {
    long start = System.nanoTime();
    assertThat(FileTrackingStore.readMetaUncached(root.resolve("3/meta.yaml"))).isNull();
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(290);
  }
}
