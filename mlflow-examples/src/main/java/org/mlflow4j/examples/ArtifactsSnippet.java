package org.mlflow4j.examples;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.mlflow4j.entity.FileInfo;
import org.mlflow4j.fluent.ActiveRun;
import org.mlflow4j.fluent.Mlflow;

/**
 * The artifacts snippet of the README, kept here so that it always compiles. A test checks that
 * the README shows exactly the lines between the snippet markers, and runs it.
 */
final class ArtifactsSnippet {
  private ArtifactsSnippet() {}

  static List<FileInfo> run(Path outputs, Path downloads) {
    // snippet:start
    try (ActiveRun run = Mlflow.startRun("with-artifacts")) {
      Mlflow.logArtifact(outputs.resolve("model.bin")); // -> model.bin
      Mlflow.logArtifacts(outputs.resolve("plots"), "plots"); // -> plots/<its files>
      Mlflow.logText("trained on 400 rows", "notes/summary.txt"); // UTF-8
      Mlflow.logDict(Map.of("bias", 0.1, "weights", List.of(0.42, -1.3)), "model/coef.json");
      run.downloadArtifacts("model", downloads); // -> downloads/model/coef.json
      return run.listArtifacts(); // model, model.bin, notes, plots
    }
    // snippet:end
  }
}
