package org.mlflow4j.rest.protocol;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mlflow4j.entity.ExperimentTag;
import tools.jackson.databind.node.ObjectNode;

/**
 * Request of {@code POST experiments/create}.
 *
 * <p>Immutable.
 *
 * @param name the experiment name (required)
 * @param artifactLocation where the experiment's artifacts go; empty for the server's default
 * @param tags the experiment's initial tags
 */
public record CreateExperiment(
    String name, Optional<String> artifactLocation, List<ExperimentTag> tags) {

  /** Checks for nulls and copies the list. */
  public CreateExperiment {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(artifactLocation, "artifactLocation");
    tags = List.copyOf(tags);
  }

  /** A request creating an experiment of the given name, default location, no tags. */
  public static CreateExperiment of(String name) {
    return new CreateExperiment(name, Optional.empty(), List.of());
  }

  static CreateExperiment read(JsonIn in) {
    return new CreateExperiment(
        in.requiredString("name"),
        in.string("artifact_location"),
        in.objects("tags", EntityJson::readExperimentTag));
  }

  void write(ObjectNode out) {
    out.put("name", name);
    JsonOut.string(out, "artifact_location", artifactLocation);
    JsonOut.objects(out, "tags", tags, EntityJson::writeExperimentTag);
  }
}
