package org.mlflow4j.fluent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mlflow4j.MlflowException;
import org.mlflow4j.client.AsyncRunLogger;
import org.mlflow4j.client.MlflowClient;
import org.mlflow4j.entity.DatasetInput;
import org.mlflow4j.entity.FileInfo;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.Param;
import org.mlflow4j.entity.Run;
import org.mlflow4j.entity.RunInfo;
import org.mlflow4j.entity.RunStatus;
import org.mlflow4j.entity.RunTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run started (or resumed) by {@link Mlflow#startRun}, active in the thread that started it
 * until it ends. Use it in try-with-resources: {@link #close()} ends it FINISHED and makes its
 * parent the active run again.
 *
 * <p>Logging through it (and through {@link Mlflow}'s static methods) goes to the client's
 * asynchronous writer and does not wait on storage; ending the run first waits until what was
 * logged is stored. If a write failed, the run is ended FAILED and the failure thrown.
 *
 * <p>Artifacts are the exception: {@link #logArtifact}, {@link #logText} and the other artifact
 * methods are written at once through {@link MlflowClient} (see there for the rules) and throw at
 * once if they fail.
 *
 * <p>Thread-safe: it may be logged to, and closed, from any thread.
 */
public final class ActiveRun implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ActiveRun.class);

  private final MlflowClient client;
  private final AsyncRunLogger logger;
  private final Run startedAs;
  private final RunStack stack;
  private boolean ended; // guarded by stack

  ActiveRun(MlflowClient client, AsyncRunLogger logger, Run startedAs, RunStack stack) {
    this.client = client;
    this.logger = logger;
    this.startedAs = startedAs;
    this.stack = stack;
  }

  /** The run's id. */
  public String runId() {
    return startedAs.runId();
  }

  /** The run's metadata as it was when the run started or resumed. */
  public RunInfo info() {
    return startedAs.info();
  }

  /** The run as stored now (what was logged asynchronously may not be there yet). */
  public Run run() {
    return client.getRun(runId());
  }

  /** Whether the run has not been ended through this object or {@link Mlflow#endRun()}. */
  public boolean isActive() {
    synchronized (stack) {
      return !ended;
    }
  }

  /** Logs a metric point at step 0, timestamped now. */
  public void logMetric(String key, double value) {
    logMetric(key, value, 0);
  }

  /** Logs a metric point at the given step, timestamped now. */
  public void logMetric(String key, double value, long step) {
    logger.logMetric(runId(), key, value, System.currentTimeMillis(), step);
  }

  /** Logs metrics at step 0 with one shared timestamp. */
  public void logMetrics(Map<String, Double> metrics) {
    logMetrics(metrics, 0);
  }

  /** Logs metrics at the given step with one shared timestamp. */
  public void logMetrics(Map<String, Double> metrics, long step) {
    long now = System.currentTimeMillis();
    List<Metric> points = new ArrayList<>(metrics.size());
    metrics.forEach(
        (k, v) -> points.add(Metric.of(k, Objects.requireNonNull(v, "metric value"), now, step)));
    logger.logBatch(runId(), points, List.of(), List.of());
  }

  /** Logs a param (write-once; a conflicting value surfaces when the run ends or is flushed). */
  public void logParam(String key, String value) {
    logger.logParam(runId(), key, value);
  }

  /** Logs params. */
  public void logParams(Map<String, String> params) {
    List<Param> list = new ArrayList<>(params.size());
    params.forEach((k, v) -> list.add(Param.of(k, v)));
    logger.logBatch(runId(), List.of(), list, List.of());
  }

  /** Sets a tag. */
  public void setTag(String key, String value) {
    logger.setTag(runId(), key, value);
  }

  /** Sets tags. */
  public void setTags(Map<String, String> tags) {
    List<RunTag> list = new ArrayList<>(tags.size());
    tags.forEach((k, v) -> list.add(RunTag.of(k, v)));
    logger.logBatch(runId(), List.of(), List.of(), list);
  }

  /**
   * Records the datasets this run used. Unlike metrics, params and tags this is written at once
   * (a run logs its datasets once, not in a loop), so it throws at once if it fails.
   */
  public void logInputs(List<DatasetInput> inputs) {
    client.logInputs(runId(), inputs);
  }

  /**
   * Stores a local file (or a directory, under its own name) at the root of the run's artifacts;
   * see {@link MlflowClient#logArtifact(String, Path, String)}.
   */
  public void logArtifact(Path localPath) {
    client.logArtifact(runId(), localPath);
  }

  /**
   * Stores a local file as {@code <artifactPath>/<file name>} among the run's artifacts; see
   * {@link MlflowClient#logArtifact(String, Path, String)}.
   */
  public void logArtifact(Path localPath, String artifactPath) {
    client.logArtifact(runId(), localPath, artifactPath);
  }

  /** Stores the contents of a local directory at the root of the run's artifacts. */
  public void logArtifacts(Path localDir) {
    client.logArtifacts(runId(), localDir);
  }

  /**
   * Stores the contents of a local directory under {@code artifactPath}; see {@link
   * MlflowClient#logArtifacts(String, Path, String)}.
   */
  public void logArtifacts(Path localDir, String artifactPath) {
    client.logArtifacts(runId(), localDir, artifactPath);
  }

  /** Stores text as UTF-8 in the artifact file; see {@link MlflowClient#logText}. */
  public void logText(String text, String artifactFile) {
    client.logText(runId(), text, artifactFile);
  }

  /**
   * Stores a map as a JSON or YAML artifact file, as Python writes it; see {@link
   * MlflowClient#logDict}.
   */
  public void logDict(Map<String, ?> dictionary, String artifactFile) {
    client.logDict(runId(), dictionary, artifactFile);
  }

  /** The files and directories at the root of the run's artifacts. */
  public List<FileInfo> listArtifacts() {
    return client.listArtifacts(runId());
  }

  /** The direct children of an artifact directory; see {@link MlflowClient#listArtifacts}. */
  public List<FileInfo> listArtifacts(String path) {
    return client.listArtifacts(runId(), path);
  }

  /**
   * Downloads an artifact file or directory into {@code destination/<path>}; see {@link
   * MlflowClient#downloadArtifacts}.
   */
  public Path downloadArtifacts(String path, Path destination) {
    return client.downloadArtifacts(runId(), path, destination);
  }

  /**
   * Waits until what was logged to this run is stored.
   *
   * @throws MlflowException a write of this run that failed since the last flush
   */
  public void flush() {
    logger.flush(runId());
  }

  /**
   * Ends the run FINISHED if it is still active; the run it was nested in becomes active again.
   * Idempotent. Closing a run while a run nested in it is still active (an out-of-order close) is
   * ignored, with a debug log: the inner run must end first.
   *
   * @throws MlflowException if what was logged could not be stored (the run is then ended FAILED)
   */
  @Override
  public void close() {
    synchronized (stack) {
      if (ended) {
        return;
      }
      if (!stack.isTop(this)) {
        LOG.debug(
            "Ignoring close() of run {}: runs nested in it are still active: {}",
            runId(),
            stack.above(this).stream().map(ActiveRun::runId).toList());
        return;
      }
    }
    end(RunStatus.FINISHED);
  }

  /**
   * Ends the run with the given status (no-op if it has ended): pops it from its thread's stack,
   * waits for its queued data, then sets it terminated. If a queued write failed, the run is ended
   * FAILED and that failure is thrown.
   */
  void end(RunStatus status) {
    synchronized (stack) {
      if (ended) {
        return;
      }
      ended = true;
      stack.remove(this);
    }
    Mlflow.forget(this, stack);
    MlflowException flushFailure = null;
    try {
      logger.flush(runId());
    } catch (MlflowException e) {
      flushFailure = e;
    }
    RunStatus finalStatus = flushFailure == null ? status : RunStatus.FAILED;
    try {
      client.setTerminated(runId(), finalStatus);
    } catch (RuntimeException e) {
      if (flushFailure == null) {
        throw e;
      }
      flushFailure.addSuppressed(e);
    }
    if (flushFailure != null) {
      throw flushFailure;
    }
  }

  /** Ends the runs still nested in this one (innermost first), then this one, all with status. */
  void endWithNested(RunStatus status) {
    MlflowException failure = null;
    for (ActiveRun inner : stack.above(this)) {
      LOG.debug("Ending run {} left active inside run {}", inner.runId(), runId());
      try {
        inner.end(status);
      } catch (MlflowException e) {
        failure = e;
      }
    }
    try {
      end(status);
    } catch (MlflowException e) {
      if (failure != null) {
        e.addSuppressed(failure);
      }
      throw e;
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public String toString() {
    return "ActiveRun{" + runId() + "}";
  }
}
