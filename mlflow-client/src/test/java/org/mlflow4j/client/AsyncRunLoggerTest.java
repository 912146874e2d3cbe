package org.mlflow4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.Param;
import org.mlflow4j.entity.RunStatus;
import org.mlflow4j.entity.RunTag;

class AsyncRunLoggerTest {
  private final InMemoryStore store = new InMemoryStore();
  private final List<MlflowClient> clients = new ArrayList<>();

  private MlflowClient client(int capacity) {
    MlflowClient client =
        MlflowClient.builder()
            .store(store)
            .environment(Map.of())
            .systemProperties(Map.of())
            .asyncQueueCapacity(capacity)
            .asyncShutdownHook(false)
            .build();
    clients.add(client);
    return client;
  }

  @AfterEach
  void closeAll() {
    store.beforeLogBatch = call -> {};
    for (MlflowClient client : clients) {
      try {
        client.close();
      } catch (MlflowException e) {
        // some tests leave failures behind on purpose
      }
    }
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met in time").isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  /** A gate the store waits on in logBatch until it is opened. */
  private CountDownLatch gateStore() {
    CountDownLatch gate = new CountDownLatch(1);
    store.beforeLogBatch =
        call -> {
          try {
            gate.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    return gate;
  }

  @Test
  @DisplayName("a metric history logged asynchronously is stored in logging order, per run")
  void orderPerRun() {
    MlflowClient client = client(10_000);
    String a = client.createRun("0").runId();
    String b = client.createRun("0").runId();
    AsyncRunLogger logger = client.asyncLogger();
    List<Double> expectedA = new ArrayList<>();
    List<Double> expectedB = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      double value = (i * 7919) % 1000;
      logger.logMetric(a, "loss", value, 5L, 0);
      expectedA.add(value);
      if (i % 3 == 0) {
        logger.logMetric(b, "acc", -value, 5L, 0);
        expectedB.add(-value);
      }
    }
    logger.flush();
    assertThat(client.getMetricHistory(a, "loss")).extracting(Metric::value).containsExactlyElementsOf(expectedA);
    assertThat(client.getMetricHistory(b, "acc")).extracting(Metric::value).containsExactlyElementsOf(expectedB);
    assertThat(logger.pendingItems()).isZero();
  }

  @Test
  @DisplayName("single enqueues are coalesced into few logBatch calls, each within MLflow's limits")
  void coalescing() throws InterruptedException {
    MlflowClient client = client(10_000);
    String runId = client.createRun("0").runId();
    AsyncRunLogger logger = client.asyncLogger();
    CountDownLatch gate = gateStore();
    for (int i = 0; i < 2500; i++) {
      logger.logMetric(runId, "m", i, 1L, i);
    }
    for (int i = 0; i < 250; i++) {
      logger.logParam(runId, "p" + i, "v");
      logger.setTag(runId, "t" + i, "v");
    }
    gate.countDown();
    logger.flush();
    assertThat(store.batchCalls.stream().mapToInt(InMemoryStore.BatchCall::size).sum()).isEqualTo(3000);
    assertThat(store.batchCalls).hasSizeLessThanOrEqualTo(8);
    assertThat(store.batchCalls)
        .allSatisfy(
            call -> {
              assertThat(call.metrics()).hasSizeLessThanOrEqualTo(1000);
              assertThat(call.params()).hasSizeLessThanOrEqualTo(100);
              assertThat(call.tags()).hasSizeLessThanOrEqualTo(100);
              assertThat(call.size()).isLessThanOrEqualTo(1000);
            });
    assertThat(client.getRun(runId).data().params()).hasSize(250);
    assertThat(client.getMetricHistory(runId, "m")).extracting(Metric::step).isSorted().hasSize(2500);
  }

  @Test
  @DisplayName("a full queue blocks the caller until the store takes items; nothing is dropped")
  void backPressure() throws InterruptedException {
    MlflowClient client = client(10);
    String runId = client.createRun("0").runId();
    AsyncRunLogger logger = client.asyncLogger();
    CountDownLatch gate = gateStore();
    AtomicInteger queued = new AtomicInteger();
    Thread producer =
        new Thread(
            () -> {
              for (int i = 0; i < 25; i++) {
                logger.logMetric(runId, "m", i, 1L, i);
                queued.incrementAndGet();
              }
            });
    producer.start();
    await(() -> queued.get() == 10 && producer.getState() == Thread.State.WAITING);
    Thread.sleep(50);
    assertThat(queued.get()).as("the 11th enqueue blocks").isEqualTo(10);
    assertThat(logger.pendingItems()).isEqualTo(10);
    assertThat(store.batchCalls).isEmpty();
    gate.countDown();
    producer.join(10_000);
    assertThat(producer.isAlive()).isFalse();
    logger.flush();
    assertThat(client.getMetricHistory(runId, "m")).extracting(Metric::step)
        .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 25).boxed().toList());
  }

  @Test
  @DisplayName("a failed write surfaces once, at the next flush, with the store's error code")
  void errorSurfacesAtFlush() {
    MlflowClient client = client(10_000);
    String bad = client.createRun("0").runId();
    String good = client.createRun("0").runId();
    AsyncRunLogger logger = client.asyncLogger();
    store.beforeLogBatch =
        call -> {
          if (call.runId().equals(bad)) {
            throw new MlflowException(ErrorCode.RESOURCE_CONFLICT, "store says no");
          }
        };
    logger.logMetric(bad, "m", 1, 1L, 0);
    logger.logMetric(good, "m", 2, 1L, 0);
    logger.flush(good);
    assertThatThrownBy(logger::flush)
        .isInstanceOf(MlflowException.class)
        .hasMessageContaining("store says no")
        .hasMessageContaining(bad)
        .extracting(e -> ((MlflowException) e).errorCode())
        .isEqualTo(ErrorCode.RESOURCE_CONFLICT);
    logger.flush(); // reported once
    store.beforeLogBatch = call -> {};
    logger.logMetric(bad, "m", 3, 1L, 0);
    logger.flush();
    assertThat(client.getMetricHistory(bad, "m")).extracting(Metric::value).containsExactly(3.0);
    assertThat(client.getMetricHistory(good, "m")).extracting(Metric::value).containsExactly(2.0);
  }

  @Test
  @DisplayName("flush(runId) reports only that run's failures; a param conflict surfaces there")
  void paramConflictAtRunFlush() {
    MlflowClient client = client(10_000);
    String runId = client.createRun("0").runId();
    String other = client.createRun("0").runId();
    AsyncRunLogger logger = client.asyncLogger();
    logger.logParam(runId, "lr", "0.1");
    logger.logParam(runId, "lr", "0.1"); // same value again: fine, not a duplicate in one batch
    logger.logParam(runId, "lr", "0.2");
    logger.logMetric(other, "m", 1, 1L, 0);
    logger.flush(other);
    assertThatThrownBy(() -> logger.flush(runId))
        .isInstanceOf(MlflowException.class)
        .hasMessageContaining("lr")
        .extracting(e -> ((MlflowException) e).errorCode())
        .isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
    assertThat(client.getRun(runId).data().param("lr")).contains("0.1");
    logger.flush();
  }

  @Test
  @DisplayName("close flushes what is queued, reports failures, and refuses later logging")
  void closeFlushes() {
    MlflowClient client = client(10_000);
    String runId = client.createRun("0").runId();
    AsyncRunLogger logger = client.asyncLogger();
    CountDownLatch gate = gateStore();
    for (int i = 0; i < 500; i++) {
      logger.logMetric(runId, "m", i, 1L, i);
    }
    logger.logBatch(runId, List.of(), List.of(Param.of("a", "b")), List.of(RunTag.of("c", "d")));
    gate.countDown();
    client.close();
    assertThat(store.getMetricHistory(runId, "m")).hasSize(500);
    assertThat(store.getRun(runId).data().param("a")).contains("b");
    assertThatThrownBy(() -> logger.logMetric(runId, "m", 1, 1L, 0))
        .isInstanceOf(MlflowException.class)
        .extracting(e -> ((MlflowException) e).errorCode())
        .isEqualTo(ErrorCode.INVALID_STATE);
    assertThatThrownBy(client::asyncLogger).isInstanceOf(MlflowException.class);
    client.close(); // idempotent
  }

  @Test
  @DisplayName("close throws a write failure not yet reported")
  void closeReportsFailure() {
    MlflowClient client = client(10_000);
    String runId = client.createRun("0").runId();
    store.beforeLogBatch =
        call -> {
          throw new IllegalStateException("disk on fire");
        };
    client.asyncLogger().logMetric(runId, "m", 1, 1L, 0);
    assertThatThrownBy(client::close)
        .isInstanceOf(MlflowException.class)
        .hasMessageContaining("disk on fire")
        .extracting(e -> ((MlflowException) e).errorCode())
        .isEqualTo(ErrorCode.INTERNAL_ERROR);
  }

  @Test
  @DisplayName("setTerminated waits until the run's queued items are stored")
  void terminateAfterData() throws InterruptedException {
    MlflowClient client = client(10_000);
    String runId = client.createRun("0").runId();
    AsyncRunLogger logger = client.asyncLogger();
    CountDownLatch gate = gateStore();
    logger.logMetric(runId, "m", 1, 1L, 0);
    AtomicBoolean terminated = new AtomicBoolean();
    Thread ender =
        new Thread(
            () -> {
              client.setTerminated(runId, RunStatus.FINISHED);
              terminated.set(true);
            });
    ender.start();
    Thread.sleep(100);
    assertThat(terminated).isFalse();
    gate.countDown();
    ender.join(10_000);
    assertThat(terminated).isTrue();
    assertThat(client.getRun(runId).data().metric("m")).isPresent();
    assertThat(client.getRun(runId).info().status()).isEqualTo(RunStatus.FINISHED);
  }

  @Test
  @DisplayName("the writer is one named daemon thread, and logging does not wait on the store")
  void writerThread() throws InterruptedException {
    MlflowClient client = client(100);
    String runId = client.createRun("0").runId();
    CountDownLatch gate = gateStore();
    AsyncRunLogger logger = client.asyncLogger();
    assertThat(client.asyncLogger()).isSameAs(logger);
    long start = System.nanoTime();
    for (int i = 0; i < 50; i++) {
      logger.logMetric(runId, "m", i, 1L, i);
    }
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2000);
    assertThat(Thread.getAllStackTraces().keySet())
        .filteredOn(t -> t.getName().startsWith("mlflow4j-async-writer-"))
        .anySatisfy(t -> assertThat(t.isDaemon()).isTrue());
    gate.countDown();
    logger.flush(runId);
    assertThat(client.getMetricHistory(runId, "m")).hasSize(50);
  }

  @Test
  @DisplayName("concurrent producers on several runs through a small queue: every item, in order")
  void concurrentProducers() throws InterruptedException {
    MlflowClient client = client(64);
    List<String> runIds = List.of(client.createRun("0").runId(), client.createRun("0").runId());
    AsyncRunLogger logger = client.asyncLogger();
    int perProducer = 3000;
    List<Thread> producers = new ArrayList<>();
    for (int p = 0; p < 4; p++) {
      String key = "producer" + p;
      String runId = runIds.get(p % 2);
      Thread t =
          new Thread(
              () -> {
                for (int i = 0; i < perProducer; i++) {
                  logger.logMetric(runId, key, i, 1L, i);
                }
              });
      producers.add(t);
      t.start();
    }
    for (Thread t : producers) {
      t.join(30_000);
    }
    logger.flush();
    for (int p = 0; p < 4; p++) {
      assertThat(client.getMetricHistory(runIds.get(p % 2), "producer" + p))
          .extracting(Metric::step)
          .containsExactlyElementsOf(
              java.util.stream.LongStream.range(0, perProducer).boxed().toList());
    }
    assertThat(store.batchCalls).allSatisfy(call -> assertThat(call.size()).isLessThanOrEqualTo(64));
    assertThat(logger.pendingItems()).isZero();
  }
}
