package org.mlflow4j.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow4j.entity.Run;
import org.mlflow4j.store.RunCreate;

/**
 * Many threads, and several processes with many threads each, logging to one run lose nothing and
 * corrupt nothing: exact metric line counts, every param, one winner of a contested param, tags and
 * meta.yaml always whole, run_name in sync with its tag.
 */
class ConcurrencyTest {
  private static final int THREADS = 8;

  @TempDir Path temp;

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void eightThreadsLogToOneRun() throws Exception {
    FileTrackingStore store = FileTrackingStore.open(temp.resolve("mlruns"));
    String runId = store.createRun(RunCreate.builder("0").build()).runId();
    int batches = 40;
    int refused = LogWorker.run(store, runId, 0, THREADS, batches);
    assertConsistent(store, runId, 1, batches, refused);
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void threeProcessesOfEightThreadsLogToOneRun() throws Exception {
    Path root = temp.resolve("mlruns");
    FileTrackingStore store = FileTrackingStore.open(root);
    String runId = store.createRun(RunCreate.builder("0").build()).runId();
    int processes = 3;
    int batches = 30;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    long start = System.nanoTime();
    String startAt = Long.toString(System.currentTimeMillis() + 3000);
    List<Process> children = new ArrayList<>();
    for (int w = 0; w < processes; w++) {
      children.add(
          new ProcessBuilder(
                  java,
                  "-cp",
                  System.getProperty("java.class.path"),
                  "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                  LogWorker.class.getName(),
                  root.toString(),
                  runId,
                  Integer.toString(w),
                  Integer.toString(THREADS),
                  Integer.toString(batches),
                  startAt)
              .redirectErrorStream(true)
              .start());
    }
    // While they write, every read sees whole files.
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<Throwable> readFailure = new AtomicReference<>();
    Thread reader =
        new Thread(
            () -> {
              while (!done.get()) {
                try {
                  Run run = store.getRun(runId);
                  assertThat(run.info().runId()).isEqualTo(runId);
                  run.data().tag("last").ifPresent(v -> assertThat(v).matches("w\\dt\\db\\d+"));
                } catch (Throwable t) {
                  readFailure.compareAndSet(null, t);
                }
              }
            });
    reader.start();
    int refused = 0;
    for (Process p : children) {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
      String line =
          out.lines().filter(l -> l.startsWith("RACE_REFUSED=")).findFirst().orElseThrow();
      refused += Integer.parseInt(line.substring("RACE_REFUSED=".length()));
    }
    done.set(true);
    reader.join();
    assertThat(readFailure.get()).as("concurrent reads").isNull();
    System.out.printf(
        "multi-process: %d processes x %d threads x %d batches in %d ms%n",
        processes, THREADS, batches, (System.nanoTime() - start) / 1_000_000);
    assertConsistent(store, runId, processes, batches, refused);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void deletingTheExperimentWhileRunsLogLeavesNoGhostDirectories() throws Exception {
    FileTrackingStore store = FileTrackingStore.open(temp.resolve("mlruns"));
    String exp = store.createExperiment("busy", java.util.Optional.empty(), List.of());
    List<String> runIds = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      runIds.add(store.createRun(RunCreate.builder(exp).build()).runId());
    }
    AtomicReference<Throwable> unexpected = new AtomicReference<>();
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(4);
    List<Thread> loggers = new ArrayList<>();
    for (String runId : runIds) {
      Thread t =
          new Thread(
              () -> {
                started.countDown();
                for (int b = 0; ; b++) {
                  try {
                    store.logBatch(
                        runId,
                        List.of(org.mlflow4j.entity.Metric.of("m/" + (b % 3), b, b, b)),
                        b % 4 == 0
                            ? List.of(org.mlflow4j.entity.Param.of("p" + b, "v"))
                            : List.of(),
                        List.of(org.mlflow4j.entity.RunTag.of("t/" + (b % 2), "v" + b)));
                  } catch (org.mlflow4j.MlflowException e) {
                    if (e.errorCode() != org.mlflow4j.ErrorCode.INVALID_PARAMETER_VALUE) {
                      unexpected.compareAndSet(null, e);
                    }
                    return;
                  } catch (Throwable e) {
                    unexpected.compareAndSet(null, e);
                    return;
                  }
                }
              });
      loggers.add(t);
      t.start();
    }
    started.await();
    Thread.sleep(300);
    store.deleteExperiment(exp);
    for (Thread t : loggers) {
      t.join();
    }
    assertThat(unexpected.get()).as("only 'run is deleted' errors").isNull();
    try (Stream<Path> children = Files.list(store.root())) {
      for (Path child : children.toList()) {
        if (!child.getFileName().toString().equals(".trash")) {
          assertThat(child.resolve("meta.yaml")).as("ghost directory " + child).isRegularFile();
        }
      }
    }
    for (String runId : runIds) {
      Run run = store.getRun(runId);
      assertThat(run.info().isActive()).isFalse();
    }
    store.restoreExperiment(exp);
    assertThat(store.getRun(runIds.get(0)).info().isActive()).isTrue();
  }

  private static void assertConsistent(
      FileTrackingStore store, String runId, int workers, int batches, int raceRefused)
      throws IOException {
    Path runDir = store.root().resolve("0").resolve(runId);
    List<String> shared = Files.readAllLines(runDir.resolve("metrics/shared"));
    assertThat(shared).hasSize(workers * THREADS * batches * LogWorker.METRICS_PER_BATCH);
    assertThat(shared).allMatch(l -> l.matches("\\d+ [0-9.e+-]+ \\d+"));
    for (int w = 0; w < workers; w++) {
      for (int t = 0; t < THREADS; t++) {
        assertThat(store.getMetricHistory(runId, "w" + w + "/t" + t)).hasSize(batches);
      }
    }
    Run run = store.getRun(runId);
    Map<String, String> params = run.data().paramMap();
    assertThat(params).containsEntry("shared", "same");
    assertThat(params.keySet().stream().filter(k -> k.startsWith("p/")))
        .hasSize(workers * THREADS * ((batches + 9) / 10));
    for (int i = 0; i < LogWorker.RACES; i++) {
      assertThat(params.get("race" + i)).matches("w\\dt\\d");
    }
    assertThat(raceRefused)
        .as("exactly one writer wins each contested param")
        .isEqualTo(LogWorker.RACES * (workers * THREADS - 1));
    assertThat(run.data().tag("last").orElseThrow()).matches("w\\dt\\db\\d+");
    String nameTag = run.data().tag("mlflow.runName").orElseThrow();
    assertThat(run.info().runName()).as("meta.yaml run_name follows its tag").isEqualTo(nameTag);
    try (Stream<Path> walk = Files.walk(store.root())) {
      for (Path meta : walk.filter(p -> p.getFileName().toString().equals("meta.yaml")).toList()) {
        assertThat(YamlReader.read(Files.readAllBytes(meta))).as(meta.toString()).isNotEmpty();
      }
    }
    try (Stream<Path> walk = Files.walk(store.root())) {
      assertThat(walk.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
    }
  }
}
