package org.mlflow4j.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow4j.store.TrackingStore;
import org.mlflow4j.store.tck.TrackingStoreCompatibilityKit;

/**
 * Runs the store compatibility kit against the SQL store on Mariadb: one database for the class,
 * emptied before each test. Skipped when the server is unreachable (a failure when CI=true).
 */
class MariadbCompatibilityTest extends TrackingStoreCompatibilityKit {
  private static final TestServer SERVER = TestServer.mariadb();
  @TempDir Path dir;

  @BeforeAll
  static void createDatabase() {
    SERVER.createDatabase("kit");
  }

  @AfterAll
  static void dropDatabase() {
    SERVER.dropDatabase();
  }

  @Override
  protected TrackingStore createStore() {
    SERVER.requireDatabase();
    SERVER.empty();
    return SqlTrackingStore.open(
        SqlStoreOptions.builder(SERVER.uri())
            .defaultArtifactRoot(dir.resolve("mlruns").toString())
            .build());
  }

  @Test
  @DisplayName("the kit's tests run against the SQL store itself, not a stand-in")
  void kitRunsAgainstThisStore() {
    assertThat(store()).isInstanceOf(SqlTrackingStore.class);
  }
}
