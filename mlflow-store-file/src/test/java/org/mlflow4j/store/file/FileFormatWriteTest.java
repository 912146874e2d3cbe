package org.mlflow4j.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow4j.entity.Dataset;
import org.mlflow4j.entity.DatasetInput;
import org.mlflow4j.entity.Experiment;
import org.mlflow4j.entity.ExperimentTag;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.Param;
import org.mlflow4j.entity.Run;
import org.mlflow4j.entity.RunStatus;
import org.mlflow4j.entity.RunTag;
import org.mlflow4j.store.RunCreate;
import org.mlflow4j.store.RunUpdate;

/** What we write is what MLflow writes: file names, meta.yaml bytes, metric lines, values. */
class FileFormatWriteTest {
  @TempDir Path temp;

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  @Test
  void createsTheRootWithTheDefaultExperimentAndTrash() throws IOException {
    Path root = temp.resolve("new/mlruns");
    FileTrackingStore store = FileTrackingStore.open(root);
    assertThat(Files.isDirectory(root.resolve(".trash"))).isTrue();
    Experiment e = store.getExperiment("0");
    assertThat(e.name()).isEqualTo("Default");
    assertThat(read(root.resolve("0/meta.yaml")))
        .isEqualTo(
            "artifact_location: "
                + root
                + "/0\n"
                + "creation_time: "
                + e.creationTime()
                + "\n"
                + "experiment_id: '0'\n"
                + "last_update_time: "
                + e.creationTime()
                + "\n"
                + "lifecycle_stage: active\n"
                + "name: Default\n");
  }

  @Test
  void anExistingEmptyDirectoryAlsoGetsTheDefaultExperiment() throws IOException {
    Path root = Files.createDirectories(temp.resolve("mlruns"));
    FileTrackingStore.open(root);
    assertThat(Files.isRegularFile(root.resolve("0/meta.yaml"))).isTrue();
  }

  @Test
  void anExistingStoreGetsOnlyTrash() throws IOException {
    Path root = Files.createDirectories(temp.resolve("mlruns/5"));
    Files.writeString(root.resolve("meta.yaml"), "experiment_id: '5'\nname: five\n");
    FileTrackingStore store = FileTrackingStore.open(temp.resolve("mlruns"));
    try (Stream<Path> s = Files.list(temp.resolve("mlruns"))) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("5", ".trash");
    }
    assertThat(store.getExperiment("5").name()).isEqualTo("five");
  }

  @Test
  void writesExperimentsAsMlflowDoes() throws IOException {
    Path root = temp.resolve("mlruns");
    FileTrackingStore store = FileTrackingStore.open(root);
    String id =
        store.createExperiment("yes", Optional.empty(), List.of(ExperimentTag.of("a/b", "v")));
    assertThat(id).matches("[1-9][0-9]{17}");
    Experiment e = store.getExperiment(id);
    assertThat(read(root.resolve(id).resolve("meta.yaml")))
        .isEqualTo(
            "artifact_location: "
                + root
                + "/"
                + id
                + "\n"
                + "creation_time: "
                + e.creationTime()
                + "\n"
                + "experiment_id: '"
                + id
                + "'\n"
                + "last_update_time: "
                + e.creationTime()
                + "\n"
                + "lifecycle_stage: active\n"
                + "name: 'yes'\n");
    assertThat(read(root.resolve(id).resolve("tags/a/b"))).isEqualTo("v");
    assertThat(e.tagMap()).isEqualTo(Map.of("a/b", "v"));
  }

  @Test
  void writesRunsAsMlflow222Does() throws IOException {
    Path root = temp.resolve("mlruns");
    FileTrackingStore store = FileTrackingStore.open(root);
    Run run =
        store.createRun(
            RunCreate.builder("0")
                .userId("alice")
                .runName("bright-owl-42")
                .startTime(1733400000000L)
                .tags(List.of(RunTag.of("team", "vision")))
                .build());
    String id = run.runId();
    assertThat(id).matches("[0-9a-f]{32}");
    Path dir = root.resolve("0").resolve(id);
    String fresh =
        "artifact_uri: "
            + root
            + "/0/"
            + id
            + "/artifacts\n"
            + "end_time: null\n"
            + "entry_point_name: ''\n"
            + "experiment_id: '0'\n"
            + "lifecycle_stage: active\n"
            + "run_id: "
            + id
            + "\n"
            + "run_name: bright-owl-42\n"
            + "run_uuid: "
            + id
            + "\n"
            + "source_name: ''\n"
            + "source_type: 4\n"
            + "source_version: ''\n"
            + "start_time: 1733400000000\n"
            + "status: 1\n"
            + "tags: []\n"
            + "user_id: alice\n";
    assertThat(read(dir.resolve("meta.yaml"))).isEqualTo(fresh);
    for (String sub : List.of("metrics", "params", "artifacts", "tags")) {
      assertThat(Files.isDirectory(dir.resolve(sub))).as(sub).isTrue();
    }
    assertThat(read(dir.resolve("tags/mlflow.runName"))).isEqualTo("bright-owl-42");
    assertThat(read(dir.resolve("tags/team"))).isEqualTo("vision");

    store.logBatch(
        id,
        List.of(
            Metric.of("accuracy", 0.81, 1733400010000L, 0),
            Metric.of("accuracy", 0.87, 1733400020000L, 1),
            Metric.of("loss/val", 0.3512, 1733400020000L, 1),
            Metric.of("tiny", 1e-5, 1, -3),
            Metric.of("huge", 1e16, 2, 0),
            Metric.of("nan", Double.NaN, 3, 0),
            Metric.of("inf", Double.POSITIVE_INFINITY, 4, 0),
            Metric.of("ninf", Double.NEGATIVE_INFINITY, 5, 0)),
        List.of(Param.of("lr", "0.01"), Param.of("opt/name", "adam\nline two")),
        List.of());
    assertThat(read(dir.resolve("metrics/accuracy")))
        .isEqualTo("1733400010000 0.81 0\n1733400020000 0.87 1\n");
    assertThat(read(dir.resolve("metrics/loss/val"))).isEqualTo("1733400020000 0.3512 1\n");
    assertThat(read(dir.resolve("metrics/tiny"))).isEqualTo("1 1e-05 -3\n");
    assertThat(read(dir.resolve("metrics/huge"))).isEqualTo("2 1e+16 0\n");
    assertThat(read(dir.resolve("metrics/nan"))).isEqualTo("3 nan 0\n");
    assertThat(read(dir.resolve("metrics/inf"))).isEqualTo("4 inf 0\n");
    assertThat(read(dir.resolve("metrics/ninf"))).isEqualTo("5 -inf 0\n");
    assertThat(read(dir.resolve("params/lr"))).isEqualTo("0.01");
    assertThat(read(dir.resolve("params/opt/name"))).isEqualTo("adam\nline two");

    Run back = store.getRun(id);
    assertThat(back.data().paramMap())
        .isEqualTo(Map.of("lr", "0.01", "opt/name", "adam\nline two"));
    assertThat(back.data().metric("accuracy"))
        .contains(Metric.of("accuracy", 0.87, 1733400020000L, 1));
    assertThat(back.data().metric("loss/val")).isPresent();

    store.updateRun(id, RunUpdate.terminated(RunStatus.FINISHED, 1733400065000L));
    assertThat(read(dir.resolve("meta.yaml")))
        .isEqualTo(
            fresh
                .replace("end_time: null", "end_time: 1733400065000")
                .replace("status: 1", "status: 3"));
    // No temp file is left behind anywhere.
    try (Stream<Path> walk = Files.walk(root)) {
      assertThat(walk.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
    }
  }

  @Test
  void writesDatasetInputsWithMlflowsIds() throws IOException {
    Path root = temp.resolve("mlruns");
    FileTrackingStore store = FileTrackingStore.open(root);
    Run run = store.createRun(RunCreate.builder("0").build());
    Dataset ds =
        Dataset.of("golden-ds", "d1g35t01", "local", "{\"uri\": \"data/train.csv\"}")
            .withSchema(
                "{\"mlflow_colspec\": [{\"type\": \"double\", \"name\": \"x\", \"required\":"
                    + " true}]}")
            .withProfile("{\"num_rows\": 3}");
    store.logInputs(run.runId(), List.of(DatasetInput.of(ds, "training")));
    store.logInputs(run.runId(), List.of(DatasetInput.of(ds, "training")));
    // The fixture's dataset id, as MLflow computed it: md5(name + digest).
    String datasetId = "7094b1dfdfe753073e0c5fa35cd06c7c";
    Path fixture = Fixtures.original().resolve(Fixtures.EXPERIMENT_ID);
    assertThat(read(root.resolve("0/datasets").resolve(datasetId).resolve("meta.yaml")))
        .isEqualTo(read(fixture.resolve("datasets").resolve(datasetId).resolve("meta.yaml")));
    String inputId = FileTrackingStore.md5Hex(datasetId + run.runId());
    Path inputMeta = root.resolve("0").resolve(run.runId()).resolve("inputs").resolve(inputId);
    assertThat(read(inputMeta.resolve("meta.yaml")))
        .isEqualTo(
            read(
                fixture
                    .resolve(Fixtures.FINISHED_RUN)
                    .resolve("inputs/4e38663b938c106533ec858571fd3a9c/meta.yaml")));
    assertThat(FileTrackingStore.md5Hex(datasetId + Fixtures.FINISHED_RUN))
        .isEqualTo("4e38663b938c106533ec858571fd3a9c");
    Run back = store.getRun(run.runId());
    assertThat(back.inputs()).containsExactly(DatasetInput.of(ds, "training"));
  }

  @Test
  // Above snakeyaml's default limit of 3 MB per document (slow to parse: a few seconds).
  void keepsLargeDatasetProfilesAndSchemas() {
    FileTrackingStore store = FileTrackingStore.open(temp.resolve("mlruns"));
    Run run = store.createRun(RunCreate.builder("0").build());
    String profile = "{\"rows\": \"" + "x".repeat(3_200_000) + "\"}";
    Dataset ds = Dataset.of("big", "d1", "local", "{}").withProfile(profile).withSchema("{}");
    store.logInputs(run.runId(), List.of(DatasetInput.of(ds, "training")));
    assertThat(store.getRun(run.runId()).inputs()).containsExactly(DatasetInput.of(ds, "training"));
  }
}
