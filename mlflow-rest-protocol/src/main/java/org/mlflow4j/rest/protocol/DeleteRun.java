package org.mlflow4j.rest.protocol;

import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * Request of {@code POST runs/delete}; answered by an {@link EmptyResponse}.
 *
 * <p>Immutable.
 *
 * @param runId the run to delete (soft delete; required)
 */
public record DeleteRun(String runId) {

  /** Checks for null. */
  public DeleteRun {
    Objects.requireNonNull(runId, "runId");
  }

  static DeleteRun read(JsonIn in) {
    return new DeleteRun(in.requiredString("run_id"));
  }

  void write(ObjectNode out) {
    out.put("run_id", runId);
  }
}
