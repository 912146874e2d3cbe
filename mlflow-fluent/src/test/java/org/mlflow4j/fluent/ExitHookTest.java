package org.mlflow4j.fluent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow4j.client.MlflowClient;
import org.mlflow4j.entity.Run;
import org.mlflow4j.entity.RunStatus;

class ExitHookTest {
  @TempDir Path dir;

  @Test
  @DisplayName("at JVM exit a run left active is ended FINISHED after its queued data is stored")
  void exitEndsRun() throws Exception {
    Path mlruns = dir.resolve("mlruns");
    Path runIdFile = dir.resolve("run-id");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ExitEndsRunMain.class.getName(),
                mlruns.toString(),
                runIdFile.toString(),
                "500")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("child.log").toFile())
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(Files.readString(dir.resolve("child.log"))).isZero();
    String runId = Files.readString(runIdFile).trim();
    try (MlflowClient client =
        MlflowClient.builder()
            .trackingUri(mlruns.toString())
            .environment(Map.of())
            .asyncShutdownHook(false)
            .build()) {
      Run run = client.getRun(runId);
      assertThat(run.info().status()).isEqualTo(RunStatus.FINISHED);
      assertThat(run.info().endTime()).isPresent();
      assertThat(client.getMetricHistory(runId, "m")).hasSize(500);
    }
  }
}
