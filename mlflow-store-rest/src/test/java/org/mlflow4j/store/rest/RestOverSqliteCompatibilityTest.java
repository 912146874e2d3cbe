package org.mlflow4j.store.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow4j.server.TrackingServer;
import org.mlflow4j.store.TrackingStore;
import org.mlflow4j.store.sql.SqlTrackingStore;
import org.mlflow4j.store.tck.TrackingStoreCompatibilityKit;

/**
 * The whole kit through the REST store against MLflow4j's server on a loopback port over the SQL
 * store on a fresh SQLite file.
 */
class RestOverSqliteCompatibilityTest extends TrackingStoreCompatibilityKit {
  @TempDir Path dir;
  private SqlTrackingStore backend;
  private TrackingServer server;

  @Override
  protected TrackingStore createStore() {
    backend = SqlTrackingStore.open("sqlite:///" + dir.resolve("mlflow.db"));
    server = TrackingServer.builder().store(backend).port(0).build().start();
    // MLflow retries every 500, also a deterministic INVALID_STATE: no real waiting here
    return RestTrackingStore.open(
        RestStoreOptions.builder(server.uri()).backoffFactor(0).backoffJitter(0).build());
  }

  @AfterEach
  void stopServer() {
    // the client's keep-alive connections first, so that the graceful stop has nothing to wait for
    store().close();
    if (server != null) {
      server.stop();
    }
    if (backend != null) {
      backend.close();
    }
  }

  @Test
  @DisplayName("the kit's tests run against the REST store itself, not a stand-in")
  void kitRunsAgainstThisStore() {
    assertThat(store()).isInstanceOf(RestTrackingStore.class);
  }
}
