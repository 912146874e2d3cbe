package org.mlflow4j.rest.protocol;

import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * Request of {@code POST runs/delete-tag}; answered by an {@link EmptyResponse}.
 *
 * <p>Immutable.
 *
 * @param runId the run (required; only {@code run_id} is read)
 * @param key the tag key (required)
 */
public record DeleteTag(String runId, String key) {

  /** Checks for nulls. */
  public DeleteTag {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(key, "key");
  }

  static DeleteTag read(JsonIn in) {
    String runId = in.requiredString("run_id");
    return new DeleteTag(runId, in.requiredString("key"));
  }

  void write(ObjectNode out) {
    out.put("run_id", runId);
    out.put("key", key);
  }
}
