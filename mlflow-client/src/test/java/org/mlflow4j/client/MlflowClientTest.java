package org.mlflow4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.Dataset;
import org.mlflow4j.entity.DatasetInput;
import org.mlflow4j.entity.Experiment;
import org.mlflow4j.entity.LifecycleStage;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.MlflowTags;
import org.mlflow4j.entity.Param;
import org.mlflow4j.entity.Run;
import org.mlflow4j.entity.RunInfo;
import org.mlflow4j.entity.RunStatus;
import org.mlflow4j.entity.RunTag;
import org.mlflow4j.store.RunCreate;
import org.mlflow4j.store.RunSearch;
import org.mlflow4j.store.RunUpdate;

class MlflowClientTest {
  private final RecordingStore store = new RecordingStore();
  private final MlflowClient client =
      MlflowClient.builder()
          .store(store)
          .environment(Map.of())
          .systemProperties(Map.of())
          .asyncShutdownHook(false)
          .build();

  @AfterEach
  void close() {
    client.close();
  }

  private static List<Metric> metrics(int n) {
    return IntStream.range(0, n).mapToObj(i -> Metric.of("m" + i, i, 1, i)).toList();
  }

  private static List<Param> params(int n) {
    return IntStream.range(0, n).mapToObj(i -> Param.of("p" + i, "v")).toList();
  }

  private static List<RunTag> tags(int n) {
    return IntStream.range(0, n).mapToObj(i -> RunTag.of("t" + i, "v")).toList();
  }

  private List<List<Integer>> shapes() {
    return store.batchCalls.stream()
        .map(c -> List.of(c.metrics().size(), c.params().size(), c.tags().size()))
        .toList();
  }

  @Test
  @DisplayName("logBatch splits 250 params and 3500 metrics as MLflow's Python client does")
  void splitParamsAndMetrics() {
    String runId = client.createRun("0").runId();
    client.logBatch(runId, metrics(3500), params(250), List.of());
    assertThat(shapes())
        .containsExactly(
            List.of(900, 100, 0), List.of(900, 100, 0), List.of(950, 50, 0), List.of(750, 0, 0));
    assertThat(client.getRun(runId).data().metrics()).hasSize(3500);
    assertThat(client.getRun(runId).data().params()).hasSize(250);
  }

  @Test
  @DisplayName("logBatch pairs param and tag chunks and tops each call up with metrics")
  void splitPairsParamsAndTags() {
    String runId = client.createRun("0").runId();
    client.logBatch(runId, metrics(2000), params(50), tags(230));
    assertThat(shapes())
        .containsExactly(
            List.of(850, 50, 100), List.of(900, 0, 100), List.of(250, 0, 30));
    assertThat(store.batchCalls.stream().mapToInt(RecordingStore.BatchCall::size).sum())
        .isEqualTo(2280);
  }

  @Test
  @DisplayName("logBatch sends metrics alone in chunks of 1000 and nothing for empty input")
  void splitMetricsOnlyAndEmpty() {
    String runId = client.createRun("0").runId();
    client.logBatch(runId, List.of(), List.of(), List.of());
    assertThat(store.batchCalls).isEmpty();
    client.logBatch(runId, metrics(2001), List.of(), List.of());
    assertThat(shapes())
        .containsExactly(List.of(1000, 0, 0), List.of(1000, 0, 0), List.of(1, 0, 0));
  }

  @Test
  @DisplayName("createRun(experimentId) starts now with user 'unknown'; the mlflow.user tag sets it")
  void createRunDefaults() {
    long before = System.currentTimeMillis();
    Run run = client.createRun("0");
    assertThat(run.info().userId()).isEqualTo("unknown");
    assertThat(run.info().startTime()).isBetween(before, System.currentTimeMillis());
    assertThat(run.info().status()).isEqualTo(RunStatus.RUNNING);

    Run tagged =
        client.createRun(
            RunCreate.builder("0").tags(List.of(RunTag.of(MlflowTags.USER, "alice"))).build());
    assertThat(tagged.info().userId()).isEqualTo("alice");
    Run explicit = client.createRun(RunCreate.builder("0").userId("bob").build());
    assertThat(explicit.info().userId()).isEqualTo("bob");
  }

  @Test
  @DisplayName("getParentRun follows mlflow.parentRunId; a top-level run has none")
  void parentRun() {
    Run parent = client.createRun("0");
    Run child =
        client.createRun(
            RunCreate.builder("0")
                .tags(List.of(RunTag.of(MlflowTags.PARENT_RUN_ID, parent.runId())))
                .build());
    assertThat(client.getParentRun(child.runId())).map(Run::runId).contains(parent.runId());
    assertThat(client.getParentRun(parent.runId())).isEmpty();
  }

  @Test
  @DisplayName("setTerminated ends a run FINISHED now, or with the given status and time")
  void terminate() {
    String runId = client.createRun("0").runId();
    RunInfo info = client.setTerminated(runId);
    assertThat(info.status()).isEqualTo(RunStatus.FINISHED);
    assertThat(info.endTime()).isPresent();
    assertThat(client.setTerminated(runId, RunStatus.KILLED, 42L).endTime().getAsLong())
        .isEqualTo(42L);
    assertThat(client.getRun(runId).info().status()).isEqualTo(RunStatus.KILLED);
    assertThat(client.updateRun(runId, RunUpdate.rename("renamed")).runName()).isEqualTo("renamed");
  }

  @Test
  @DisplayName("streamRuns fetches the next page only when it is needed")
  void lazyPaging() {
    for (int i = 0; i < 25; i++) {
      client.createRun("0");
    }
    RunSearch search = RunSearch.builder("0").maxResults(10).build();
    Iterator<Run> iterator = client.runIterator(search);
    assertThat(store.searchRunsCalls.get()).isZero();
    iterator.next();
    assertThat(store.searchRunsCalls.get()).isEqualTo(1);
    for (int i = 1; i < 10; i++) {
      iterator.next();
    }
    assertThat(store.searchRunsCalls.get()).isEqualTo(1);
    iterator.next();
    assertThat(store.searchRunsCalls.get()).isEqualTo(2);

    store.searchRunsCalls.set(0);
    assertThat(client.streamRuns(search).limit(5).count()).isEqualTo(5);
    assertThat(store.searchRunsCalls.get()).isEqualTo(1);
    List<String> all = new ArrayList<>();
    client.streamRuns(search).forEach(r -> all.add(r.runId()));
    assertThat(all).hasSize(25).doesNotHaveDuplicates();
    assertThat(client.searchRuns(List.of("0"), "").items()).hasSize(25);
  }

  @Test
  @DisplayName("experiment operations delegate to the store")
  void experiments() {
    String id = client.createExperiment("exp", "mem:/custom", Map.of("k", "v"));
    Experiment exp = client.getExperiment(id);
    assertThat(exp.artifactLocation()).isEqualTo("mem:/custom");
    assertThat(exp.tagMap()).containsEntry("k", "v");
    assertThat(client.getExperimentByName("exp")).map(Experiment::experimentId).contains(id);
    assertThat(client.getExperimentByName("nope")).isEmpty();
    client.renameExperiment(id, "exp2");
    client.setExperimentTag(id, "a", "b");
    client.deleteExperimentTag(id, "k");
    assertThat(client.getExperiment(id).tagMap()).containsOnlyKeys("a");
    client.deleteExperiment(id);
    assertThat(client.getExperiment(id).lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
    assertThat(client.searchExperiments().items()).extracting(Experiment::name).containsExactly("Default");
    client.restoreExperiment(id);
    // the store orders by creation time (MLflow's default), which two experiments may share
    List<String> storeOrder = client.searchExperiments().items().stream().map(Experiment::name).toList();
    assertThat(storeOrder).containsExactlyInAnyOrder("Default", "exp2");
    assertThat(client.streamExperiments(org.mlflow4j.store.ExperimentSearch.builder().maxResults(1).build()))
        .extracting(Experiment::name)
        .containsExactlyElementsOf(storeOrder);
    assertThatThrownBy(() -> client.createExperiment("x", "runs:/abc/model", Map.of()))
        .isInstanceOf(MlflowException.class)
        .hasMessageContaining("runs:/abc/model");
  }

  @Test
  @DisplayName("single-item logging, tags, inputs and metric history are stored synchronously")
  void logging() {
    String runId = client.createRun("0").runId();
    client.logMetric(runId, "loss", 1.5);
    client.logMetric(runId, "loss", 0.5, 1000L, 3);
    client.logParam(runId, "lr", "0.1");
    client.setTag(runId, "team", "ml");
    client.setTag(runId, "gone", "soon");
    client.deleteTag(runId, "gone");
    DatasetInput input = DatasetInput.of(Dataset.of("d", "abc", "local", "{}"), "training");
    client.logInputs(runId, List.of(input));
    Run run = client.getRun(runId);
    assertThat(run.data().param("lr")).contains("0.1");
    assertThat(run.data().tag("team")).contains("ml");
    assertThat(run.data().tag("gone")).isEmpty();
    assertThat(run.inputs()).containsExactly(input);
    assertThat(client.getMetricHistory(runId, "loss"))
        .extracting(Metric::value, Metric::step)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1.5, 0L), org.assertj.core.groups.Tuple.tuple(0.5, 3L));
    client.deleteRun(runId);
    assertThatThrownBy(() -> client.logParam(runId, "x", "y"))
        .isInstanceOf(MlflowException.class)
        .extracting(e -> ((MlflowException) e).errorCode())
        .isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
    client.restoreRun(runId);
    client.logParam(runId, "x", "y");
    assertThat(client.getRun(runId).data().param("x")).contains("y");
  }
}
