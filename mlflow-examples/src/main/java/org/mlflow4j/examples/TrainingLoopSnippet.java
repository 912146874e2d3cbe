package org.mlflow4j.examples;

import java.util.Map;
import org.mlflow4j.fluent.ActiveRun;
import org.mlflow4j.fluent.Mlflow;

/**
 * The training-loop snippet of the README, kept here so that it always compiles. A test checks
 * that the README shows exactly the lines between the snippet markers.
 */
final class TrainingLoopSnippet {
  private TrainingLoopSnippet() {}

  static String run(int epochs) {
    // snippet:start
    Mlflow.setExperiment("churn-model");
    try (ActiveRun run = Mlflow.startRun("baseline")) {
      Mlflow.logParams(Map.of("lr", "0.1", "depth", "6"));
      for (int epoch = 0; epoch < epochs; epoch++) {
        double loss = 1.0 / (epoch + 1); // your training step here
        Mlflow.logMetric("loss", loss, epoch); // queued: never waits on storage
      }
      return run.runId();
    } // flushes, then ends the run FINISHED
    // snippet:end
  }
}
