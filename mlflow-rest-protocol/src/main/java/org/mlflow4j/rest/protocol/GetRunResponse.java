package org.mlflow4j.rest.protocol;

import java.util.Objects;
import org.mlflow4j.entity.Run;
import tools.jackson.databind.node.ObjectNode;

/**
 * Response of {@code runs/get}.
 *
 * <p>Immutable.
 *
 * @param run the run
 */
public record GetRunResponse(Run run) {

  /** Checks for null. */
  public GetRunResponse {
    Objects.requireNonNull(run, "run");
  }

  static GetRunResponse read(JsonIn in) {
    return new GetRunResponse(
        in.object("run", EntityJson::readRun).orElseGet(() -> EntityJson.readRun(in.empty())));
  }

  void write(ObjectNode out) {
    JsonOut.message(out, "run", run, EntityJson::writeRun);
  }
}
