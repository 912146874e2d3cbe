package org.mlflow4j.rest.protocol;

import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * Request of {@code POST runs/restore}; answered by an {@link EmptyResponse}.
 *
 * <p>Immutable.
 *
 * @param runId the run to restore (required)
 */
public record RestoreRun(String runId) {

  /** Checks for null. */
  public RestoreRun {
    Objects.requireNonNull(runId, "runId");
  }

  static RestoreRun read(JsonIn in) {
    return new RestoreRun(in.requiredString("run_id"));
  }

  void write(ObjectNode out) {
    out.put("run_id", runId);
  }
}
