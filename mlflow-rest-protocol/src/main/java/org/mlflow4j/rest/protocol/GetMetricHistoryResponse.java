package org.mlflow4j.rest.protocol;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.Page;
import tools.jackson.databind.node.ObjectNode;

/**
 * Response of {@code metrics/get-history}: one page of metric points.
 *
 * <p>Immutable.
 *
 * @param metrics the points of this page
 * @param nextPageToken the token of the next page; empty on the last page
 */
public record GetMetricHistoryResponse(List<Metric> metrics, Optional<String> nextPageToken) {

  /** Checks for nulls and copies the list. */
  public GetMetricHistoryResponse {
    metrics = List.copyOf(metrics);
    Objects.requireNonNull(nextPageToken, "nextPageToken");
  }

  /** The response carrying the given page. */
  public static GetMetricHistoryResponse of(Page<Metric> page) {
    return new GetMetricHistoryResponse(page.items(), page.nextPageToken());
  }

  /** This response as a page; an empty token ("") counts as none, as MLflow's clients read it. */
  public Page<Metric> page() {
    return new Page<>(metrics, nextPageToken.filter(t -> !t.isEmpty()));
  }

  static GetMetricHistoryResponse read(JsonIn in) {
    return new GetMetricHistoryResponse(
        in.objects("metrics", EntityJson::readMetric), in.string("next_page_token"));
  }

  void write(ObjectNode out) {
    JsonOut.objects(out, "metrics", metrics, EntityJson::writeMetric);
    JsonOut.string(out, "next_page_token", nextPageToken);
  }
}
