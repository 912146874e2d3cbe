package org.mlflow4j.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.Page;
import org.mlflow4j.entity.Param;
import org.mlflow4j.entity.Run;
import org.mlflow4j.entity.RunTag;
import org.mlflow4j.store.RunSearch;
import org.mlflow4j.store.tck.ForwardingTrackingStore;
import org.mlflow4j.store.tck.InMemoryTrackingStore;

/**
 * The kit's reference store, watched: records every successful logBatch call and every searchRuns
 * call, runs a hook before each logBatch (to block or fail it), and remembers close(). Thread-safe.
 */
final class RecordingStore extends ForwardingTrackingStore {
  /** One logBatch call as the store received it. */
  record BatchCall(String runId, List<Metric> metrics, List<Param> params, List<RunTag> tags) {
    int size() {
      return metrics.size() + params.size() + tags.size();
    }
  }

  final List<BatchCall> batchCalls = new CopyOnWriteArrayList<>();
  /** Runs before each logBatch, outside the store's lock: may block or throw. */
  volatile Consumer<BatchCall> beforeLogBatch = call -> {};
  volatile boolean closed;
  final AtomicInteger searchRunsCalls = new AtomicInteger();

  RecordingStore() {
    super(new InMemoryTrackingStore());
  }

  @Override
  public Page<Run> searchRuns(RunSearch search) {
    searchRunsCalls.incrementAndGet();
    return super.searchRuns(search);
  }

  @Override
  public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<RunTag> tags) {
    BatchCall call =
        new BatchCall(runId, List.copyOf(metrics), List.copyOf(params), List.copyOf(tags));
    beforeLogBatch.accept(call);
    super.logBatch(runId, metrics, params, tags);
    batchCalls.add(call);
  }

  @Override
  public void close() {
    closed = true;
    super.close();
  }
}
