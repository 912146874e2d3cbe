package org.mlflow4j.rest.protocol;

import java.util.Objects;
import org.mlflow4j.entity.Run;
import tools.jackson.databind.node.ObjectNode;

/**
 * Response of {@code runs/create}.
 *
 * <p>Immutable.
 *
 * @param run the new run
 */
public record CreateRunResponse(Run run) {

  /** Checks for null. */
  public CreateRunResponse {
    Objects.requireNonNull(run, "run");
  }

  static CreateRunResponse read(JsonIn in) {
    return new CreateRunResponse(
        in.object("run", EntityJson::readRun).orElseGet(() -> EntityJson.readRun(in.empty())));
  }

  void write(ObjectNode out) {
    JsonOut.message(out, "run", run, EntityJson::writeRun);
  }
}
