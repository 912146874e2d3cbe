package org.mlflow4j.rest.protocol;

import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * Request of {@code POST experiments/restore}; answered by an {@link EmptyResponse}.
 *
 * <p>Immutable.
 *
 * @param experimentId the experiment to restore (required)
 */
public record RestoreExperiment(String experimentId) {

  /** Checks for null. */
  public RestoreExperiment {
    Objects.requireNonNull(experimentId, "experimentId");
  }

  static RestoreExperiment read(JsonIn in) {
    return new RestoreExperiment(in.requiredExperimentId("experiment_id"));
  }

  void write(ObjectNode out) {
    out.put("experiment_id", experimentId);
  }
}
