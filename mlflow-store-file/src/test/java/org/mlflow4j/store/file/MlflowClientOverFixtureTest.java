package org.mlflow4j.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mlflow4j.store.file.Fixtures.CHILD_RUN;
import static org.mlflow4j.store.file.Fixtures.DELETED_RUN;
import static org.mlflow4j.store.file.Fixtures.EXPERIMENT_ID;
import static org.mlflow4j.store.file.Fixtures.FINISHED_RUN;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow4j.client.MlflowClient;
import org.mlflow4j.entity.Experiment;
import org.mlflow4j.entity.Run;
import org.mlflow4j.entity.RunStatus;
import org.mlflow4j.entity.ViewType;
import org.mlflow4j.store.ExperimentSearch;
import org.mlflow4j.store.RunSearch;

/** The golden store read and written through MlflowClient, which finds this store by its URI. */
class MlflowClientOverFixtureTest {
  @TempDir Path temp;

  private MlflowClient client(String trackingUri) {
    return MlflowClient.builder()
        .trackingUri(trackingUri)
        .environment(Map.of())
        .asyncShutdownHook(false)
        .build();
  }

  @Test
  void readsTheGoldenStoreThroughTheClient() {
    Path root = Fixtures.copyTo(temp.resolve("mlruns"));
    try (MlflowClient client = client(root.toString())) {
      assertThat(client.store()).isInstanceOf(FileTrackingStore.class);
      Experiment exp = client.getExperimentByName("golden-exp").orElseThrow();
      assertThat(exp.experimentId()).isEqualTo(EXPERIMENT_ID);
      assertThat(exp.tagMap()).containsEntry("team", "peer").containsEntry("purpose", "golden");
      assertThat(
              client
                  .searchExperiments(
                      ExperimentSearch.builder().viewType(ViewType.DELETED_ONLY).build())
                  .items())
          .extracting(Experiment::name)
          .containsExactly("deleted-exp");

      Run finished = client.getRun(FINISHED_RUN);
      assertThat(finished.info().status()).isEqualTo(RunStatus.FINISHED);
      assertThat(finished.data().paramMap()).containsEntry("lr", "0.01");
      assertThat(finished.data().metricValues().get("loss")).isEqualTo(0.25);
      assertThat(client.getMetricHistory(FINISHED_RUN, "loss")).hasSize(3);
      assertThat(client.getMetricHistory(FINISHED_RUN, "nan_metric").get(0).value()).isNaN();
      assertThat(client.getParentRun(CHILD_RUN).map(Run::runId)).contains(FINISHED_RUN);
      assertThat(client.getRun(DELETED_RUN).info().isActive()).isFalse();
      assertThat(client.searchRuns(List.of(EXPERIMENT_ID), "params.lr = '0.01'").items())
          .extracting(Run::runId)
          .containsExactly(FINISHED_RUN);
      assertThat(
              client
                  .searchRuns(RunSearch.builder(EXPERIMENT_ID).viewType(ViewType.ALL).build())
                  .items())
          .hasSize(3);
    }
  }

  @Test
  void logsThroughTheClientIntoAFileUriStore() throws Exception {
    Path root = temp.resolve("mlruns");
    try (MlflowClient client = client(root.toUri().toString())) {
      String exp = client.createExperiment("from-client");
      Run run = client.createRun(exp);
      client.logMetric(run.runId(), "acc", 0.5, 1000L, 1);
      client.logParam(run.runId(), "lr", "0.1");
      client.setTerminated(run.runId());
      assertThat(client.getExperiment(exp).artifactLocation()).startsWith("file:///");
      Path dir = root.resolve(exp).resolve(run.runId());
      assertThat(Files.readString(dir.resolve("metrics/acc"))).isEqualTo("1000 0.5 1\n");
      assertThat(Files.readString(dir.resolve("params/lr"))).isEqualTo("0.1");
      assertThat(client.getRun(run.runId()).info().status()).isEqualTo(RunStatus.FINISHED);
    }
  }
}
