package org.mlflow4j.rest.protocol;

import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * Request of {@code POST runs/set-tag}; answered by an {@link EmptyResponse}.
 *
 * <p>Immutable.
 *
 * @param runId the run (required; read from {@code run_id}, else {@code run_uuid})
 * @param key the tag key (required)
 * @param value the tag value; absent on the wire reads as ""
 */
public record SetTag(String runId, String key, String value) {

  /** Checks for nulls. */
  public SetTag {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }

  static SetTag read(JsonIn in) {
    String runId = in.requiredRunIdOrUuid();
    return new SetTag(runId, in.requiredString("key"), in.stringOrEmpty("value"));
  }

  void write(ObjectNode out) {
    out.put("run_id", runId);
    out.put("key", key);
    out.put("value", value);
  }
}
