package org.mlflow4j.entity;

import java.util.List;
import java.util.Objects;

/**
 * A run: its metadata, what it logged, and the datasets it used.
 *
 * <p>Immutable.
 *
 * @param info the metadata
 * @param data the latest metrics, params and tags
 * @param inputs the dataset inputs
 */
public record Run(RunInfo info, RunData data, List<DatasetInput> inputs) {
  /** Checks for nulls and copies the inputs. */
  public Run {
    Objects.requireNonNull(info, "info");
    Objects.requireNonNull(data, "data");
    inputs = List.copyOf(inputs);
  }

  /** Shortcut for {@code info().runId()}. */
  public String runId() {
    return info.runId();
  }
}
