package org.mlflow4j.fluent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.client.MlflowClient;
import org.mlflow4j.entity.Dataset;
import org.mlflow4j.entity.DatasetInput;
import org.mlflow4j.entity.Experiment;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.MlflowTags;
import org.mlflow4j.entity.Run;
import org.mlflow4j.entity.RunStatus;

class MlflowTest {
  private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

  @TempDir Path tmp;
  private HookedStore store;
  private MlflowClient client;

  @BeforeEach
  void setUp() {
    install(Map.of(), Map.of("user.name", "jvm-user", "sun.java.command", "com.example.Train --epochs 3"));
  }

  private void install(Map<String, String> env, Map<String, String> props) {
    install(env, props, 10_000);
  }

  private void install(Map<String, String> env, Map<String, String> props, int capacity) {
    store = new HookedStore();
    client =
        MlflowClient.builder()
            .store(store)
            .environment(env)
            .systemProperties(props)
            .asyncQueueCapacity(capacity)
            .asyncShutdownHook(false)
            .build();
    Mlflow.useClient(client);
  }

  @AfterEach
  void tearDown() {
    store.beforeLogBatch = call -> {};
    while (Mlflow.activeRun().isPresent()) {
      try {
        Mlflow.endRun();
      } catch (MlflowException e) {
        // a test left a failing run behind on purpose
      }
    }
    try {
      client.close();
    } catch (MlflowException e) {
      // idem
    }
  }

  private Run stored(ActiveRun run) {
    return client.getRun(run.runId());
  }

  @Test
  @DisplayName("a nested run gets mlflow.parentRunId; closing it makes the parent active again")
  void nestedRuns() {
    try (ActiveRun outer = Mlflow.startRun("outer")) {
      try (ActiveRun inner = Mlflow.startRun(RunOptions.builder().runName("inner").nested(true).build())) {
        assertThat(Mlflow.activeRun()).containsSame(inner);
        assertThat(stored(inner).data().tag(MlflowTags.PARENT_RUN_ID)).contains(outer.runId());
        assertThat(stored(inner).info().runName()).isEqualTo("inner");
        assertThat(client.getParentRun(inner.runId())).map(Run::runId).contains(outer.runId());
      }
      assertThat(Mlflow.activeRun()).containsSame(outer);
      assertThat(stored(outer).data().tag(MlflowTags.PARENT_RUN_ID)).isEmpty();
    }
    assertThat(Mlflow.activeRun()).isEmpty();
  }

  @Test
  @DisplayName("starting a second run without nested is an error naming the active run")
  void secondRunNeedsNested() {
    try (ActiveRun outer = Mlflow.startRun()) {
      assertThatThrownBy(Mlflow::startRun)
          .isInstanceOf(MlflowException.class)
          .hasMessageContaining(outer.runId())
          .hasMessageContaining("already active");
      assertThat(Mlflow.activeRun()).containsSame(outer);
    }
  }

  @Test
  @DisplayName("an explicit parentRunId must be the active run, when one is active")
  void explicitParent() {
    String other = client.createRun("0").runId();
    try (ActiveRun outer = Mlflow.startRun()) {
      assertThatThrownBy(
              () -> Mlflow.startRun(RunOptions.builder().nested(true).parentRunId(other).build()))
          .hasMessageContaining("does not match the specified parent run id " + other);
    }
    try (ActiveRun child = Mlflow.startRun(RunOptions.builder().parentRunId(other).build())) {
      assertThat(stored(child).data().tag(MlflowTags.PARENT_RUN_ID)).contains(other);
    }
  }

  @Test
  @DisplayName("close is idempotent: the run ends FINISHED once")
  void idempotentClose() {
    ActiveRun run = Mlflow.startRun();
    run.close();
    Run first = stored(run);
    assertThat(first.info().status()).isEqualTo(RunStatus.FINISHED);
    assertThat(first.info().endTime()).isPresent();
    client.updateRun(run.runId(), org.mlflow4j.store.RunUpdate.status(RunStatus.KILLED));
    run.close();
    Mlflow.endRun(); // nothing active: no-op
    assertThat(stored(run).info().status()).isEqualTo(RunStatus.KILLED);
    assertThat(run.isActive()).isFalse();
  }

  @Test
  @DisplayName("closing a run while a nested run is active is ignored")
  void outOfOrderClose() {
    ActiveRun outer = Mlflow.startRun();
    ActiveRun inner = Mlflow.startRun(RunOptions.builder().nested(true).build());
    outer.close();
    assertThat(outer.isActive()).isTrue();
    assertThat(stored(outer).info().status()).isEqualTo(RunStatus.RUNNING);
    assertThat(Mlflow.activeRun()).containsSame(inner);
    inner.close();
    assertThat(Mlflow.activeRun()).containsSame(outer);
    outer.close();
    assertThat(stored(outer).info().status()).isEqualTo(RunStatus.FINISHED);
    assertThat(Mlflow.activeRun()).isEmpty();
  }

  @Test
  @DisplayName("each thread has its own active run; a run started in one is not active in another")
  void perThread() throws Exception {
    CyclicBarrier bothStarted = new CyclicBarrier(2);
    Map<String, String> seen = new java.util.concurrent.ConcurrentHashMap<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable body =
        () -> {
          try (ActiveRun run = Mlflow.startRun(Thread.currentThread().getName())) {
            bothStarted.await(10, TimeUnit.SECONDS);
            Mlflow.logMetric("m", 1.0);
            seen.put(Thread.currentThread().getName(), Mlflow.activeRun().orElseThrow().runId());
            assertThat(Mlflow.activeRun()).containsSame(run);
            bothStarted.await(10, TimeUnit.SECONDS);
          } catch (Throwable t) {
            failure.set(t);
          }
        };
    Thread a = new Thread(body, "thread-a");
    Thread b = new Thread(body, "thread-b");
    a.start();
    b.start();
    a.join(10_000);
    b.join(10_000);
    assertThat(failure.get()).isNull();
    assertThat(seen).hasSize(2);
    assertThat(seen.get("thread-a")).isNotEqualTo(seen.get("thread-b"));
    assertThat(Mlflow.activeRun()).isEmpty();
    for (String runId : seen.values()) {
      assertThat(client.getRun(runId).info().status()).isEqualTo(RunStatus.FINISHED);
      assertThat(client.getMetricHistory(runId, "m")).hasSize(1);
    }
  }

  @Test
  @DisplayName("resuming by id sets RUNNING, keeps end time, applies tags, and ends FINISHED")
  void resumeById() {
    String runId = client.createRun("0").runId();
    client.setTerminated(runId, RunStatus.FAILED, 1234L);
    try (ActiveRun run =
        Mlflow.startRun(
            RunOptions.builder().runId(runId).tags(Map.of("k", "v")).description("notes").build())) {
      Run resumed = stored(run);
      assertThat(resumed.info().status()).isEqualTo(RunStatus.RUNNING);
      assertThat(resumed.info().endTime()).hasValue(1234L);
      assertThat(resumed.data().tag("k")).contains("v");
      assertThat(resumed.data().tag(MlflowTags.NOTE_CONTENT)).contains("notes");
      assertThat(run.runId()).isEqualTo(runId);
    }
    assertThat(client.getRun(runId).info().status()).isEqualTo(RunStatus.FINISHED);
  }

  @Test
  @DisplayName("a deleted run cannot be resumed")
  void resumeDeletedRefused() {
    String runId = client.createRun("0").runId();
    client.deleteRun(runId);
    assertThatThrownBy(() -> Mlflow.startRun(RunOptions.builder().runId(runId).build()))
        .isInstanceOf(MlflowException.class)
        .hasMessage("Cannot start run with ID " + runId + " because it is in the deleted state.");
    assertThat(Mlflow.activeRun()).isEmpty();
  }

  @Test
  @DisplayName("MLFLOW_RUN_ID is resumed by the first startRun only")
  void resumeFromEnvironment() {
    HookedStore shared = new HookedStore();
    String runId = shared.createRun(org.mlflow4j.store.RunCreate.builder("0").build()).runId();
    store = shared;
    client =
        MlflowClient.builder()
            .store(shared)
            .environment(Map.of("MLFLOW_RUN_ID", runId))
            .systemProperties(Map.of())
            .asyncShutdownHook(false)
            .build();
    Mlflow.useClient(client);
    try (ActiveRun run = Mlflow.startRun()) {
      assertThat(run.runId()).isEqualTo(runId);
    }
    try (ActiveRun run = Mlflow.startRun()) {
      assertThat(run.runId()).isNotEqualTo(runId);
    }
  }

  @Test
  @DisplayName("setExperiment creates a missing experiment, and new runs land in it")
  void setExperimentCreates() {
    Experiment experiment = Mlflow.setExperiment("churn");
    assertThat(client.getExperimentByName("churn")).map(Experiment::experimentId)
        .contains(experiment.experimentId());
    assertThat(Mlflow.setExperiment("churn").experimentId()).isEqualTo(experiment.experimentId());
    assertThat(Mlflow.activeExperimentId()).contains(experiment.experimentId());
    try (ActiveRun run = Mlflow.startRun()) {
      assertThat(run.info().experimentId()).isEqualTo(experiment.experimentId());
    }
    Mlflow.setExperimentById("0");
    try (ActiveRun run = Mlflow.startRun()) {
      assertThat(run.info().experimentId()).isEqualTo("0");
    }
    assertThatThrownBy(() -> Mlflow.setExperimentById("999"))
        .isInstanceOf(MlflowException.class)
        .extracting(e -> ((MlflowException) e).errorCode())
        .isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
  }

  @Test
  @DisplayName("setExperiment refuses a deleted experiment, by name and by id")
  void setExperimentDeleted() {
    String id = client.createExperiment("old");
    client.deleteExperiment(id);
    assertThatThrownBy(() -> Mlflow.setExperiment("old"))
        .isInstanceOf(MlflowException.class)
        .hasMessageStartingWith("Cannot set a deleted experiment 'old' as the active experiment.")
        .extracting(e -> ((MlflowException) e).errorCode())
        .isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
    assertThatThrownBy(() -> Mlflow.setExperimentById(id))
        .hasMessageStartingWith("Cannot set a deleted experiment 'old'");
    assertThat(Mlflow.activeExperimentId()).isEmpty();
  }

  @Test
  @DisplayName("setExperiment survives a concurrent creation (RESOURCE_ALREADY_EXISTS)")
  void setExperimentRace() throws Exception {
    int threads = 8;
    CyclicBarrier start = new CyclicBarrier(threads);
    List<String> ids = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<Thread> all = new java.util.ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Thread t =
          new Thread(
              () -> {
                try {
                  start.await(10, TimeUnit.SECONDS);
                  ids.add(Mlflow.setExperiment("raced").experimentId());
                } catch (Exception e) {
                  ids.add("error: " + e);
                }
              });
      all.add(t);
      t.start();
    }
    for (Thread t : all) {
      t.join(10_000);
    }
    assertThat(ids).hasSize(threads).containsOnly(client.getExperimentByName("raced").orElseThrow().experimentId());
  }

  @Test
  @DisplayName("MLFLOW_EXPERIMENT_NAME (created if missing) and MLFLOW_EXPERIMENT_ID pick the experiment")
  void experimentFromEnvironment() {
    install(Map.of("MLFLOW_EXPERIMENT_NAME", "from-env"), Map.of());
    try (ActiveRun run = Mlflow.startRun()) {
      assertThat(run.info().experimentId())
          .isEqualTo(client.getExperimentByName("from-env").orElseThrow().experimentId());
    }
    HookedStore previous = store;
    String id = previous.createExperiment("by-id", java.util.Optional.empty(), List.of());
    client = MlflowClient.builder().store(previous).environment(Map.of("MLFLOW_EXPERIMENT_ID", id))
        .systemProperties(Map.of()).asyncShutdownHook(false).build();
    Mlflow.useClient(client);
    try (ActiveRun run = Mlflow.startRun()) {
      assertThat(run.info().experimentId()).isEqualTo(id);
    }
    install(Map.of("MLFLOW_EXPERIMENT_ID", "404"), Map.of());
    assertThatThrownBy(Mlflow::startRun).hasMessageContaining("`404` does not exist");
  }

  @Test
  @DisplayName("withRun ends the run FINISHED after the body")
  void withRunFinished() {
    AtomicReference<String> runId = new AtomicReference<>();
    Mlflow.withRun("body", run -> {
      runId.set(run.runId());
      Mlflow.logMetric("m", 2.0);
    });
    Run run = client.getRun(runId.get());
    assertThat(run.info().status()).isEqualTo(RunStatus.FINISHED);
    assertThat(run.info().runName()).isEqualTo("body");
    assertThat(run.data().metric("m")).map(Metric::value).contains(2.0);
    assertThat(Mlflow.activeRun()).isEmpty();
  }

  @Test
  @DisplayName("withRun ends the run FAILED and rethrows the body's exception unchanged")
  void withRunFailed() {
    AtomicReference<String> runId = new AtomicReference<>();
    IOException checked = new IOException("disk");
    assertThatThrownBy(
            () ->
                Mlflow.<IOException>withRun(
                    "failing",
                    run -> {
                      runId.set(run.runId());
                      Mlflow.startRun(RunOptions.builder().nested(true).build()); // left open
                      throw checked;
                    }))
        .isSameAs(checked);
    assertThat(client.getRun(runId.get()).info().status()).isEqualTo(RunStatus.FAILED);
    assertThat(Mlflow.activeRun()).isEmpty();

    IllegalStateException unchecked = new IllegalStateException("bug");
    assertThatThrownBy(() -> Mlflow.withRun("failing-too", run -> {
      runId.set(run.runId());
      throw unchecked;
    })).isSameAs(unchecked);
    assertThat(client.getRun(runId.get()).info().status()).isEqualTo(RunStatus.FAILED);
  }

  @Test
  @DisplayName("logging with no active run starts one in experiment 0; endRun finishes it")
  void autoStart() {
    assertThat(Mlflow.activeRun()).isEmpty();
    Mlflow.logMetric("loss", 0.5, 3);
    ActiveRun run = Mlflow.activeRun().orElseThrow();
    assertThat(run.info().experimentId()).isEqualTo("0");
    Mlflow.logParam("lr", "0.1");
    Mlflow.logParams(Map.of("depth", "6"));
    Mlflow.setTag("team", "ml");
    Mlflow.setTags(Map.of("stage", "dev"));
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("a", 1.0);
    metrics.put("b", 2.0);
    Mlflow.logMetrics(metrics, 7);
    Mlflow.endRun();
    Run stored = client.getRun(run.runId());
    assertThat(stored.info().status()).isEqualTo(RunStatus.FINISHED);
    assertThat(stored.data().paramMap()).containsEntry("lr", "0.1").containsEntry("depth", "6");
    assertThat(stored.data().tagMap()).containsEntry("team", "ml").containsEntry("stage", "dev");
    Metric a = stored.data().metric("a").orElseThrow();
    Metric b = stored.data().metric("b").orElseThrow();
    assertThat(a.timestamp()).isEqualTo(b.timestamp());
    assertThat(a.step()).isEqualTo(7);
    assertThat(stored.data().metric("loss")).map(Metric::step).contains(3L);
  }

  @Test
  @DisplayName("Mlflow.flush() waits until queued metrics are stored and throws a failed write once")
  void flushWaitsAndSurfacesErrors() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    store.beforeLogBatch = call -> {
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    try (ActiveRun run = Mlflow.startRun("flushing")) {
      Mlflow.logMetric("loss", 0.5, 0);
      Thread flusher = new Thread(Mlflow::flush);
      flusher.start();
      flusher.join(200);
      assertThat(flusher.isAlive()).as("flush waits for the gated store").isTrue();
      gate.countDown();
      flusher.join(5_000);
      assertThat(flusher.isAlive()).isFalse();
      assertThat(client.getMetricHistory(run.runId(), "loss")).hasSize(1);

      store.beforeLogBatch = call -> {
        throw new MlflowException(ErrorCode.TEMPORARILY_UNAVAILABLE, "store down");
      };
      Mlflow.logMetric("loss", 0.25, 1);
      assertThatThrownBy(Mlflow::flush)
          .isInstanceOfSatisfying(MlflowException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.TEMPORARILY_UNAVAILABLE));
      store.beforeLogBatch = call -> {};
      Mlflow.flush(); // reported once: the next flush is clean
    }
  }

  @Test
  @DisplayName("Mlflow.logInput records a dataset on the active run, starting one if none is active")
  void logInput() {
    Dataset dataset = Dataset.of("iris", "a1b2c3d4", "local", "{\"uri\": \"iris.csv\"}");
    Mlflow.logInput(DatasetInput.of(dataset, "training"));
    ActiveRun run = Mlflow.activeRun().orElseThrow();
    assertThat(stored(run).inputs()).singleElement().satisfies(input -> {
      assertThat(input.dataset()).isEqualTo(dataset);
      assertThat(input.context()).contains("training");
    });
    Mlflow.endRun();
  }

  /** A program whose main starts a run, as Maven's exec:java runs it: in-process, on a stack. */
  static final class InProcessProgram {
    static String sourceName;

    public static void main(String[] args) {
      try (ActiveRun run = Mlflow.startRun("in-process")) {
        sourceName = run.run().data().tag(MlflowTags.SOURCE_NAME).orElseThrow();
      }
    }
  }

  @Test
  @DisplayName("under a launcher such as Maven's exec:java, the source name is the main class that started the run")
  void sourceNameUnderLauncher() {
    install(Map.of(), Map.of("user.name", "jvm-user",
        "sun.java.command", "org.codehaus.plexus.classworlds.launcher.Launcher -q exec:java"));
    InProcessProgram.main(new String[0]);
    assertThat(InProcessProgram.sourceName).isEqualTo(InProcessProgram.class.getName());

    try (ActiveRun run = Mlflow.startRun("outside-any-main")) {
      // Surefire's own main is a launcher too, so nothing names this test's program
      assertThat(stored(run).data().tag(MlflowTags.SOURCE_NAME))
          .contains("org.codehaus.plexus.classworlds.launcher.Launcher");
    }
  }

  @Test
  @DisplayName("new runs get mlflow.user, source name and type; user tags override them")
  void systemTags() {
    install(Map.of(), Map.of("user.name", "jvm-user", "sun.java.command", "com.example.Train --epochs 3",
        "user.dir", tmp.toString()));
    try (ActiveRun run = Mlflow.startRun(RunOptions.builder().description("hello").build())) {
      Run stored = stored(run);
      assertThat(stored.data().tagMap())
          .containsEntry(MlflowTags.USER, "jvm-user")
          .containsEntry(MlflowTags.SOURCE_NAME, "com.example.Train")
          .containsEntry(MlflowTags.SOURCE_TYPE, "LOCAL")
          .containsEntry(MlflowTags.NOTE_CONTENT, "hello")
          .doesNotContainKey(MlflowTags.GIT_COMMIT)
          .doesNotContainKey(MlflowTags.PARENT_RUN_ID);
      assertThat(stored.info().userId()).isEqualTo("jvm-user");
    }
    install(Map.of("MLFLOW_TRACKING_USERNAME", "alice"), Map.of("user.name", "jvm-user"));
    try (ActiveRun run = Mlflow.startRun("named")) {
      assertThat(stored(run).data().tagMap())
          .containsEntry(MlflowTags.USER, "alice")
          .containsEntry(MlflowTags.SOURCE_NAME, "<unknown>")
          .containsEntry(MlflowTags.RUN_NAME, "named");
      assertThat(stored(run).info().userId()).isEqualTo("alice");
    }
    try (ActiveRun run = Mlflow.startRun(RunOptions.builder().tags(Map.of(MlflowTags.USER, "bob")).build())) {
      assertThat(stored(run).data().tag(MlflowTags.USER)).contains("bob");
      assertThat(stored(run).info().userId()).isEqualTo("bob");
    }
    assertThatThrownBy(
            () -> Mlflow.startRun(RunOptions.builder().description("d")
                .tags(Map.of(MlflowTags.NOTE_CONTENT, "t")).build()))
        .hasMessageContaining("Description is already set");
  }

  @Test
  @DisplayName("mlflow.source.git.commit is HEAD of the git work tree around user.dir")
  void gitCommitTag() throws IOException {
    Path repo = tmp.resolve("repo");
    Path sub = Files.createDirectories(repo.resolve("src/main"));
    Files.createDirectories(repo.resolve(".git/refs/heads"));
    Files.writeString(repo.resolve(".git/HEAD"), "ref: refs/heads/main\n");
    Files.writeString(repo.resolve(".git/refs/heads/main"), SHA + "\n");
    Map<String, String> props = new HashMap<>();
    props.put("user.dir", sub.toString());
    install(Map.of(), props);
    try (ActiveRun run = Mlflow.startRun()) {
      assertThat(stored(run).data().tag(MlflowTags.GIT_COMMIT)).contains(SHA);
    }
  }

  @Test
  @DisplayName("the git HEAD reader handles packed refs, detached heads, .git files; none outside")
  void gitHeadVariants() throws IOException {
    Path packed = tmp.resolve("packed");
    Files.createDirectories(packed.resolve(".git"));
    Files.writeString(packed.resolve(".git/HEAD"), "ref: refs/heads/dev\n");
    String other = "fedcba9876543210fedcba9876543210fedcba98";
    Files.writeString(packed.resolve(".git/packed-refs"),
        "# pack-refs with: peeled fully-peeled sorted\n" + other + " refs/heads/main\n^" + SHA
            + "\n" + SHA + " refs/heads/dev\n");
    assertThat(GitHead.commitOf(packed)).contains(SHA);

    Path detached = tmp.resolve("detached");
    Files.createDirectories(detached.resolve(".git"));
    Files.writeString(detached.resolve(".git/HEAD"), other + "\n");
    assertThat(GitHead.commitOf(detached.resolve("a/b"))).contains(other);

    Path worktree = Files.createDirectories(tmp.resolve("worktree"));
    Path gitDir = Files.createDirectories(packed.resolve(".git/worktrees/wt"));
    Files.writeString(gitDir.resolve("HEAD"), "ref: refs/heads/main\n");
    Files.writeString(gitDir.resolve("commondir"), "../..\n");
    Files.writeString(worktree.resolve(".git"), "gitdir: " + gitDir + "\n");
    assertThat(GitHead.commitOf(worktree)).contains(other);

    Path unborn = tmp.resolve("unborn");
    Files.createDirectories(unborn.resolve(".git"));
    Files.writeString(unborn.resolve(".git/HEAD"), "ref: refs/heads/main\n");
    assertThat(GitHead.commitOf(unborn)).isEmpty();

    assertThat(GitHead.commitOf(Files.createDirectories(tmp.resolve("plain")))).isEmpty();
  }

  @Test
  @DisplayName("logging does not wait on a slow store until the queue is full")
  void loggingDoesNotBlock() throws InterruptedException {
    install(Map.of(), Map.of(), 100);
    CountDownLatch gate = new CountDownLatch(1);
    store.beforeLogBatch = call -> {
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    ActiveRun run = Mlflow.startRun();
    long start = System.nanoTime();
    for (int i = 0; i < 100; i++) {
      Mlflow.logMetric("m", i, i);
    }
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2000);
    // another thread has no active run (it would start its own), so it logs through the handle
    Thread extra = new Thread(() -> run.logMetric("m", 100, 100));
    extra.start();
    extra.join(200);
    assertThat(extra.isAlive()).as("the 101st item waits for room").isTrue();
    assertThat(client.getMetricHistory(run.runId(), "m")).isEmpty();
    gate.countDown();
    extra.join(10_000);
    run.close();
    assertThat(client.getMetricHistory(run.runId(), "m")).hasSize(101);
    assertThat(stored(run).info().status()).isEqualTo(RunStatus.FINISHED);
  }

  @Test
  @DisplayName("a failed write surfaces at close: the run is ended FAILED and the error thrown")
  void failureSurfacesAtClose() {
    ActiveRun run = Mlflow.startRun();
    store.beforeLogBatch = call -> {
      throw new MlflowException(ErrorCode.TEMPORARILY_UNAVAILABLE, "database down");
    };
    Mlflow.logMetric("m", 1.0);
    assertThatThrownBy(run::close)
        .isInstanceOf(MlflowException.class)
        .hasMessageContaining("database down")
        .extracting(e -> ((MlflowException) e).errorCode())
        .isEqualTo(ErrorCode.TEMPORARILY_UNAVAILABLE);
    assertThat(stored(run).info().status()).isEqualTo(RunStatus.FAILED);
    assertThat(Mlflow.activeRun()).isEmpty();
    run.close(); // already ended: no second report

    store.beforeLogBatch = call -> {
      throw new MlflowException(ErrorCode.INVALID_PARAMETER_VALUE, "bad key");
    };
    ActiveRun second = Mlflow.startRun();
    Mlflow.logParam("k", "v");
    assertThatThrownBy(Mlflow::endRun).hasMessageContaining("bad key");
    assertThat(stored(second).info().status()).isEqualTo(RunStatus.FAILED);
  }

  @Test
  @DisplayName("setTrackingUri replaces the client; getTrackingUri reports it")
  void trackingUri() {
    assertThat(Mlflow.getTrackingUri()).isEqualTo(client.trackingUri());
    Mlflow.setTrackingUri("custom://somewhere");
    assertThat(Mlflow.getTrackingUri()).isEqualTo("custom://somewhere");
    assertThatThrownBy(Mlflow::client).hasMessageContaining("'custom'");
    Mlflow.useClient(client);
    assertThat(Mlflow.client()).isSameAs(client);
  }
}
