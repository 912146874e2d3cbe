package org.mlflow4j.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow4j.store.TrackingStore;
import org.mlflow4j.store.tck.TrackingStoreCompatibilityKit;

/** Runs the store compatibility kit against the SQL store on SQLite, one new file per test. */
class SqliteCompatibilityTest extends TrackingStoreCompatibilityKit {
  @TempDir Path dir;

  @Override
  protected TrackingStore createStore() {
    return SqlTrackingStore.open(
        SqlStoreOptions.builder("sqlite:///" + dir.resolve("mlflow.db"))
            .defaultArtifactRoot(dir.resolve("mlruns").toString())
            .build());
  }

  @Test
  @DisplayName("the kit's tests run against the SQL store itself, not a stand-in")
  void kitRunsAgainstThisStore() {
    assertThat(store()).isInstanceOf(SqlTrackingStore.class);
  }
}
