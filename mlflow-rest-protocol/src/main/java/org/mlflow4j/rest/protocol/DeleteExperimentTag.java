package org.mlflow4j.rest.protocol;

import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * Request of {@code POST experiments/delete-experiment-tag} (MLflow 3.x; a 2.22 server does not
 * serve it); answered by an {@link EmptyResponse}.
 *
 * <p>Immutable.
 *
 * @param experimentId the experiment (required)
 * @param key the tag key (required)
 */
public record DeleteExperimentTag(String experimentId, String key) {

  /** Checks for nulls. */
  public DeleteExperimentTag {
    Objects.requireNonNull(experimentId, "experimentId");
    Objects.requireNonNull(key, "key");
  }

  static DeleteExperimentTag read(JsonIn in) {
    return new DeleteExperimentTag(
        in.requiredExperimentId("experiment_id"), in.requiredString("key"));
  }

  void write(ObjectNode out) {
    out.put("experiment_id", experimentId);
    out.put("key", key);
  }
}
