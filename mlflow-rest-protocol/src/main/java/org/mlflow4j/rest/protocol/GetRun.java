package org.mlflow4j.rest.protocol;

import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * Request of {@code GET runs/get}; answered by a {@link GetRunResponse}.
 *
 * <p>Immutable.
 *
 * @param runId the run to get (required; read from {@code run_id}, else {@code run_uuid})
 */
public record GetRun(String runId) {

  /** Checks for null. */
  public GetRun {
    Objects.requireNonNull(runId, "runId");
  }

  static GetRun read(JsonIn in) {
    return new GetRun(in.requiredRunIdOrUuid());
  }

  void write(ObjectNode out) {
    out.put("run_id", runId);
  }
}
