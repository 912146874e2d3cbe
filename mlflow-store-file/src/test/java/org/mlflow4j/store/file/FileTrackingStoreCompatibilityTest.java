package org.mlflow4j.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow4j.store.TrackingStore;
import org.mlflow4j.store.tck.TrackingStoreCompatibilityKit;

/**
 * Runs the store compatibility kit against the file store, one fresh {@code mlruns} directory per
 * test. The file store offers every optional capability.
 */
class FileTrackingStoreCompatibilityTest extends TrackingStoreCompatibilityKit {
  @TempDir Path root;

  @Override
  protected TrackingStore createStore() {
    return FileTrackingStore.open(root.resolve("mlruns"));
  }

  @Test
  @DisplayName("the kit's tests run against the file store itself, not a stand-in")
  void kitRunsAgainstThisStore() {
    assertThat(store()).isInstanceOf(FileTrackingStore.class);
  }
}
