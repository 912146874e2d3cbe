package org.mlflow4j.rest.protocol;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import tools.jackson.databind.node.ObjectNode;

/**
 * Request of {@code GET metrics/get-history}.
 *
 * <p>Immutable.
 *
 * @param runId the run (required; read from {@code run_id}, else {@code run_uuid})
 * @param metricKey the metric (required)
 * @param pageToken the token of the page to fetch
 * @param maxResults the page size; absent means the whole history
 */
public record GetMetricHistory(
    String runId, String metricKey, Optional<String> pageToken, OptionalInt maxResults) {

  /** Checks for nulls. */
  public GetMetricHistory {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(metricKey, "metricKey");
    Objects.requireNonNull(pageToken, "pageToken");
    Objects.requireNonNull(maxResults, "maxResults");
  }

  /** A request for the whole history of one metric. */
  public static GetMetricHistory of(String runId, String metricKey) {
    return new GetMetricHistory(runId, metricKey, Optional.empty(), OptionalInt.empty());
  }

  static GetMetricHistory read(JsonIn in) {
    String runId = in.requiredRunIdOrUuid();
    return new GetMetricHistory(
        runId, in.requiredString("metric_key"), in.string("page_token"), in.int32("max_results"));
  }

  void write(ObjectNode out) {
    out.put("run_id", runId);
    out.put("metric_key", metricKey);
    JsonOut.string(out, "page_token", pageToken);
    JsonOut.int32(out, "max_results", maxResults);
  }
}
