package org.mlflow4j.rest.protocol;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mlflow4j.entity.FileInfo;
import org.mlflow4j.entity.Page;
import tools.jackson.databind.node.ObjectNode;

/**
 * Response of {@code artifacts/list}. Listing a file or a missing path gives only the root URI.
 *
 * <p>Immutable.
 *
 * @param rootUri the run's artifact root URI
 * @param files the entries, paths relative to the run's artifact root
 * @param nextPageToken the token of the next page (MLflow's server never pages)
 */
public record ListArtifactsResponse(
    Optional<String> rootUri, List<FileInfo> files, Optional<String> nextPageToken) {

  /** Checks for nulls and copies the list. */
  public ListArtifactsResponse {
    Objects.requireNonNull(rootUri, "rootUri");
    files = List.copyOf(files);
    Objects.requireNonNull(nextPageToken, "nextPageToken");
  }

  /** The files as a page; an empty token ("") counts as none. */
  public Page<FileInfo> page() {
    return new Page<>(files, nextPageToken.filter(t -> !t.isEmpty()));
  }

  static ListArtifactsResponse read(JsonIn in) {
    return new ListArtifactsResponse(
        in.string("root_uri"),
        in.objects("files", EntityJson::readFileInfo),
        in.string("next_page_token"));
  }

  void write(ObjectNode out) {
    JsonOut.string(out, "root_uri", rootUri);
    JsonOut.objects(out, "files", files, EntityJson::writeFileInfo);
    JsonOut.string(out, "next_page_token", nextPageToken);
  }
}
