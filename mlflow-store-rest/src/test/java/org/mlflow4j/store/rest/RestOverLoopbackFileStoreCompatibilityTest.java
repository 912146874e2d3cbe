package org.mlflow4j.store.rest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow4j.store.TrackingStore;
import org.mlflow4j.store.file.FileTrackingStore;
import org.mlflow4j.store.tck.TrackingStoreCompatibilityKit;

/**
 * The whole kit through the REST store, against a test server on a loopback port over a fresh file
 * store: every store method crosses HTTP and the JSON mapping twice.
 */
class RestOverLoopbackFileStoreCompatibilityTest extends TrackingStoreCompatibilityKit {
  @TempDir Path dir;
  private LoopbackTrackingServer server;

  @Override
  protected TrackingStore createStore() {
    try {
      server = LoopbackTrackingServer.start(FileTrackingStore.open(dir.resolve("mlruns")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // MLflow retries every 500, also a deterministic INVALID_STATE; no waiting for that here
    return RestTrackingStore.open(
        RestStoreOptions.builder(server.uri()).backoffFactor(0).backoffJitter(0).build());
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }
}
