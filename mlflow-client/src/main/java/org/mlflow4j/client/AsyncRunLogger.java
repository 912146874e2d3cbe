package org.mlflow4j.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.Param;
import org.mlflow4j.entity.RunTag;
import org.mlflow4j.store.TrackingStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The asynchronous writer of an {@link MlflowClient}: logging calls put metrics, params and tags
 * in a bounded queue and return; one background thread coalesces what is queued into {@code
 * logBatch} calls within MLflow's limits (at most 1000 metrics, 100 params, 100 tags, 1000 items
 * per call), keeping the order of each run's items.
 *
 * <ul>
 *   <li><b>Back-pressure, never a drop.</b> The queue holds {@link
 *       MlflowClient.Builder#asyncQueueCapacity(int)} items; an item counts until it is stored. A
 *       logging call that finds the queue full blocks until there is room.
 *   <li><b>Errors surface once.</b> A failed write is kept and thrown, as an {@link
 *       MlflowException} with the store's error code, by the next {@link #flush()} (or {@link
 *       #flush(String)} of that run, or {@link MlflowClient#close()}); the writer goes on with the
 *       other items. A param that conflicts with its stored value is such an error. A batch is all
 *       or nothing, so one bad item fails the items written with it.
 *   <li><b>Durability on demand.</b> {@link #flush()} and {@link #flush(String)} wait until what
 *       was queued before them is stored. The client's {@code close()} and a JVM shutdown hook
 *       (one per client, removed on close) flush everything.
 * </ul>
 *
 * <p>After the client is closed, logging calls (including ones blocked on a full queue) throw an
 * {@code INVALID_STATE} {@link MlflowException}: an item is either queued or refused, never lost.
 * A logging call interrupted while it waits for room throws {@code ABORTED}.
 *
 * <p>Thread-safe. Obtained from {@link MlflowClient#asyncLogger()}.
 */
public final class AsyncRunLogger {
  private static final Logger LOG = LoggerFactory.getLogger(AsyncRunLogger.class);
  private static final AtomicInteger THREAD_NUMBERS = new AtomicInteger();

  /** Settings of the writer, from the client's builder. */
  record Options(int queueCapacity, boolean shutdownHook) {
    static final int DEFAULT_QUEUE_CAPACITY = 10_000;
  }

  /** A failed write, reported at the next flush. */
  private record Failure(String runId, int items, MlflowException cause) {}

  /** The queued items of one run (Metric, Param or RunTag), in logging order. */
  private static final class RunQueue {
    final String runId;
    final ArrayDeque<Object> items = new ArrayDeque<>();
    final List<Failure> failures = new ArrayList<>();
    long enqueued;
    long done;
    boolean ready;

    RunQueue(String runId) {
      this.runId = runId;
    }

    boolean idle() {
      return done == enqueued && failures.isEmpty();
    }
  }

  /** What the writer sends in one call. */
  private record Batch(
      RunQueue run, List<Metric> metrics, List<Param> params, List<RunTag> tags, int size) {}

  private final TrackingStore store;
  private final int capacity;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notFull = lock.newCondition();
  private final Condition workAvailable = lock.newCondition();
  private final Condition progress = lock.newCondition();
  private final Map<String, RunQueue> runs = new HashMap<>(); // guarded by lock
  private final ArrayDeque<RunQueue> readyRuns = new ArrayDeque<>(); // guarded by lock
  private int pending; // guarded by lock: items queued or being written
  private boolean closing; // guarded by lock
  private final Thread writer;
  private final Thread shutdownHook;

  AsyncRunLogger(TrackingStore store, Options options) {
    this.store = Objects.requireNonNull(store, "store");
    this.capacity = options.queueCapacity();
    this.writer = new Thread(this::writeLoop, "mlflow4j-async-writer-" + THREAD_NUMBERS.incrementAndGet());
    writer.setDaemon(true);
    writer.start();
    if (options.shutdownHook()) {
      shutdownHook = new Thread(this::closeAtExit, writer.getName() + "-shutdown");
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    } else {
      shutdownHook = null;
    }
  }

  // ---- logging ----

  /** Queues a metric point. Blocks while the queue is full. */
  public void logMetric(String runId, String key, double value, long timestamp, long step) {
    logMetric(runId, Metric.of(key, value, timestamp, step));
  }

  /** Queues a metric point. Blocks while the queue is full. */
  public void logMetric(String runId, Metric metric) {
    enqueue(runId, List.of(Objects.requireNonNull(metric, "metric")));
  }

  /** Queues a param. Blocks while the queue is full. */
  public void logParam(String runId, String key, String value) {
    enqueue(runId, List.of(Param.of(key, value)));
  }

  /** Queues a tag. Blocks while the queue is full. */
  public void setTag(String runId, String key, String value) {
    enqueue(runId, List.of(RunTag.of(key, value)));
  }

  /**
   * Queues metrics, params and tags (any number: they are written in as many calls as MLflow's
   * limits need). Blocks while the queue is full.
   */
  public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<RunTag> tags) {
    List<Object> items = new ArrayList<>(metrics.size() + params.size() + tags.size());
    items.addAll(params);
    items.addAll(tags);
    items.addAll(metrics);
    for (Object item : items) {
      Objects.requireNonNull(item, "a null metric, param or tag");
    }
    enqueue(runId, items);
  }

  /** The number of items queued or being written. */
  public int pendingItems() {
    lock.lock();
    try {
      return pending;
    } finally {
      lock.unlock();
    }
  }

  // ---- flushing ----

  /**
   * Waits until everything queued before this call is stored.
   *
   * @throws MlflowException the first write that failed since the last flush (others attached as
   *     suppressed), with the store's error code; {@code ABORTED} if interrupted
   */
  public void flush() {
    lock.lock();
    try {
      Map<RunQueue, Long> targets = new HashMap<>();
      runs.values().forEach(run -> targets.put(run, run.enqueued));
      for (Map.Entry<RunQueue, Long> target : targets.entrySet()) {
        awaitDone(target.getKey(), target.getValue());
      }
      List<Failure> failures = new ArrayList<>();
      for (RunQueue run : List.copyOf(runs.values())) {
        failures.addAll(run.failures);
        run.failures.clear();
        forgetIfIdle(run);
      }
      throwIfAny(failures);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until everything queued for the run before this call is stored.
   *
   * @throws MlflowException the first of the run's writes that failed since its last flush (others
   *     attached as suppressed), with the store's error code; {@code ABORTED} if interrupted
   */
  public void flush(String runId) {
    Objects.requireNonNull(runId, "runId");
    lock.lock();
    try {
      RunQueue run = runs.get(runId);
      if (run == null) {
        return;
      }
      awaitDone(run, run.enqueued);
      List<Failure> failures = new ArrayList<>(run.failures);
      run.failures.clear();
      forgetIfIdle(run);
      throwIfAny(failures);
    } finally {
      lock.unlock();
    }
  }

  /** Waits until what is queued for the run is written, without reporting failures. */
  void awaitRun(String runId) {
    lock.lock();
    try {
      RunQueue run = runs.get(runId);
      if (run != null) {
        awaitDone(run, run.enqueued);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops accepting items, writes everything queued, stops the thread and removes the shutdown
   * hook; then reports failures as {@link #flush()}. Idempotent.
   */
  void close() {
    lock.lock();
    try {
      closing = true;
      workAvailable.signalAll();
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
    joinWriter();
    if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down: the hook runs (or ran) anyway
      }
    }
    flush();
  }

  private void closeAtExit() {
    try {
      close();
    } catch (MlflowException e) {
      LOG.warn("Asynchronous MLflow logging failed before the JVM exited: {}", e.getMessage(), e);
    }
  }

  private void joinWriter() {
    if (Thread.currentThread() == writer) {
      return;
    }
    boolean interrupted = false;
    while (writer.isAlive()) {
      try {
        writer.join();
      } catch (InterruptedException e) {
        // finish draining first: a close that returned early would lose data silently
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- queue ----

  private void enqueue(String runId, List<Object> items) {
    Objects.requireNonNull(runId, "runId");
    lock.lock();
    try {
      for (Object item : items) {
        while (pending >= capacity && !closing) {
          try {
            notFull.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlflowException(
                ErrorCode.ABORTED,
                "Interrupted while waiting for room in the asynchronous logging queue; "
                    + item
                    + " of run "
                    + runId
                    + " was not queued");
          }
        }
        if (closing) {
          throw MlflowException.invalidState(
              "The MlflowClient is closed; " + item + " of run " + runId + " was not queued");
        }
        RunQueue run = runs.computeIfAbsent(runId, RunQueue::new);
        run.items.addLast(item);
        run.enqueued++;
        pending++;
        if (!run.ready) {
          run.ready = true;
          readyRuns.addLast(run);
          workAvailable.signal();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private void awaitDone(RunQueue run, long target) {
    if (run.done < target && Thread.currentThread() == writer) {
      // a store that flushes from inside logBatch would wait for itself forever
      throw MlflowException.invalidState(
          "Cannot flush asynchronous logging from the writer thread (inside TrackingStore.logBatch)");
    }
    while (run.done < target) {
      try {
        progress.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MlflowException(
            ErrorCode.ABORTED, "Interrupted while flushing asynchronous logging of run " + run.runId);
      }
    }
  }

  private void forgetIfIdle(RunQueue run) {
    if (run.idle() && runs.get(run.runId) == run) {
      runs.remove(run.runId);
    }
  }

  private static void throwIfAny(List<Failure> failures) {
    if (failures.isEmpty()) {
      return;
    }
    Failure first = failures.get(0);
    MlflowException thrown = describe(first);
    for (Failure other : failures.subList(1, failures.size())) {
      thrown.addSuppressed(describe(other));
    }
    throw thrown;
  }

  private static MlflowException describe(Failure failure) {
    return new MlflowException(
        failure.cause().errorCode(),
        "Asynchronous logging of "
            + failure.items()
            + " item(s) to run "
            + failure.runId()
            + " failed: "
            + failure.cause().getMessage(),
        failure.cause());
  }

  // ---- the writer thread ----

  private void writeLoop() {
    while (true) {
      Batch batch;
      lock.lock();
      try {
        while (readyRuns.isEmpty()) {
          if (closing) {
            return;
          }
          // the writer is ours and nobody interrupts it; close() wakes it through the condition
          workAvailable.awaitUninterruptibly();
        }
        batch = takeBatch();
      } finally {
        lock.unlock();
      }
      MlflowException failure = null;
      try {
        store.logBatch(batch.run().runId, batch.metrics(), batch.params(), batch.tags());
      } catch (MlflowException e) {
        failure = e;
      } catch (RuntimeException | Error e) {
        failure = new MlflowException(ErrorCode.INTERNAL_ERROR, e.toString(), e);
      }
      if (failure != null) {
        LOG.debug(
            "Asynchronous logBatch of {} item(s) to run {} failed; reported at the next flush",
            batch.size(),
            batch.run().runId,
            failure);
      }
      lock.lock();
      try {
        RunQueue run = batch.run();
        if (failure != null) {
          run.failures.add(new Failure(run.runId, batch.size(), failure));
        }
        run.done += batch.size();
        pending -= batch.size();
        progress.signalAll();
        notFull.signalAll();
        if (!run.ready) {
          forgetIfIdle(run);
        }
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Takes the next batch: the longest prefix of the first ready run's items that fits MLflow's
   * limits without repeating a param or tag key (a store refuses duplicate keys in one batch).
   * Runs take turns, so one busy run does not starve the others.
   */
  private Batch takeBatch() {
    RunQueue run = readyRuns.pollFirst();
    List<Metric> metrics = new ArrayList<>();
    List<Param> params = new ArrayList<>();
    List<RunTag> tags = new ArrayList<>();
    Set<String> paramKeys = new HashSet<>();
    Set<String> tagKeys = new HashSet<>();
    int size = 0;
    while (!run.items.isEmpty() && size < BatchSplitter.MAX_ITEMS) {
      Object item = run.items.peekFirst();
      if (item instanceof Metric metric) {
        if (metrics.size() >= BatchSplitter.MAX_METRICS) {
          break;
        }
        metrics.add(metric);
      } else if (item instanceof Param param) {
        if (params.size() >= BatchSplitter.MAX_PARAMS || !paramKeys.add(param.key())) {
          break;
        }
        params.add(param);
      } else {
        RunTag tag = (RunTag) item;
        if (tags.size() >= BatchSplitter.MAX_TAGS || !tagKeys.add(tag.key())) {
          break;
        }
        tags.add(tag);
      }
      run.items.pollFirst();
      size++;
    }
    if (run.items.isEmpty()) {
      run.ready = false;
    } else {
      readyRuns.addLast(run);
    }
    return new Batch(run, metrics, params, tags, size);
  }
}
