package org.mlflow4j.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow4j.entity.ExperimentTag;
import org.mlflow4j.entity.LifecycleStage;
import org.mlflow4j.entity.Run;
import org.mlflow4j.entity.RunTag;
import org.mlflow4j.entity.ViewType;
import org.mlflow4j.store.RunCreate;
import org.mlflow4j.store.RunSearch;
import org.mlflow4j.store.RunUpdate;

/** Delete and restore of runs and experiments, on disk as MLflow does it. */
class LifecycleTest {
  @TempDir Path temp;
  private Path root;
  private FileTrackingStore store;

  @BeforeEach
  void open() {
    root = temp.resolve("mlruns");
    store = FileTrackingStore.open(root);
  }

  private Map<String, Object> meta(Path file) throws IOException {
    return YamlReader.read(Files.readAllBytes(file));
  }

  @Test
  void deletingARunSetsDeletedTimeAndRestoringDropsIt() throws IOException {
    Run run = store.createRun(RunCreate.builder("0").build());
    Path meta = root.resolve("0").resolve(run.runId()).resolve("meta.yaml");
    assertThat(meta(meta)).doesNotContainKey("deleted_time");

    long before = System.currentTimeMillis();
    store.deleteRun(run.runId());
    Map<String, Object> deleted = meta(meta);
    assertThat(deleted).containsEntry("lifecycle_stage", "deleted");
    assertThat(Long.parseLong((String) deleted.get("deleted_time")))
        .isBetween(before, before + 60_000);
    assertThat(store.getRun(run.runId()).info().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
    assertThat(Files.isDirectory(meta.getParent())).as("the run directory stays in place").isTrue();
    store.deleteRun(run.runId());

    store.restoreRun(run.runId());
    Map<String, Object> restored = meta(meta);
    assertThat(restored)
        .containsEntry("lifecycle_stage", "active")
        .doesNotContainKey("deleted_time");
    assertThat(restored.keySet())
        .containsExactly(
            "artifact_uri",
            "end_time",
            "entry_point_name",
            "experiment_id",
            "lifecycle_stage",
            "run_id",
            "run_name",
            "run_uuid",
            "source_name",
            "source_type",
            "source_version",
            "start_time",
            "status",
            "tags",
            "user_id");
    store.restoreRun(run.runId());
  }

  @Test
  void deletingAnExperimentMovesItToTrashAndDeletesItsActiveRuns() throws IOException {
    String id =
        store.createExperiment("exp", Optional.empty(), List.of(ExperimentTag.of("team", "a")));
    Run active = store.createRun(RunCreate.builder(id).build());
    Run deletedBefore = store.createRun(RunCreate.builder(id).build());
    store.deleteRun(deletedBefore.runId());
    Object firstDeletedTime =
        meta(root.resolve(id).resolve(deletedBefore.runId()).resolve("meta.yaml"))
            .get("deleted_time");

    store.deleteExperiment(id);
    assertThat(Files.exists(root.resolve(id))).isFalse();
    Path trashed = root.resolve(".trash").resolve(id);
    Map<String, Object> expMeta = meta(trashed.resolve("meta.yaml"));
    assertThat(expMeta).containsEntry("lifecycle_stage", "deleted");
    assertThat(expMeta.get("tags")).isEqualTo(Map.of("team", "a"));
    Map<String, Object> runMeta = meta(trashed.resolve(active.runId()).resolve("meta.yaml"));
    assertThat(runMeta).containsEntry("lifecycle_stage", "deleted").containsKey("deleted_time");
    assertThat(
            meta(trashed.resolve(deletedBefore.runId()).resolve("meta.yaml")).get("deleted_time"))
        .as("an already deleted run keeps its deleted_time")
        .isEqualTo(firstDeletedTime);

    assertThat(store.getExperiment(id).lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
    assertThat(store.getExperimentByName("exp")).isPresent();
    assertThat(store.getRun(active.runId()).info().lifecycleStage())
        .as("runs are found in .trash")
        .isEqualTo(LifecycleStage.DELETED);
    assertThat(store.searchRuns(RunSearch.builder(id).viewType(ViewType.ALL).build()).items())
        .hasSize(2);

    store.restoreExperiment(id);
    assertThat(Files.exists(trashed)).isFalse();
    assertThat(meta(root.resolve(id).resolve("meta.yaml")))
        .containsEntry("lifecycle_stage", "active");
    for (Run r : List.of(active, deletedBefore)) {
      Map<String, Object> m = meta(root.resolve(id).resolve(r.runId()).resolve("meta.yaml"));
      assertThat(m).containsEntry("lifecycle_stage", "active").doesNotContainKey("deleted_time");
    }
    assertThat(store.getExperiment(id).tagMap()).isEqualTo(Map.of("team", "a"));
    store.logMetric(active.runId(), org.mlflow4j.entity.Metric.of("m", 1, 1, 1));
    assertThat(store.getRun(active.runId()).data().metric("m")).isPresent();
  }

  @Test
  void theDefaultExperimentMayBeDeleted() {
    store.deleteExperiment("0");
    assertThat(store.getExperiment("0").lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
    assertThat(Files.isDirectory(root.resolve(".trash/0"))).isTrue();
  }

  @Test
  void renameRewritesTheMetaWithTagsAsMlflowDoes() throws IOException {
    String id = store.createExperiment("old", Optional.empty(), List.of());
    store.renameExperiment(id, "new name");
    assertThat(store.getExperiment(id).name()).isEqualTo("new name");
    assertThat(store.getExperimentByName("old")).isEmpty();
    String text = Files.readString(root.resolve(id).resolve("meta.yaml"), StandardCharsets.UTF_8);
    assertThat(text).contains("name: new name\n").contains("tags: {}\n");
  }

  @Test
  void runNameStaysInSyncWithItsTag() throws IOException {
    Run run = store.createRun(RunCreate.builder("0").runName("first").build());
    Path dir = root.resolve("0").resolve(run.runId());
    store.setTag(run.runId(), RunTag.of("mlflow.runName", "second"));
    assertThat(meta(dir.resolve("meta.yaml"))).containsEntry("run_name", "second");
    assertThat(store.getRun(run.runId()).info().runName()).isEqualTo("second");

    store.updateRun(run.runId(), RunUpdate.rename("third"));
    assertThat(Files.readString(dir.resolve("tags/mlflow.runName"))).isEqualTo("third");
    assertThat(store.getRun(run.runId()).info().runName()).isEqualTo("third");
  }

  @Test
  void runNamesComeFromTheArgumentTheTagOrTheGenerator() {
    Run fromTag =
        store.createRun(
            RunCreate.builder("0").tags(List.of(RunTag.of("mlflow.runName", "tagged"))).build());
    assertThat(fromTag.info().runName()).isEqualTo("tagged");
    Run generated = store.createRun(RunCreate.builder("0").build());
    assertThat(generated.info().runName()).matches("^[a-z]+-[a-z]+-\\d{1,4}$");
    assertThat(store.getRun(generated.runId()).data().tag("mlflow.runName"))
        .contains(generated.info().runName());
    Run same =
        store.createRun(
            RunCreate.builder("0")
                .runName("x")
                .tags(List.of(RunTag.of("mlflow.runName", "x")))
                .build());
    assertThat(store.getRun(same.runId()).data().tagMap()).containsEntry("mlflow.runName", "x");
  }
}
