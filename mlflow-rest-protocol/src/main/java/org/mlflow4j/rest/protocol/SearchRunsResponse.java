package org.mlflow4j.rest.protocol;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mlflow4j.entity.Page;
import org.mlflow4j.entity.Run;
import tools.jackson.databind.node.ObjectNode;

/**
 * Response of {@code runs/search}: one page of runs.
 *
 * <p>Immutable.
 *
 * @param runs the runs of this page
 * @param nextPageToken the token of the next page; empty on the last page
 */
public record SearchRunsResponse(List<Run> runs, Optional<String> nextPageToken) {

  /** Checks for nulls and copies the list. */
  public SearchRunsResponse {
    runs = List.copyOf(runs);
    Objects.requireNonNull(nextPageToken, "nextPageToken");
  }

  /** The response carrying the given page. */
  public static SearchRunsResponse of(Page<Run> page) {
    return new SearchRunsResponse(page.items(), page.nextPageToken());
  }

  /** This response as a page; an empty token ("") counts as none, as MLflow's clients read it. */
  public Page<Run> page() {
    return new Page<>(runs, nextPageToken.filter(t -> !t.isEmpty()));
  }

  static SearchRunsResponse read(JsonIn in) {
    return new SearchRunsResponse(
        in.objects("runs", EntityJson::readRun), in.string("next_page_token"));
  }

  void write(ObjectNode out) {
    JsonOut.objects(out, "runs", runs, EntityJson::writeRun);
    JsonOut.string(out, "next_page_token", nextPageToken);
  }
}
