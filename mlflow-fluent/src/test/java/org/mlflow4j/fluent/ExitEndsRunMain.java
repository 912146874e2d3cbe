package org.mlflow4j.fluent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.mlflow4j.client.MlflowClient;

/**
 * Run in a child JVM by {@link ExitHookTest}: starts a run in a file store, logs to it and returns
 * from main without ending the run or closing the client.
 */
public final class ExitEndsRunMain {
  private ExitEndsRunMain() {}

  /** Args: the mlruns directory, the file to write the run id to, how many metrics to log. */
  public static void main(String[] args) throws Exception {
    Mlflow.useClient(
        MlflowClient.builder().trackingUri(args[0]).environment(Map.of()).build());
    Mlflow.setExperiment("exit");
    ActiveRun run = Mlflow.startRun("left-open");
    Files.writeString(Path.of(args[1]), run.runId());
    int count = Integer.parseInt(args[2]);
    for (int i = 0; i < count; i++) {
      Mlflow.logMetric("m", i, i);
    }
  }
}
