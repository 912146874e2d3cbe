package org.mlflow4j.rest.protocol;

import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * Request of {@code POST experiments/update} (a rename); answered by an {@link EmptyResponse}.
 *
 * <p>Immutable.
 *
 * @param experimentId the experiment to rename (required)
 * @param newName its new name (required)
 */
public record UpdateExperiment(String experimentId, String newName) {

  /** Checks for nulls. */
  public UpdateExperiment {
    Objects.requireNonNull(experimentId, "experimentId");
    Objects.requireNonNull(newName, "newName");
  }

  static UpdateExperiment read(JsonIn in) {
    return new UpdateExperiment(
        in.requiredExperimentId("experiment_id"), in.requiredString("new_name"));
  }

  void write(ObjectNode out) {
    out.put("experiment_id", experimentId);
    out.put("new_name", newName);
  }
}
