package org.mlflow4j.fluent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.client.MlflowClient;
import org.mlflow4j.entity.DatasetInput;
import org.mlflow4j.entity.Experiment;
import org.mlflow4j.entity.FileInfo;
import org.mlflow4j.entity.MlflowTags;
import org.mlflow4j.entity.Run;
import org.mlflow4j.entity.RunStatus;
import org.mlflow4j.entity.RunTag;
import org.mlflow4j.store.RunCreate;
import org.mlflow4j.store.RunUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fluent MLflow API, as Python's {@code mlflow.*} functions: set an experiment, start a run,
 * log to it, end it.
 *
 * <pre>{@code
 * Mlflow.setExperiment("churn-model");
 * try (ActiveRun run = Mlflow.startRun("xgb-baseline")) {
 *   Mlflow.logParams(Map.of("lr", "0.1", "depth", "6"));
 *   for (int epoch = 0; epoch < 100; epoch++) {
 *     Mlflow.logMetric("loss", loss, epoch);   // never waits on storage
 *   }
 * }                                            // waits for the data, then ends the run FINISHED
 * }</pre>
 *
 * <ul>
 *   <li><b>Client.</b> One {@link MlflowClient} for the process, built on first use with {@link
 *       MlflowClient#create()} (or for the URI of {@link #setTrackingUri}); {@link
 *       #useClient(MlflowClient)} installs one of your own. Every {@code MLFLOW_*} variable is
 *       read from the client's {@linkplain MlflowClient#environment() environment map}.
 *   <li><b>Active runs are per thread.</b> Each thread has a stack of active runs; the logging
 *       methods use the innermost one, and start a run if there is none (as MLflow does). A run
 *       started in one thread is not active in another.
 *   <li><b>The active experiment is process-wide</b>: {@link #setExperiment}, else {@code
 *       MLFLOW_EXPERIMENT_NAME} (created if missing), else {@code MLFLOW_EXPERIMENT_ID}, else
 *       {@code "0"}. Installing another client clears it.
 *   <li><b>Logging never waits on storage</b> until the client's queue is full: it goes through
 *       the client's {@linkplain MlflowClient#asyncLogger() asynchronous writer}. Ending a run
 *       waits until its data is stored; if a write failed, the run is ended FAILED and the failure
 *       is thrown.
 *   <li><b>Artifacts are written at once</b> ({@link #logArtifact}, {@link #logArtifacts},
 *       {@link #logText}, {@link #logDict}), through the client's synchronous artifact methods;
 *       list and download them through {@link ActiveRun}.
 *   <li><b>New runs get MLflow's system tags</b>: {@code mlflow.user} ({@code
 *       MLFLOW_TRACKING_USERNAME}, else the JVM's {@code user.name}), {@code mlflow.source.name}
 *       (the main class or jar), {@code mlflow.source.type=LOCAL}, {@code mlflow.source.git.commit}
 *       (inside a git work tree), {@code mlflow.runName}, {@code mlflow.parentRunId}, {@code
 *       mlflow.note.content}; tags you give override the inferred ones.
 *   <li><b>At JVM exit</b> the runs still active are ended FINISHED (as MLflow's {@code atexit}
 *       hook does) and the client's writer is flushed.
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class Mlflow {
  private static final Logger LOG = LoggerFactory.getLogger(Mlflow.class);

  static final String EXPERIMENT_NAME_VARIABLE = "MLFLOW_EXPERIMENT_NAME";
  static final String EXPERIMENT_ID_VARIABLE = "MLFLOW_EXPERIMENT_ID";
  static final String RUN_ID_VARIABLE = "MLFLOW_RUN_ID";
  static final String DEFAULT_EXPERIMENT_ID = "0";

  private static final Object LOCK = new Object();
  private static MlflowClient client; // guarded by LOCK
  private static boolean ownsClient; // guarded by LOCK
  private static String trackingUri; // guarded by LOCK; set by setTrackingUri
  private static String activeExperimentId; // guarded by LOCK
  private static boolean runIdVariableConsumed; // guarded by LOCK
  private static Thread exitHook; // guarded by LOCK

  // no initial value: a thread's stack is dropped when its last run ends, so pooled threads
  // keep nothing of ours once their runs are over
  private static final ThreadLocal<RunStack> STACKS = new ThreadLocal<>();
  private static final Set<ActiveRun> ACTIVE = ConcurrentHashMap.newKeySet();

  private Mlflow() {}

  // ---- client and tracking URI ----

  /**
   * Points the fluent API at another tracking URI: a new client is built for it on next use; the
   * previous client, if built by this class, is closed (which flushes its writer). Clears the
   * active experiment.
   *
   * @throws MlflowException if closing the previous client reported a failed write
   */
  public static void setTrackingUri(String uri) {
    Objects.requireNonNull(uri, "uri");
    replaceClient(null, false, uri);
  }

  /** The tracking URI in use (or that the client built on first use will use). */
  public static String getTrackingUri() {
    synchronized (LOCK) {
      if (trackingUri != null) {
        return trackingUri;
      }
      if (client != null) {
        return client.trackingUri();
      }
    }
    return MlflowClient.resolveTrackingUri(System.getenv());
  }

  /** The client of the fluent API, built on first use. */
  public static MlflowClient client() {
    synchronized (LOCK) {
      if (client == null) {
        MlflowClient.Builder builder = MlflowClient.builder();
        if (trackingUri != null) {
          builder.trackingUri(trackingUri);
        }
        client = builder.build();
        ownsClient = true;
      }
      return client;
    }
  }

  /**
   * Installs a client of your own (e.g. with an explicit store or environment map): the fluent API
   * uses it from now on, and never closes it. The previous client, if built by this class, is
   * closed. Clears the active experiment and the memory that {@code MLFLOW_RUN_ID} was used.
   *
   * @throws MlflowException if closing the previous client reported a failed write
   */
  public static void useClient(MlflowClient newClient) {
    replaceClient(Objects.requireNonNull(newClient, "client"), false, null);
  }

  private static void replaceClient(MlflowClient newClient, boolean owned, String uri) {
    MlflowClient previous;
    boolean closePrevious;
    synchronized (LOCK) {
      previous = client;
      closePrevious = ownsClient && previous != newClient;
      client = newClient;
      ownsClient = owned;
      trackingUri = uri;
      activeExperimentId = null;
      runIdVariableConsumed = false;
    }
    if (previous != null && closePrevious) {
      previous.close();
    }
  }

  // ---- experiments ----

  /**
   * Makes the experiment of this name the active one (for the whole process), creating it if
   * missing.
   *
   * @throws MlflowException {@code INVALID_PARAMETER_VALUE} if the experiment is deleted
   */
  public static Experiment setExperiment(String name) {
    Objects.requireNonNull(name, "name");
    MlflowClient c = client();
    Experiment experiment = getOrCreateExperiment(c, name);
    if (!experiment.isActive()) {
      throw MlflowException.invalidParameter(
          "Cannot set a deleted experiment '"
              + experiment.name()
              + "' as the active experiment. You can restore the experiment, or permanently"
              + " delete the experiment to create a new one.");
    }
    activate(c, experiment);
    return experiment;
  }

  /**
   * Makes the experiment of this id the active one (for the whole process).
   *
   * @throws MlflowException {@code RESOURCE_DOES_NOT_EXIST} if there is none, {@code
   *     INVALID_PARAMETER_VALUE} if it is deleted
   */
  public static Experiment setExperimentById(String experimentId) {
    Objects.requireNonNull(experimentId, "experimentId");
    MlflowClient c = client();
    Experiment experiment = c.getExperiment(experimentId);
    if (!experiment.isActive()) {
      throw MlflowException.invalidParameter(
          "Cannot set a deleted experiment '"
              + experiment.name()
              + "' (id "
              + experimentId
              + ") as the active experiment. You can restore the experiment, or permanently"
              + " delete the experiment to create a new one.");
    }
    activate(c, experiment);
    return experiment;
  }

  /** The id of the experiment set by {@link #setExperiment} or {@link #setExperimentById}. */
  public static Optional<String> activeExperimentId() {
    synchronized (LOCK) {
      return Optional.ofNullable(activeExperimentId);
    }
  }

  private static void activate(MlflowClient c, Experiment experiment) {
    synchronized (LOCK) {
      if (client == c) {
        activeExperimentId = experiment.experimentId();
      }
    }
  }

  private static Experiment getOrCreateExperiment(MlflowClient c, String name) {
    Optional<Experiment> existing = c.getExperimentByName(name);
    if (existing.isPresent()) {
      return existing.get();
    }
    LOG.info("Experiment with name '{}' does not exist. Creating a new experiment.", name);
    try {
      return c.getExperiment(c.createExperiment(name));
    } catch (MlflowException e) {
      if (e.errorCode() != ErrorCode.RESOURCE_ALREADY_EXISTS) {
        throw e;
      }
      // created concurrently by another thread or process: use theirs
      return c.getExperimentByName(name).orElseThrow(() -> e);
    }
  }

  /** The experiment of a new run: active, else from the environment, else {@code "0"}. */
  private static String experimentIdForNewRun(MlflowClient c) {
    synchronized (LOCK) {
      if (activeExperimentId != null && client == c) {
        return activeExperimentId;
      }
    }
    Map<String, String> env = c.environment();
    String name = blankToNull(env.get(EXPERIMENT_NAME_VARIABLE));
    String id = blankToNull(env.get(EXPERIMENT_ID_VARIABLE));
    if (name != null) {
      Optional<Experiment> existing = c.getExperimentByName(name);
      if (existing.isEmpty()) {
        return c.createExperiment(name);
      }
      if (id != null && !id.equals(existing.get().experimentId())) {
        throw MlflowException.invalidParameter(
            "The provided "
                + EXPERIMENT_ID_VARIABLE
                + " environment variable value `"
                + id
                + "` does not match the experiment id `"
                + existing.get().experimentId()
                + "` for experiment name `"
                + name
                + "`");
      }
      return existing.get().experimentId();
    }
    if (id != null) {
      try {
        return c.getExperiment(id).experimentId();
      } catch (MlflowException e) {
        throw new MlflowException(
            ErrorCode.INVALID_PARAMETER_VALUE,
            "The provided "
                + EXPERIMENT_ID_VARIABLE
                + " environment variable value `"
                + id
                + "` does not exist in the tracking server. Provide a valid experiment_id.",
            e);
      }
    }
    return DEFAULT_EXPERIMENT_ID;
  }

  // ---- runs ----

  /** Starts a new top-level run with a generated name (or resumes {@code MLFLOW_RUN_ID}). */
  public static ActiveRun startRun() {
    return startRun(RunOptions.defaults());
  }

  /** Starts a new top-level run with the given name (or resumes {@code MLFLOW_RUN_ID}). */
  public static ActiveRun startRun(String runName) {
    return startRun(RunOptions.builder().runName(runName).build());
  }

  /**
   * Starts or resumes a run and makes it the active run of this thread, as MLflow's {@code
   * start_run}:
   *
   * <ul>
   *   <li>If a run is active in this thread and the options are not {@code nested}: an error.
   *   <li>Resume: the options' run id, else {@code MLFLOW_RUN_ID} (used once). The run must not
   *       be deleted, and must belong to the active experiment if one is set; its status becomes
   *       RUNNING (end time kept), it is renamed if a name is given, and the tags and description
   *       are set.
   *   <li>New run: parent = the options' parent run id (which must be the active run, if any),
   *       else the active run when nested; experiment = the options', else the active experiment,
   *       else {@code MLFLOW_EXPERIMENT_NAME}/{@code MLFLOW_EXPERIMENT_ID}, else {@code "0"}; tags =
   *       system tags, overridden by the given tags, plus description, parent and name.
   * </ul>
   */
  public static ActiveRun startRun(RunOptions options) {
    Objects.requireNonNull(options, "options");
    RunStack stack = STACKS.get();
    if (stack == null) {
      stack = new RunStack();
      STACKS.set(stack);
    }
    Optional<ActiveRun> top = stack.top();
    if (top.isPresent() && !options.nested()) {
      throw MlflowException.invalidParameter(
          "Run with UUID "
              + stack.bottom().orElseThrow().runId()
              + " is already active. To start a new run, first end the current run with"
              + " Mlflow.endRun(). To start a nested run, call startRun with nested(true).");
    }
    MlflowClient c = client();
    Optional<String> resumeId = options.runId();
    if (resumeId.isEmpty()) {
      synchronized (LOCK) {
        String fromEnv = blankToNull(c.environment().get(RUN_ID_VARIABLE));
        if (fromEnv != null && !runIdVariableConsumed && client == c) {
          runIdVariableConsumed = true;
          resumeId = Optional.of(fromEnv);
        }
      }
    }
    Run run = resumeId.isPresent() ? resume(c, resumeId.get(), options) : create(c, options, top);
    ActiveRun active = new ActiveRun(c, c.asyncLogger(), run, stack);
    stack.push(active);
    ACTIVE.add(active);
    ensureExitHook();
    return active;
  }

  private static Run resume(MlflowClient c, String runId, RunOptions options) {
    Run existing = c.getRun(runId);
    String active = activeExperimentId().orElse(null);
    if (active != null && !active.equals(existing.info().experimentId())) {
      throw MlflowException.invalidParameter(
          "Cannot start run with ID "
              + runId
              + " because active experiment ID "
              + active
              + " does not match the run's experiment ID "
              + existing.info().experimentId()
              + ".");
    }
    if (!existing.info().isActive()) {
      throw MlflowException.invalidParameter(
          "Cannot start run with ID " + runId + " because it is in the deleted state.");
    }
    c.updateRun(
        runId,
        new RunUpdate(Optional.of(RunStatus.RUNNING), existing.info().endTime(), options.runName()));
    Map<String, String> tags = new LinkedHashMap<>(options.tags());
    addDescription(tags, options);
    if (!tags.isEmpty()) {
      c.logBatch(runId, List.of(), List.of(), toRunTags(tags));
    }
    return c.getRun(runId);
  }

  private static Run create(MlflowClient c, RunOptions options, Optional<ActiveRun> top) {
    Optional<String> parent;
    if (options.parentRunId().isPresent()) {
      String parentId = options.parentRunId().get();
      if (top.isPresent() && !top.get().runId().equals(parentId)) {
        throw MlflowException.invalidParameter(
            "Current run with UUID "
                + top.get().runId()
                + " does not match the specified parent run id "
                + parentId
                + ". To start a new nested run under the parent run with UUID "
                + top.get().runId()
                + ", first end the current run with Mlflow.endRun().");
      }
      if (!c.getRun(parentId).info().isActive()) {
        throw MlflowException.invalidParameter(
            "Cannot start run under parent run with ID "
                + parentId
                + " because it is in the deleted state.");
      }
      parent = Optional.of(parentId);
    } else {
      parent = top.map(ActiveRun::runId);
    }
    String experimentId = options.experimentId().orElseGet(() -> experimentIdForNewRun(c));
    Map<String, String> tags = RunContext.tags(c.environment(), c.systemProperties());
    tags.putAll(options.tags());
    addDescription(tags, options);
    parent.ifPresent(id -> tags.put(MlflowTags.PARENT_RUN_ID, id));
    options.runName().ifPresent(name -> tags.put(MlflowTags.RUN_NAME, name));
    RunCreate.Builder create =
        RunCreate.builder(experimentId)
            .userId(tags.getOrDefault(MlflowTags.USER, ""))
            .startTime(System.currentTimeMillis())
            .tags(toRunTags(tags));
    options.runName().ifPresent(create::runName);
    return c.createRun(create.build());
  }

  private static void addDescription(Map<String, String> tags, RunOptions options) {
    if (options.description().isPresent()) {
      if (options.tags().containsKey(MlflowTags.NOTE_CONTENT)) {
        throw MlflowException.invalidParameter(
            "Description is already set via the tag "
                + MlflowTags.NOTE_CONTENT
                + " in tags. Remove the key "
                + MlflowTags.NOTE_CONTENT
                + " from the tags or omit the description.");
      }
      tags.put(MlflowTags.NOTE_CONTENT, options.description().get());
    }
  }

  private static List<RunTag> toRunTags(Map<String, String> tags) {
    List<RunTag> list = new ArrayList<>(tags.size());
    tags.forEach((k, v) -> list.add(RunTag.of(k, v)));
    return list;
  }

  /** The innermost active run of this thread, if any. */
  public static Optional<ActiveRun> activeRun() {
    RunStack stack = STACKS.get();
    return stack == null ? Optional.empty() : stack.top();
  }

  /**
   * Ends the innermost active run of this thread FINISHED; no-op if there is none.
   *
   * @throws MlflowException if its logged data could not be stored (the run is ended FAILED)
   */
  public static void endRun() {
    endRun(RunStatus.FINISHED);
  }

  /**
   * Ends the innermost active run of this thread with the given status; its parent becomes active
   * again. No-op if there is none.
   *
   * @throws MlflowException if its logged data could not be stored (the run is ended FAILED)
   */
  public static void endRun(RunStatus status) {
    Objects.requireNonNull(status, "status");
    Optional<ActiveRun> top = activeRun();
    if (top.isPresent()) {
      top.get().end(status);
    }
  }

  /**
   * Runs the body inside a new run of the given name, then ends the run FINISHED; if the body
   * throws, ends it FAILED and rethrows the body's exception unchanged (a failure to end the run
   * is attached to it as suppressed). Runs the body left active inside are ended first, with the
   * same status.
   */
  public static <E extends Exception> void withRun(String runName, RunBody<E> body) throws E {
    withRun(RunOptions.builder().runName(runName).build(), body);
  }

  /** As {@link #withRun(String, RunBody)}, with the given options. */
  public static <E extends Exception> void withRun(RunOptions options, RunBody<E> body) throws E {
    Objects.requireNonNull(body, "body");
    ActiveRun run = startRun(options);
    try {
      body.accept(run);
    } catch (Throwable t) {
      try {
        run.endWithNested(RunStatus.FAILED);
      } catch (RuntimeException endFailure) {
        t.addSuppressed(endFailure);
      }
      throw t;
    }
    run.endWithNested(RunStatus.FINISHED);
  }

  // ---- logging to the active run ----

  /** Logs a metric at step 0 to the active run (started if none). */
  public static void logMetric(String key, double value) {
    activeOrStart().logMetric(key, value);
  }

  /** Logs a metric at the given step to the active run (started if none). */
  public static void logMetric(String key, double value, long step) {
    activeOrStart().logMetric(key, value, step);
  }

  /** Logs metrics at step 0 with one timestamp to the active run (started if none). */
  public static void logMetrics(Map<String, Double> metrics) {
    activeOrStart().logMetrics(metrics);
  }

  /** Logs metrics at the given step with one timestamp to the active run (started if none). */
  public static void logMetrics(Map<String, Double> metrics, long step) {
    activeOrStart().logMetrics(metrics, step);
  }

  /** Logs a param to the active run (started if none). */
  public static void logParam(String key, String value) {
    activeOrStart().logParam(key, value);
  }

  /** Logs params to the active run (started if none). */
  public static void logParams(Map<String, String> params) {
    activeOrStart().logParams(params);
  }

  /** Sets a tag of the active run (started if none). */
  public static void setTag(String key, String value) {
    activeOrStart().setTag(key, value);
  }

  /** Sets tags of the active run (started if none). */
  public static void setTags(Map<String, String> tags) {
    activeOrStart().setTags(tags);
  }

  /** Records a dataset the active run (started if none) used; written at once, not queued. */
  public static void logInput(DatasetInput input) {
    logInputs(List.of(input));
  }

  /** Records datasets the active run (started if none) used; written at once, not queued. */
  public static void logInputs(List<DatasetInput> inputs) {
    activeOrStart().logInputs(inputs);
  }

  /**
   * Stores a local file (a directory under its own name) at the root of the active run's
   * artifacts (a run is started if none), as MLflow's {@code mlflow.log_artifact}; written at
   * once.
   */
  public static void logArtifact(Path localPath) {
    activeOrStart().logArtifact(localPath);
  }

  /**
   * Stores a local file as {@code <artifactPath>/<file name>} among the active run's artifacts (a
   * run is started if none); written at once.
   */
  public static void logArtifact(Path localPath, String artifactPath) {
    activeOrStart().logArtifact(localPath, artifactPath);
  }

  /** Stores the contents of a local directory at the root of the active run's artifacts. */
  public static void logArtifacts(Path localDir) {
    activeOrStart().logArtifacts(localDir);
  }

  /**
   * Stores the contents of a local directory under {@code artifactPath} among the active run's
   * artifacts (a run is started if none), as MLflow's {@code mlflow.log_artifacts}.
   */
  public static void logArtifacts(Path localDir, String artifactPath) {
    activeOrStart().logArtifacts(localDir, artifactPath);
  }

  /**
   * Stores text as UTF-8 in an artifact file of the active run (a run is started if none), as
   * MLflow's {@code mlflow.log_text}.
   */
  public static void logText(String text, String artifactFile) {
    activeOrStart().logText(text, artifactFile);
  }

  /**
   * Stores a map as a JSON file, or YAML for {@code .yml}/{@code .yaml}, among the active run's
   * artifacts (a run is started if none), byte for byte as MLflow's {@code mlflow.log_dict}; see
   * {@link MlflowClient#logDict}.
   */
  public static void logDict(Map<String, ?> dictionary, String artifactFile) {
    activeOrStart().logDict(dictionary, artifactFile);
  }

  /**
   * The direct children of an artifact directory of any run ({@code ""} for its root), as MLflow's
   * {@code mlflow.artifacts.list_artifacts(run_id=..., artifact_path=...)}; see {@link
   * MlflowClient#listArtifacts(String, String)}.
   */
  public static List<FileInfo> listArtifacts(String runId, String path) {
    return client().listArtifacts(runId, path);
  }

  /**
   * Downloads an artifact file or directory of any run into {@code destination/<artifactPath>},
   * as MLflow's {@code mlflow.artifacts.download_artifacts(run_id=..., artifact_path=...,
   * dst_path=...)}; see {@link MlflowClient#downloadArtifacts}.
   *
   * @return the local path of the downloaded file or directory
   */
  public static Path downloadArtifacts(String runId, String artifactPath, Path destination) {
    return client().downloadArtifacts(runId, artifactPath, destination);
  }

  /**
   * Waits until everything logged so far, by every thread, is stored.
   *
   * @throws MlflowException the first write that failed since the last flush
   */
  public static void flush() {
    MlflowClient current;
    synchronized (LOCK) {
      current = client;
    }
    if (current != null) {
      current.asyncLogger().flush();
    }
  }

  private static ActiveRun activeOrStart() {
    return activeRun().orElseGet(Mlflow::startRun);
  }

  // ---- bookkeeping ----

  /** Called when a run ends: drops it from the exit list, and the thread's stack if empty. */
  static void forget(ActiveRun run, RunStack stack) {
    ACTIVE.remove(run);
    if (STACKS.get() == stack && stack.isEmpty()) {
      STACKS.remove();
    }
  }

  private static void ensureExitHook() {
    synchronized (LOCK) {
      if (exitHook == null) {
        exitHook = new Thread(Mlflow::endRunsAtExit, "mlflow4j-end-runs-at-exit");
        Runtime.getRuntime().addShutdownHook(exitHook);
      }
    }
  }

  private static void endRunsAtExit() {
    for (ActiveRun run : List.copyOf(ACTIVE)) {
      try {
        run.end(RunStatus.FINISHED);
      } catch (RuntimeException e) {
        LOG.warn("Could not end run {} at JVM exit: {}", run.runId(), e.toString());
      }
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
