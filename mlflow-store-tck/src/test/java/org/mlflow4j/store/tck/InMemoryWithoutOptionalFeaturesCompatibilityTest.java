package org.mlflow4j.store.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
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

  @Test
  @DisplayName("the kit's tests run against the in-memory reference store itself, not a stand-in")
  void kitRunsAgainstThisStore() {
    assertThat(store()).isInstanceOf(InMemoryTrackingStore.class);
  }
}
