package org.mlflow4j.store.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.mlflow4j.entity.LifecycleStage;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.Page;
import org.mlflow4j.entity.Param;
import org.mlflow4j.entity.Run;
import org.mlflow4j.entity.RunTag;
import org.mlflow4j.store.RunSearch;
import org.mlflow4j.store.TrackingStore;

/**
 * The kit must fail stores that break the contract: each broken store below breaks one rule, and
 * the kit tests of that rule must fail while the reference store passes them.
 */
class KitCatchesBrokenStoresTest {

  private static List<String> failuresOf(Class<?> kit) {
    return KitRun.of(kit).failed();
  }

  @Test
  @DisplayName("a store without optional capabilities sees their tests skipped with a message")
  void capabilitiesSkipVisibly() {
    KitRun run = KitRun.of(InMemoryWithoutOptionalFeaturesCompatibilityTest.class);
    List<String> failed = run.failed();
    List<String> aborted = run.abortedMessages();
    assertThat(failed).isEmpty();
    assertThat(aborted)
        .isNotEmpty()
        .allSatisfy(m -> assertThat(m).contains("does not declare capability"))
        .anySatisfy(m -> assertThat(m).contains("DATASET_INPUTS"))
        .anySatisfy(m -> assertThat(m).contains("DELETE_EXPERIMENT_TAG"));
  }

  @Test
  @DisplayName("a store that silently drops changed params fails the param-conflict tests")
  void paramChangesDropped() {
    assertThat(failuresOf(DropsParamChanges.class))
        .contains(
            "changing a param value is INVALID_PARAMETER_VALUE and keeps the old value",
            "a param conflict in a batch writes nothing of the batch, metrics and tags included");
  }

  @Test
  @DisplayName("a store that writes metrics before checking params fails the all-or-nothing test")
  void partialBatch() {
    assertThat(failuresOf(WritesMetricsFirst.class))
        .contains(
            "a param conflict in a batch writes nothing of the batch, metrics and tags included");
  }

  @Test
  @DisplayName("a store that accepts writes to deleted runs fails the lifecycle error test")
  void writesToDeletedRuns() {
    assertThat(failuresOf(WritesToDeletedRuns.class))
        .contains("every kind of write to a deleted run is INVALID_PARAMETER_VALUE");
  }

  @Test
  @DisplayName("a store that ignores order_by fails the ordering tests")
  void ignoresOrderBy() {
    assertThat(failuresOf(IgnoresOrderBy.class))
        .contains(
            "order_by metrics.accuracy ASC sorts r2 r4 r1 r3 r5",
            "order_by params.epochs ASC sorts r1 r3 r2 r4 r5",
            "order_by start_time ASC sorts r5 r1 r2 r3 r4")
        .doesNotContain("order_by (default) sorts r4 r3 r2 r1 r5");
  }

  @Test
  @DisplayName("a store that repeats a run on the next page fails the paging tests")
  void overlappingPages() {
    assertThat(failuresOf(OverlappingPages.class))
        .contains(
            "paging through 2,500 runs by 100 and by 333, and 1,500 of them by 500, returns each"
                + " once, in order",
            "page size 1 walks a small result set run by run");
  }

  // ---- the broken stores, each run through the whole kit

  static class DropsParamChanges extends TrackingStoreCompatibilityKit {
    @Override
    protected TrackingStore createStore() {
      return new ForwardingTrackingStore(new InMemoryTrackingStore()) {
        @Override
        public void logBatch(
            String runId, List<Metric> metrics, List<Param> params, List<RunTag> tags) {
          Run run = delegate.getRun(runId);
          List<Param> kept = new ArrayList<>();
          for (Param p : params) {
            if (run.data().param(p.key()).isEmpty()) {
              kept.add(p);
            }
          }
          delegate.logBatch(runId, metrics, kept, tags);
        }
      };
    }
  }

  static class WritesMetricsFirst extends TrackingStoreCompatibilityKit {
    @Override
    protected TrackingStore createStore() {
      return new ForwardingTrackingStore(new InMemoryTrackingStore()) {
        @Override
        public void logBatch(
            String runId, List<Metric> metrics, List<Param> params, List<RunTag> tags) {
          delegate.logBatch(runId, metrics, List.of(), List.of());
          delegate.logBatch(runId, List.of(), params, tags);
        }
      };
    }
  }

  static class WritesToDeletedRuns extends TrackingStoreCompatibilityKit {
    @Override
    protected TrackingStore createStore() {
      return new ForwardingTrackingStore(new InMemoryTrackingStore()) {
        @Override
        public void logBatch(
            String runId, List<Metric> metrics, List<Param> params, List<RunTag> tags) {
          boolean deleted =
              delegate.getRun(runId).info().lifecycleStage() == LifecycleStage.DELETED;
          if (deleted) {
            delegate.restoreRun(runId);
          }
          try {
            delegate.logBatch(runId, metrics, params, tags);
          } finally {
            if (deleted) {
              delegate.deleteRun(runId);
            }
          }
        }
      };
    }
  }

  static class IgnoresOrderBy extends TrackingStoreCompatibilityKit {
    @Override
    protected TrackingStore createStore() {
      return new ForwardingTrackingStore(new InMemoryTrackingStore()) {
        @Override
        public Page<Run> searchRuns(RunSearch search) {
          return delegate.searchRuns(search.toBuilder().orderBy(List.of()).build());
        }
      };
    }
  }

  static class OverlappingPages extends TrackingStoreCompatibilityKit {
    @Override
    protected TrackingStore createStore() {
      return new ForwardingTrackingStore(new InMemoryTrackingStore()) {
        @Override
        public Page<Run> searchRuns(RunSearch search) {
          Page<Run> page = delegate.searchRuns(search);
          if (search.pageToken().isEmpty() || page.items().isEmpty()) {
            return page;
          }
          // prepend the previous page's last run: a classic off-by-one
          Page<Run> previous =
              delegate.searchRuns(
                  search.toBuilder()
                      .pageToken(java.util.Optional.empty())
                      .maxResults(RunSearch.MAX_RESULTS_LIMIT)
                      .build());
          List<Run> all = previous.items();
          int first = all.indexOf(page.items().get(0));
          List<Run> items = new ArrayList<>(page.items());
          if (first > 0) {
            items.add(0, all.get(first - 1));
            items.remove(items.size() - 1);
          }
          return new Page<>(items, page.nextPageToken());
        }
      };
    }
  }
}
