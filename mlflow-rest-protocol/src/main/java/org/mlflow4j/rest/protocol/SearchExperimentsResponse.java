package org.mlflow4j.rest.protocol;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mlflow4j.entity.Experiment;
import org.mlflow4j.entity.Page;
import tools.jackson.databind.node.ObjectNode;

/**
 * Response of {@code experiments/search}: one page of experiments.
 *
 * <p>Immutable.
 *
 * @param experiments the experiments of this page
 * @param nextPageToken the token of the next page; empty on the last page
 */
public record SearchExperimentsResponse(
    List<Experiment> experiments, Optional<String> nextPageToken) {

  /** Checks for nulls and copies the list. */
  public SearchExperimentsResponse {
    experiments = List.copyOf(experiments);
    Objects.requireNonNull(nextPageToken, "nextPageToken");
  }

  /** The response carrying the given page. */
  public static SearchExperimentsResponse of(Page<Experiment> page) {
    return new SearchExperimentsResponse(page.items(), page.nextPageToken());
  }

  /** This response as a page; an empty token ("") counts as none, as MLflow's clients read it. */
  public Page<Experiment> page() {
    return new Page<>(experiments, nextPageToken.filter(t -> !t.isEmpty()));
  }

  static SearchExperimentsResponse read(JsonIn in) {
    return new SearchExperimentsResponse(
        in.objects("experiments", EntityJson::readExperiment), in.string("next_page_token"));
  }

  void write(ObjectNode out) {
    JsonOut.objects(out, "experiments", experiments, EntityJson::writeExperiment);
    JsonOut.string(out, "next_page_token", nextPageToken);
  }
}
