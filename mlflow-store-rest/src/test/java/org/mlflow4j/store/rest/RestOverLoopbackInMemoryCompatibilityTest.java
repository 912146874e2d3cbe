package org.mlflow4j.store.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.mlflow4j.store.TrackingStore;
import org.mlflow4j.store.tck.InMemoryTrackingStore;
import org.mlflow4j.store.tck.TrackingStoreCompatibilityKit;

/**
 * The whole kit through the REST store against a test server over the kit's reference store: the
 * quick check that the REST store and the JSON mapping add no behaviour of their own.
 */
class RestOverLoopbackInMemoryCompatibilityTest extends TrackingStoreCompatibilityKit {
  private LoopbackTrackingServer server;

  @Override
  protected TrackingStore createStore() {
    try {
      server = LoopbackTrackingServer.start(new InMemoryTrackingStore());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return RestTrackingStore.open(
        RestStoreOptions.builder(server.uri()).backoffFactor(0).backoffJitter(0).build());
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  @DisplayName("the kit's tests run against the REST store itself, not a stand-in")
  void kitRunsAgainstThisStore() {
    assertThat(store()).isInstanceOf(RestTrackingStore.class);
  }
}
