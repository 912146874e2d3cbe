package org.mlflow4j.rest.protocol;

import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * Request of {@code POST experiments/delete}; answered by an {@link EmptyResponse}.
 *
 * <p>Immutable.
 *
 * @param experimentId the experiment to delete (required)
 */
public record DeleteExperiment(String experimentId) {

  /** Checks for null. */
  public DeleteExperiment {
    Objects.requireNonNull(experimentId, "experimentId");
  }

  static DeleteExperiment read(JsonIn in) {
    return new DeleteExperiment(in.requiredExperimentId("experiment_id"));
  }

  void write(ObjectNode out) {
    out.put("experiment_id", experimentId);
  }
}
