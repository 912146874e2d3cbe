package org.mlflow4j.store.tck;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.mlflow4j.store.TrackingStore;

/** Runs the kit against its in-memory reference store. */
class InMemoryTrackingStoreCompatibilityTest extends TrackingStoreCompatibilityKit {
  @Override
  protected TrackingStore createStore() {
    return new InMemoryTrackingStore();
  }

  @Test
  @DisplayName("the kit's tests run against the in-memory reference store itself, not a stand-in")
  void kitRunsAgainstThisStore() {
    assertThat(store()).isInstanceOf(InMemoryTrackingStore.class);
  }
}
