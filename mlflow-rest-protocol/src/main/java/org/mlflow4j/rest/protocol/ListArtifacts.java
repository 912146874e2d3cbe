package org.mlflow4j.rest.protocol;

import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * Request of {@code GET artifacts/list}: one level of a run's artifacts.
 *
 * <p>Immutable.
 *
 * @param runId the run (required; read from {@code run_id}, else {@code run_uuid})
 * @param path the directory relative to the run's artifact root; empty for the root
 * @param pageToken the token of the page to fetch
 */
public record ListArtifacts(String runId, Optional<String> path, Optional<String> pageToken) {

  /** Checks for nulls. */
  public ListArtifacts {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(pageToken, "pageToken");
  }

  /** A request listing the given directory of the run (empty for its root). */
  public static ListArtifacts of(String runId, Optional<String> path) {
    return new ListArtifacts(runId, path, Optional.empty());
  }

  static ListArtifacts read(JsonIn in) {
    String runId = in.requiredRunIdOrUuid();
    return new ListArtifacts(runId, in.string("path"), in.string("page_token"));
  }

  void write(ObjectNode out) {
    out.put("run_id", runId);
    JsonOut.string(out, "path", path);
    JsonOut.string(out, "page_token", pageToken);
  }
}
