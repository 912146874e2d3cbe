package org.mlflow4j.client;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Function;
import org.mlflow4j.entity.Page;

/**
 * Iterates over every item of a paged search, fetching the next page only when the items of the
 * current one are used up. Confined to one thread.
 */
final class PagedIterator<T> implements Iterator<T> {
  private final Function<Optional<String>, Page<T>> fetch;
  private Iterator<T> current;
  private Optional<String> nextToken = Optional.empty();
  private boolean started;

  PagedIterator(Function<Optional<String>, Page<T>> fetch) {
    this.fetch = fetch;
  }

  @Override
  public boolean hasNext() {
    while (current == null || !current.hasNext()) {
      if (started && nextToken.isEmpty()) {
        return false;
      }
      Page<T> page = fetch.apply(nextToken);
      started = true;
      nextToken = page.nextPageToken().filter(token -> !token.isEmpty());
      current = page.items().iterator();
    }
    return true;
  }

  @Override
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return current.next();
  }
}
