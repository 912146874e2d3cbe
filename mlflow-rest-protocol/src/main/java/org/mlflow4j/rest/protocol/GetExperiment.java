package org.mlflow4j.rest.protocol;

import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * Request of {@code GET experiments/get}.
 *
 * <p>Immutable.
 *
 * @param experimentId the experiment to get (required)
 */
public record GetExperiment(String experimentId) {

  /** Checks for null. */
  public GetExperiment {
    Objects.requireNonNull(experimentId, "experimentId");
  }

  static GetExperiment read(JsonIn in) {
    return new GetExperiment(in.requiredExperimentId("experiment_id"));
  }

  void write(ObjectNode out) {
    out.put("experiment_id", experimentId);
  }
}
