package org.mlflow4j.rest.protocol;

import java.util.Objects;
import org.mlflow4j.entity.Metric;
import tools.jackson.databind.node.ObjectNode;

/**
 * Request of {@code POST runs/log-metric}; answered by an {@link EmptyResponse}. MLflow 3's
 * optional {@code model_id}, {@code dataset_name} and {@code dataset_digest} are ignored.
 *
 * <p>Immutable.
 *
 * @param runId the run (required; read from {@code run_id}, else {@code run_uuid})
 * @param metric the point: key, value and timestamp required, step defaults to 0
 */
public record LogMetric(String runId, Metric metric) {

  /** Checks for nulls. */
  public LogMetric {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(metric, "metric");
  }

  static LogMetric read(JsonIn in) {
    String runId = in.requiredRunIdOrUuid();
    return new LogMetric(runId, EntityJson.readMetric(in));
  }

  void write(ObjectNode out) {
    out.put("run_id", runId);
    EntityJson.writeMetric(metric, out);
  }
}
