package org.mlflow4j.store.tck;

import java.util.EnumSet;
import java.util.Set;
import org.mlflow4j.store.TrackingStore;

/**
 * Runs the kit against the in-memory store declaring no optional capability: the tests of those
 * features are skipped (visibly), every other test still passes.
 */
class InMemoryWithoutOptionalFeaturesCompatibilityTest extends TrackingStoreCompatibilityKit {
  @Override
  protected TrackingStore createStore() {
    return new InMemoryTrackingStore();
  }

  @Override
  protected Set<StoreCapability> capabilities() {
    return EnumSet.noneOf(StoreCapability.class);
  }
}
