package org.mlflow4j.rest.protocol;

import java.util.Objects;
import org.mlflow4j.entity.RunInfo;
import tools.jackson.databind.node.ObjectNode;

/**
 * Response of {@code runs/update}.
 *
 * <p>Immutable.
 *
 * @param runInfo the run's info after the update
 */
public record UpdateRunResponse(RunInfo runInfo) {

  /** Checks for null. */
  public UpdateRunResponse {
    Objects.requireNonNull(runInfo, "runInfo");
  }

  static UpdateRunResponse read(JsonIn in) {
    return new UpdateRunResponse(
        in.object("run_info", EntityJson::readRunInfo)
            .orElseGet(() -> EntityJson.readRunInfo(in.empty())));
  }

  void write(ObjectNode out) {
    JsonOut.message(out, "run_info", runInfo, EntityJson::writeRunInfo);
  }
}
