package org.mlflow4j.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ibatis.executor.Executor;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.plugin.Interceptor;
import org.apache.ibatis.plugin.Intercepts;
import org.apache.ibatis.plugin.Invocation;
import org.apache.ibatis.plugin.Signature;
import org.apache.ibatis.session.ResultHandler;
import org.apache.ibatis.session.RowBounds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow4j.entity.Dataset;
import org.mlflow4j.entity.DatasetInput;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.Param;
import org.mlflow4j.entity.Run;
import org.mlflow4j.entity.RunTag;
import org.mlflow4j.store.RunCreate;
import org.mlflow4j.store.RunSearch;

/** A page of runs comes with its data in a number of queries that does not grow with the page. */
class QueryCountTest {
  @TempDir Path dir;

  /** Counts the queries MyBatis runs. */
  @Intercepts(
      @Signature(
          type = Executor.class,
          method = "query",
          args = {MappedStatement.class, Object.class, RowBounds.class, ResultHandler.class}))
  static final class Counter implements Interceptor {
    final AtomicInteger queries = new AtomicInteger();

    @Override
    public Object intercept(Invocation invocation) throws Throwable {
      queries.incrementAndGet();
      return invocation.proceed();
    }
  }

  @Test
  void aPageOfRunsIsLoadedInAConstantNumberOfQueries() {
    Counter counter = new Counter();
    try (SqlTrackingStore store =
        SqlTrackingStore.open(
            SqlStoreOptions.builder("sqlite:///" + dir.resolve("q.db")).build(),
            List.of(counter))) {
      String exp = store.createExperiment("q", Optional.empty(), List.of());
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String runId = store.createRun(RunCreate.builder(exp).build()).runId();
        store.logBatch(
            runId,
            List.of(Metric.of("m", i, 1, 0), Metric.of("n", -i, 1, 0)),
            List.of(Param.of("p", "v" + i)),
            List.of(RunTag.of("t", "x")));
        store.logInputs(
            runId, List.of(DatasetInput.of(Dataset.of("d" + i, "g", "local", "{}"), "train")));
        ids.add(runId);
      }
      RunSearch.Builder search =
          RunSearch.builder(exp)
              .filter("metrics.m >= 0 AND params.p LIKE 'v%'")
              .orderBy(List.of("metrics.n ASC"));
      counter.queries.set(0);
      List<Run> small = store.searchRuns(search.maxResults(2).build()).items();
      int forTwo = counter.queries.getAndSet(0);
      List<Run> large = store.searchRuns(search.maxResults(40).build()).items();
      int forForty = counter.queries.get();

      assertThat(small).hasSize(2);
      assertThat(large).hasSize(40);
      assertThat(large.get(0).data().metricValues()).containsEntry("n", -39.0);
      assertThat(large).allSatisfy(r -> assertThat(r.inputs()).hasSize(1));
      assertThat(forForty).isEqualTo(forTwo).isLessThanOrEqualTo(6);
    }
  }
}
