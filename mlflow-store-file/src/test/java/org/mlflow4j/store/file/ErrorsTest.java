package org.mlflow4j.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.Dataset;
import org.mlflow4j.entity.DatasetInput;
import org.mlflow4j.entity.ExperimentTag;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.Param;
import org.mlflow4j.entity.RunStatus;
import org.mlflow4j.entity.RunTag;
import org.mlflow4j.store.RunCreate;
import org.mlflow4j.store.RunUpdate;

/** Every error has MLflow's code, names what is wrong, and leaves the store unchanged. */
class ErrorsTest {
  @TempDir Path temp;
  private Path root;
  private FileTrackingStore store;
  private String exp;
  private String runId;

  @BeforeEach
  void open() {
    root = temp.resolve("mlruns");
    store = FileTrackingStore.open(root);
    exp = store.createExperiment("exp", Optional.empty(), List.of(ExperimentTag.of("t", "v")));
    runId = store.createRun(RunCreate.builder(exp).build()).runId();
    store.logBatch(
        runId,
        List.of(Metric.of("m", 1, 1, 1)),
        List.of(Param.of("p", "old")),
        List.of(RunTag.of("t", "v")));
  }

  private MlflowException assertFails(ErrorCode code, String messagePart, ThrowingCallable call) {
    Map<String, String> before = StoreSnapshot.of(root);
    MlflowException e = catchThrowableOfType(MlflowException.class, call);
    assertThat(e).as("expected an MlflowException").isNotNull();
    assertThat(e.errorCode()).as(e.getMessage()).isEqualTo(code);
    assertThat(e.getMessage()).contains(messagePart);
    assertThat(StoreSnapshot.of(root)).as("store unchanged").isEqualTo(before);
    return e;
  }

  @Test
  void unknownRunsAndExperimentsAre404() {
    String unknownRun = "0123456789abcdef0123456789abcdef";
    assertFails(ErrorCode.RESOURCE_DOES_NOT_EXIST, unknownRun, () -> store.getRun(unknownRun));
    assertFails(
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        unknownRun,
        () -> store.logMetric(unknownRun, Metric.of("m", 1, 1, 1)));
    assertFails(
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        unknownRun,
        () -> store.getMetricHistory(unknownRun, "m"));
    assertFails(ErrorCode.RESOURCE_DOES_NOT_EXIST, "12345", () -> store.getExperiment("12345"));
    assertFails(
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        "12345",
        () -> store.createRun(RunCreate.builder("12345").build()));
    assertFails(ErrorCode.RESOURCE_DOES_NOT_EXIST, "12345", () -> store.deleteExperiment("12345"));
    assertFails(ErrorCode.RESOURCE_DOES_NOT_EXIST, exp, () -> store.restoreExperiment(exp));
    assertFails(ErrorCode.RESOURCE_DOES_NOT_EXIST, "nope", () -> store.deleteTag(runId, "nope"));
    assertFails(
        ErrorCode.RESOURCE_DOES_NOT_EXIST, "nope", () -> store.deleteExperimentTag(exp, "nope"));
  }

  @Test
  void writesToADeletedRunAre400() {
    store.deleteRun(runId);
    String part = "must be in the 'active' state";
    assertFails(
        ErrorCode.INVALID_PARAMETER_VALUE,
        part,
        () -> store.logMetric(runId, Metric.of("x", 1, 1, 1)));
    assertFails(
        ErrorCode.INVALID_PARAMETER_VALUE, part, () -> store.logParam(runId, Param.of("x", "1")));
    assertFails(
        ErrorCode.INVALID_PARAMETER_VALUE, part, () -> store.setTag(runId, RunTag.of("x", "1")));
    assertFails(ErrorCode.INVALID_PARAMETER_VALUE, part, () -> store.deleteTag(runId, "t"));
    assertFails(
        ErrorCode.INVALID_PARAMETER_VALUE,
        part,
        () -> store.updateRun(runId, RunUpdate.status(RunStatus.FINISHED)));
    assertFails(
        ErrorCode.INVALID_PARAMETER_VALUE,
        part,
        () ->
            store.logInputs(
                runId, List.of(DatasetInput.of(Dataset.of("d", "1", "local", "{}"), "train"))));
    assertThat(store.getRun(runId).data().param("p")).contains("old");
  }

  @Test
  void deletedExperimentsRefuseRunsTagsAndRenames() {
    store.deleteExperiment(exp);
    assertFails(
        ErrorCode.INVALID_PARAMETER_VALUE,
        "must be in the 'active' state",
        () -> store.createRun(RunCreate.builder(exp).build()));
    assertFails(
        ErrorCode.INVALID_PARAMETER_VALUE,
        "must be in the 'active' state",
        () -> store.setExperimentTag(exp, ExperimentTag.of("a", "b")));
    assertFails(ErrorCode.INVALID_STATE, "non-active", () -> store.renameExperiment(exp, "other"));
    assertFails(ErrorCode.RESOURCE_DOES_NOT_EXIST, exp, () -> store.deleteExperiment(exp));
    assertFails(
        ErrorCode.RESOURCE_ALREADY_EXISTS,
        "exp",
        () -> store.createExperiment("exp", Optional.empty(), List.of()));
  }

  @Test
  void takenNamesAreRefused() {
    String other = store.createExperiment("other", Optional.empty(), List.of());
    assertFails(
        ErrorCode.RESOURCE_ALREADY_EXISTS, "exp", () -> store.renameExperiment(other, "exp"));
    assertFails(
        ErrorCode.RESOURCE_ALREADY_EXISTS,
        "other",
        () -> store.createExperiment("other", Optional.empty(), List.of()));
    assertFails(
        ErrorCode.INVALID_PARAMETER_VALUE,
        "experiment name",
        () -> store.createExperiment("", Optional.empty(), List.of()));
  }

  @Test
  void aParamConflictRejectsTheWholeBatch() {
    assertFails(
        ErrorCode.INVALID_PARAMETER_VALUE,
        "'old'",
        () ->
            store.logBatch(
                runId,
                List.of(Metric.of("m", 2, 2, 2), Metric.of("new", 1, 1, 1)),
                List.of(Param.of("fresh", "1"), Param.of("p", "new")),
                List.of(RunTag.of("t", "changed"))));
    store.logParam(runId, Param.of("p", "old"));
    assertThat(store.getRun(runId).data().paramMap()).isEqualTo(Map.of("p", "old"));
  }

  @Test
  void invalidItemsRejectTheWholeBatch() {
    assertFails(
        ErrorCode.INVALID_PARAMETER_VALUE,
        "metrics[1].name",
        () ->
            store.logBatch(
                runId,
                List.of(Metric.of("ok", 1, 1, 1), Metric.of("bad*key", 1, 1, 1)),
                List.of(Param.of("q", "1")),
                List.of()));
    assertFails(
        ErrorCode.INVALID_PARAMETER_VALUE,
        "conflicts",
        () ->
            store.logBatch(
                runId,
                List.of(Metric.of("ok", 1, 1, 1), Metric.of("m/sub", 1, 1, 1)),
                List.of(Param.of("q", "1")),
                List.of()));
    assertFails(
        ErrorCode.INVALID_PARAMETER_VALUE,
        "conflicts",
        () ->
            store.logBatch(
                runId,
                List.of(Metric.of("a", 1, 1, 1), Metric.of("a/b", 1, 1, 1)),
                List.of(),
                List.of()));
  }

  @Test
  void singleTagsAndExperimentTagsHaveTheBatchLimits() {
    FileTrackingStore strict =
        FileTrackingStore.open(FileStoreOptions.builder(root).truncateLongValues(false).build());
    assertFails(
        ErrorCode.INVALID_PARAMETER_VALUE,
        "8000",
        () -> strict.setTag(runId, RunTag.of("long", "x".repeat(8001))));
    assertFails(
        ErrorCode.INVALID_PARAMETER_VALUE,
        "250",
        () -> store.setTag(runId, RunTag.of("k".repeat(251), "v")));
    assertFails(
        ErrorCode.INVALID_PARAMETER_VALUE,
        "5000",
        () -> store.setExperimentTag(exp, ExperimentTag.of("long", "x".repeat(5001))));
    assertFails(
        ErrorCode.INVALID_PARAMETER_VALUE,
        "6000",
        () -> strict.logParam(runId, Param.of("long", "x".repeat(6001))));
  }

  @Test
  void longValuesAreTruncatedByDefault() {
    store.logParam(runId, Param.of("long", "x".repeat(6001)));
    store.setTag(runId, RunTag.of("long", "y".repeat(8001)));
    assertThat(store.getRun(runId).data().param("long").orElseThrow()).isEqualTo("x".repeat(6000));
    assertThat(store.getRun(runId).data().tag("long").orElseThrow()).isEqualTo("y".repeat(8000));
    store.logParam(runId, Param.of("long", "x".repeat(6002)));
  }

  @Test
  void differentRunNameAndTagAre400() {
    assertFails(
        ErrorCode.INVALID_PARAMETER_VALUE,
        "mlflow.runName",
        () ->
            store.createRun(
                RunCreate.builder(exp)
                    .runName("a")
                    .tags(List.of(RunTag.of("mlflow.runName", "b")))
                    .build()));
  }
}
