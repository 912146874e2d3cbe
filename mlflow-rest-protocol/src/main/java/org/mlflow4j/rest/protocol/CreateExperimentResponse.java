package org.mlflow4j.rest.protocol;

import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * Response of {@code experiments/create}.
 *
 * <p>Immutable.
 *
 * @param experimentId the id of the new experiment
 */
public record CreateExperimentResponse(String experimentId) {

  /** Checks for null. */
  public CreateExperimentResponse {
    Objects.requireNonNull(experimentId, "experimentId");
  }

  static CreateExperimentResponse read(JsonIn in) {
    return new CreateExperimentResponse(in.experimentId("experiment_id").orElse(""));
  }

  void write(ObjectNode out) {
    out.put("experiment_id", experimentId);
  }
}
