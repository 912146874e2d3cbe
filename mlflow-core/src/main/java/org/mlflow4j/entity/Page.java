package org.mlflow4j.entity;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of search results, with the token of the next page when there is one.
 *
 * <p>Immutable.
 *
 * @param items the results of this page
 * @param nextPageToken the token that fetches the next page; empty on the last page
 * @param <T> the type of result
 */
public record Page<T>(List<T> items, Optional<String> nextPageToken) {
  /** Copies the items and checks the token. */
  public Page {
    items = List.copyOf(items);
    Objects.requireNonNull(nextPageToken, "nextPageToken");
  }

  /** A last page (no next page). */
  public static <T> Page<T> last(List<T> items) {
    return new Page<>(items, Optional.empty());
  }

  /** A page followed by the page of the given token. */
  public static <T> Page<T> of(List<T> items, String nextPageToken) {
    return new Page<>(items, Optional.of(nextPageToken));
  }

  /** Whether another page follows. */
  public boolean hasNextPage() {
    return nextPageToken.isPresent();
  }
}
