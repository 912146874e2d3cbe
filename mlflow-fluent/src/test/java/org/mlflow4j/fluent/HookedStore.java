package org.mlflow4j.fluent;

import java.util.List;
import java.util.function.Consumer;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.Param;
import org.mlflow4j.entity.RunTag;
import org.mlflow4j.store.tck.ForwardingTrackingStore;
import org.mlflow4j.store.tck.InMemoryTrackingStore;

/**
 * The kit's reference store with a hook that runs before each logBatch, outside the store's lock,
 * so that a test can block or fail the writes. Thread-safe.
 */
final class HookedStore extends ForwardingTrackingStore {
  /** Receives the run id of each logBatch call before it is written: may block or throw. */
  volatile Consumer<String> beforeLogBatch = runId -> {};

  HookedStore() {
    super(new InMemoryTrackingStore());
  }

  @Override
  public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<RunTag> tags) {
    beforeLogBatch.accept(runId);
    super.logBatch(runId, metrics, params, tags);
  }
}
