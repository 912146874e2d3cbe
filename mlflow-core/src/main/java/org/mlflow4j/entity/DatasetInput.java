package org.mlflow4j.entity;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A dataset used by a run, with the tags of that use (e.g. {@code mlflow.data.context}).
 *
 * <p>Immutable.
 *
 * @param dataset the dataset
 * @param tags the input tags
 */
public record DatasetInput(Dataset dataset, List<InputTag> tags) {
  /** The input tag MLflow uses for the context of a dataset ({@code training}, {@code eval}, ...). */
  public static final String CONTEXT_TAG = "mlflow.data.context";

  /** Checks for nulls and copies the tags. */
  public DatasetInput {
    Objects.requireNonNull(dataset, "dataset");
    tags = List.copyOf(tags);
  }

  /** A dataset input with the given context tag ({@code mlflow.data.context}). */
  public static DatasetInput of(Dataset dataset, String context) {
    return new DatasetInput(dataset, List.of(InputTag.of(CONTEXT_TAG, context)));
  }

  /** The value of {@code mlflow.data.context}, if set. */
  public Optional<String> context() {
    return tags.stream()
        .filter(t -> t.key().equals(CONTEXT_TAG))
        .map(InputTag::value)
        .findFirst();
  }
}
