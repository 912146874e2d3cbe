package org.mlflow4j.store.tck;

import org.mlflow4j.store.TrackingStore;

/** Runs the kit against its in-memory reference store. */
class InMemoryTrackingStoreCompatibilityTest extends TrackingStoreCompatibilityKit {
  @Override
  protected TrackingStore createStore() {
    return new InMemoryTrackingStore();
  }
}
