package org.mlflow4j.fluent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow4j.client.MlflowClient;
import org.mlflow4j.entity.Experiment;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.MlflowTags;
import org.mlflow4j.entity.Run;
import org.mlflow4j.entity.RunStatus;

/** The fluent API end to end through the real file store, found by ServiceLoader. */
class FileStoreFluentTest {
  @TempDir Path tmp;
  private MlflowClient client;

  @AfterEach
  void tearDown() {
    while (Mlflow.activeRun().isPresent()) {
      Mlflow.endRun();
    }
    client.close();
  }

  @Test
  @DisplayName("a nested training loop logged fluently reads back from the mlruns directory")
  void trainingLoop() {
    Path mlruns = tmp.resolve("mlruns");
    client =
        MlflowClient.builder()
            .environment(Map.of("MLFLOW_TRACKING_URI", mlruns.toString()))
            .systemProperties(Map.of("user.name", "tester", "sun.java.command", "org.example.Train"))
            .asyncShutdownHook(false)
            .build();
    Mlflow.useClient(client);
    assertThat(Mlflow.getTrackingUri()).isEqualTo(mlruns.toString());
    Experiment experiment = Mlflow.setExperiment("churn-model");

    String[] ids = new String[2];
    try (ActiveRun parent = Mlflow.startRun("parent")) {
      ids[0] = parent.runId();
      Mlflow.logParams(Map.of("lr", "0.1", "depth", "6"));
      Mlflow.withRun(
          RunOptions.builder().runName("child").nested(true).build(),
          child -> {
            ids[1] = child.runId();
            for (int epoch = 0; epoch < 300; epoch++) {
              Mlflow.logMetric("loss", 1.0 / (epoch + 1), epoch);
            }
          });
    }

    Run parent = client.getRun(ids[0]);
    Run child = client.getRun(ids[1]);
    assertThat(parent.info().experimentId()).isEqualTo(experiment.experimentId());
    assertThat(parent.info().status()).isEqualTo(RunStatus.FINISHED);
    assertThat(parent.info().userId()).isEqualTo("tester");
    assertThat(parent.data().paramMap()).containsEntry("lr", "0.1").containsEntry("depth", "6");
    assertThat(parent.data().tagMap())
        .containsEntry(MlflowTags.RUN_NAME, "parent")
        .containsEntry(MlflowTags.SOURCE_NAME, "org.example.Train")
        .containsEntry(MlflowTags.SOURCE_TYPE, "LOCAL")
        .containsEntry(MlflowTags.USER, "tester");
    assertThat(child.info().status()).isEqualTo(RunStatus.FINISHED);
    assertThat(child.data().tag(MlflowTags.PARENT_RUN_ID)).contains(ids[0]);
    List<Metric> history = client.getMetricHistory(ids[1], "loss");
    assertThat(history)
        .extracting(Metric::step)
        .containsExactlyElementsOf(LongStream.range(0, 300).boxed().toList());
    assertThat(Files.isRegularFile(
            mlruns.resolve(experiment.experimentId()).resolve(ids[1]).resolve("metrics/loss")))
        .isTrue();
  }
}
