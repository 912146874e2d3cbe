package org.mlflow4j.rest.protocol;

import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * Request of {@code GET experiments/get-by-name}; answered by a {@link GetExperimentResponse}.
 *
 * <p>Immutable.
 *
 * @param experimentName the name of the experiment to get (required)
 */
public record GetExperimentByName(String experimentName) {

  /** Checks for null. */
  public GetExperimentByName {
    Objects.requireNonNull(experimentName, "experimentName");
  }

  static GetExperimentByName read(JsonIn in) {
    return new GetExperimentByName(in.requiredString("experiment_name"));
  }

  void write(ObjectNode out) {
    out.put("experiment_name", experimentName);
  }
}
