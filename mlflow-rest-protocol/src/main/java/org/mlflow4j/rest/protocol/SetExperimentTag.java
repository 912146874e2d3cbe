package org.mlflow4j.rest.protocol;

import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * Request of {@code POST experiments/set-experiment-tag}; answered by an {@link EmptyResponse}.
 *
 * <p>Immutable.
 *
 * @param experimentId the experiment (required)
 * @param key the tag key (required)
 * @param value the tag value; absent on the wire reads as ""
 */
public record SetExperimentTag(String experimentId, String key, String value) {

  /** Checks for nulls. */
  public SetExperimentTag {
    Objects.requireNonNull(experimentId, "experimentId");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }

  static SetExperimentTag read(JsonIn in) {
    return new SetExperimentTag(
        in.requiredExperimentId("experiment_id"),
        in.requiredString("key"),
        in.stringOrEmpty("value"));
  }

  void write(ObjectNode out) {
    out.put("experiment_id", experimentId);
    out.put("key", key);
    out.put("value", value);
  }
}
