package org.mlflow4j.server;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.mlflow4j.store.StoreContext;
import org.mlflow4j.store.TrackingStore;
import org.mlflow4j.store.TrackingStoreProvider;
import org.mlflow4j.store.tck.ForwardingTrackingStore;
import org.mlflow4j.store.tck.InMemoryTrackingStore;

/** Serves {@code counting:} URIs with in-memory stores, counting opens and closes. */
public final class CountingStoreProvider implements TrackingStoreProvider {
  static final AtomicInteger OPENED = new AtomicInteger();
  static final AtomicInteger CLOSED = new AtomicInteger();

  @Override
  public Set<String> schemes() {
    return Set.of("counting");
  }

  @Override
  public TrackingStore create(StoreContext context) {
    OPENED.incrementAndGet();
    return new ForwardingTrackingStore(new InMemoryTrackingStore()) {
      @Override
      public void close() {
        CLOSED.incrementAndGet();
        super.close();
      }
    };
  }
}
