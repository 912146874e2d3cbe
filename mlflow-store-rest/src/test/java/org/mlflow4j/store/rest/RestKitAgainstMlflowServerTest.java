package org.mlflow4j.store.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.mlflow4j.store.TrackingStore;
import org.mlflow4j.store.tck.TrackingStoreCompatibilityKit;

/**
 * The whole kit through the REST store against a running MLflow tracking server (MLflow's own or
 * MLflow4j's), named by the environment variable {@code MLFLOW_TCK_REST_URI}, e.g. {@code
 * MLFLOW_TCK_REST_URI=http://127.0.0.1:5000 mvn -pl mlflow-store-rest -am verify}. Skipped,
 * visibly, when the variable is unset. The kit creates experiments with unique names on that server
 * and leaves them there.
 */
class RestKitAgainstMlflowServerTest extends TrackingStoreCompatibilityKit {
  static final String VARIABLE = "MLFLOW_TCK_REST_URI";

  @Override
  protected TrackingStore createStore() {
    String uri = System.getenv(VARIABLE);
    Assumptions.assumeTrue(
        uri != null && !uri.isBlank(),
        "skipped: set "
            + VARIABLE
            + "=http://host:port to run the store compatibility kit against a running MLflow"
            + " tracking server");
    return RestTrackingStore.open(
        RestStoreOptions.builder(URI.create(uri.trim())).maxRetries(2).build());
  }

  @Test
  @DisplayName("the kit's tests run against the REST store itself, not a stand-in")
  void kitRunsAgainstThisStore() {
    assertThat(store()).isInstanceOf(RestTrackingStore.class);
  }
}
