package org.mlflow4j.rest.protocol;

import java.util.List;
import java.util.Objects;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.Param;
import org.mlflow4j.entity.RunTag;
import tools.jackson.databind.node.ObjectNode;

/**
 * Request of {@code POST runs/log-batch}; answered by an {@link EmptyResponse}. Items keep their
 * order; a metric needs key, value and timestamp, a param or tag its key (MLflow's error names the
 * item, e.g. {@code metrics[0].timestamp}).
 *
 * <p>Immutable.
 *
 * @param runId the run (required; only {@code run_id} is read)
 * @param metrics metric points
 * @param params params
 * @param tags tags
 */
public record LogBatch(String runId, List<Metric> metrics, List<Param> params, List<RunTag> tags) {

  /** Checks for null and copies the lists. */
  public LogBatch {
    Objects.requireNonNull(runId, "runId");
    metrics = List.copyOf(metrics);
    params = List.copyOf(params);
    tags = List.copyOf(tags);
  }

  static LogBatch read(JsonIn in) {
    String runId = in.requiredString("run_id");
    return new LogBatch(
        runId,
        in.objects("metrics", EntityJson::readMetric),
        in.objects("params", EntityJson::readParam),
        in.objects("tags", EntityJson::readRunTag));
  }

  void write(ObjectNode out) {
    out.put("run_id", runId);
    JsonOut.objects(out, "metrics", metrics, EntityJson::writeMetric);
    JsonOut.objects(out, "params", params, EntityJson::writeParam);
    JsonOut.objects(out, "tags", tags, EntityJson::writeRunTag);
  }
}
