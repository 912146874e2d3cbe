package org.mlflow4j.rest.protocol;

import java.util.List;
import java.util.Objects;
import org.mlflow4j.entity.DatasetInput;
import tools.jackson.databind.node.ObjectNode;

/**
 * Request of {@code POST runs/log-inputs}; answered by an {@link EmptyResponse}. MLflow 3's {@code
 * models} (logged-model inputs) are ignored.
 *
 * <p>Immutable.
 *
 * @param runId the run (required; only {@code run_id} is read)
 * @param datasets dataset inputs; each needs a dataset with name, digest, source type, source
 */
public record LogInputs(String runId, List<DatasetInput> datasets) {

  /** Checks for null and copies the list. */
  public LogInputs {
    Objects.requireNonNull(runId, "runId");
    datasets = List.copyOf(datasets);
  }

  static LogInputs read(JsonIn in) {
    String runId = in.requiredString("run_id");
    return new LogInputs(runId, in.objects("datasets", EntityJson::readDatasetInput));
  }

  void write(ObjectNode out) {
    out.put("run_id", runId);
    JsonOut.objects(out, "datasets", datasets, EntityJson::writeDatasetInput);
  }
}
