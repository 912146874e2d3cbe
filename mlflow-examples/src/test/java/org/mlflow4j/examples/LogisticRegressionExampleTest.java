package org.mlflow4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow4j.entity.DatasetInput;
import org.mlflow4j.entity.FileInfo;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.Run;
import org.mlflow4j.entity.RunStatus;
import org.mlflow4j.fluent.Mlflow;

class LogisticRegressionExampleTest {
  @TempDir Path root;

  @BeforeEach
  void pointAtTempStore() {
    Mlflow.setTrackingUri(root.resolve("mlruns").toString());
  }

  @AfterEach
  void resetTrackingUri() {
    Mlflow.setTrackingUri(root.resolve("unused").toString());
  }

  @Test
  void trainingLogsParamsOneMetricPointPerEpochAndTheDatasetThenFinishes() throws IOException {
    LogisticRegressionExample.Result result =
        LogisticRegressionExample.train(new LogisticRegressionExample.Options(400, 12, 0.5, 7L));

    Run run = Mlflow.client().getRun(result.runId());
    assertThat(run.info().status()).isEqualTo(RunStatus.FINISHED);
    assertThat(run.info().endTime()).isPresent();
    assertThat(run.data().paramMap())
        .containsEntry("epochs", "12")
        .containsEntry("samples", "400")
        .containsEntry("learning_rate", "0.5");
    List<Metric> losses = Mlflow.client().getMetricHistory(result.runId(), "loss");
    assertThat(losses).hasSize(12);
    assertThat(losses).extracting(Metric::step).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
    assertThat(losses.get(11).value()).isLessThan(losses.get(0).value());
    assertThat(run.data().metric("accuracy")).get().extracting(Metric::value)
        .isEqualTo(result.finalAccuracy());
    assertThat(result.finalAccuracy()).isGreaterThan(0.8);
    assertThat(run.inputs()).singleElement().satisfies(input -> {
      assertThat(input.dataset().name()).isEqualTo("synthetic-blobs");
      assertThat(input.dataset().digest()).hasSize(8);
      assertThat(input.context()).contains("training");
    });
    assertThat(run.inputs()).extracting(DatasetInput::dataset).allSatisfy(d ->
        assertThat(d.profile()).contains("{\"num_rows\": 400}"));
    Path coefficients =
        Mlflow.client().downloadArtifacts(result.runId(), "model/coefficients.json", root);
    assertThat(Files.readString(coefficients)).contains("\"bias\": ").contains("\"weights\": [\n");
  }

  @Test
  void theReadmeArtifactsSnippetStoresListsAndDownloads() throws IOException {
    Path outputs = Files.createDirectories(root.resolve("outputs/plots"));
    Files.writeString(outputs.resolve("loss.svg"), "<svg/>");
    Files.writeString(outputs.resolveSibling("model.bin"), "weights");
    Path downloads = Files.createDirectories(root.resolve("downloads"));
    String experimentId = Mlflow.setExperiment("snippets").experimentId();

    List<FileInfo> top = ArtifactsSnippet.run(outputs.getParent(), downloads);

    assertThat(top).extracting(FileInfo::path).containsExactly("model", "model.bin", "notes", "plots");
    assertThat(Files.readString(downloads.resolve("model/coef.json"))).contains("\"bias\": 0.1");
    String runId = Mlflow.client().searchRuns(List.of(experimentId), "").items().get(0).runId();
    assertThat(Mlflow.client().listArtifacts(runId, "plots"))
        .extracting(FileInfo::path).containsExactly("plots/loss.svg");
  }

  @Test
  void theReadmeSnippetLogsOneMetricPerEpochAndEndsTheRun() {
    String runId = TrainingLoopSnippet.run(5);

    Run run = Mlflow.client().getRun(runId);
    assertThat(run.info().status()).isEqualTo(RunStatus.FINISHED);
    assertThat(run.data().paramMap()).containsEntry("lr", "0.1").containsEntry("depth", "6");
    assertThat(Mlflow.client().getMetricHistory(runId, "loss")).hasSize(5);
    assertThat(run.data().metric("loss")).get().extracting(Metric::value).isEqualTo(0.2);
  }
}
