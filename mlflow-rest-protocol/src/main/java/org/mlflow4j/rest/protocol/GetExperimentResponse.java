package org.mlflow4j.rest.protocol;

import java.util.Objects;
import org.mlflow4j.entity.Experiment;
import tools.jackson.databind.node.ObjectNode;

/**
 * Response of {@code experiments/get} and {@code experiments/get-by-name} (the same shape).
 *
 * <p>Immutable.
 *
 * @param experiment the experiment
 */
public record GetExperimentResponse(Experiment experiment) {

  /** Checks for null. */
  public GetExperimentResponse {
    Objects.requireNonNull(experiment, "experiment");
  }

  static GetExperimentResponse read(JsonIn in) {
    return new GetExperimentResponse(
        in.object("experiment", EntityJson::readExperiment)
            .orElseGet(() -> EntityJson.readExperiment(in.empty())));
  }

  void write(ObjectNode out) {
    JsonOut.message(out, "experiment", experiment, EntityJson::writeExperiment);
  }
}
