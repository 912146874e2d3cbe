package org.mlflow4j.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.Run;
import org.mlflow4j.store.RunCreate;

/**
 * 3 processes x 8 threads log to one run: exact counts, the right latest value, one winner per
 * contested param, no deadlock (spec/sql-schema.md §6), on each database.
 */
class MultiProcessLoggingTest {
  private static final int PROCESSES = 3;
  private static final int THREADS = 8;
  private static final int BATCHES = 10;

  @TempDir Path dir;

  @Test
  void sqlite() throws Exception {
    check("sqlite:///" + dir.resolve("mlflow.db"));
  }

  @Test
  void postgresql() throws Exception {
    TestServer server = TestServer.postgresql();
    server.createDatabase("multiprocess");
    server.requireDatabase();
    try {
      check(server.uri());
    } finally {
      server.dropDatabase();
    }
  }

  @Test
  void mariadb() throws Exception {
    TestServer server = TestServer.mariadb();
    server.createDatabase("multiprocess");
    server.requireDatabase();
    try {
      check(server.uri());
    } finally {
      server.dropDatabase();
    }
  }

  private void check(String uri) throws Exception {
    String runId;
    try (SqlTrackingStore store = SqlTrackingStore.open(uri)) {
      String experimentId = store.createExperiment("multi", Optional.empty(), List.of());
      runId = store.createRun(RunCreate.builder(experimentId).build()).runId();
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Process> processes = new ArrayList<>();
    for (int w = 0; w < PROCESSES; w++) {
      processes.add(
          new ProcessBuilder(
                  java,
                  "-cp",
                  System.getProperty("java.class.path"),
                  SqlLogWorker.class.getName(),
                  uri,
                  runId,
                  Integer.toString(w),
                  Integer.toString(THREADS),
                  Integer.toString(BATCHES))
              .redirectErrorStream(true)
              .start());
    }
    int refused = 0;
    for (Process p : processes) {
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("worker finished").isTrue();
      String out = output(p);
      assertThat(p.exitValue()).as(out).isZero();
      refused += Integer.parseInt(out.substring(out.lastIndexOf("refused=") + 8).trim());
    }
    try (SqlTrackingStore store = SqlTrackingStore.open(uri)) {
      Run run = store.getRun(runId);
      assertThat(store.getMetricHistory(runId, "shared")).hasSize(BATCHES * SqlLogWorker.POINTS);
      for (int w = 0; w < PROCESSES; w++) {
        for (int t = 0; t < THREADS; t++) {
          assertThat(store.getMetricHistory(runId, "w" + w + "/t" + t)).hasSize(BATCHES);
        }
      }
      Metric latest = run.data().metric("shared").orElseThrow();
      assertThat(latest.step()).isEqualTo(BATCHES - 1);
      assertThat(latest.value()).isEqualTo(BATCHES - 1 + 0.4);
      assertThat(run.data().metrics()).hasSize(1 + PROCESSES * THREADS);
      assertThat(run.data().params())
          .hasSize(1 + SqlLogWorker.RACES + PROCESSES * THREADS * (BATCHES / 10));
      assertThat(refused).isEqualTo((PROCESSES * THREADS - 1) * SqlLogWorker.RACES);
      assertThat(run.info().runName()).isEqualTo(run.data().tag("mlflow.runName").orElseThrow());
      assertThat(run.data().tag("last")).isPresent();
    }
  }

  private static String output(Process p) throws IOException {
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
