package org.mlflow4j.store;

import java.util.List;
import java.util.Optional;
import org.mlflow4j.entity.DatasetInput;
import org.mlflow4j.entity.Experiment;
import org.mlflow4j.entity.ExperimentTag;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.Page;
import org.mlflow4j.entity.Param;
import org.mlflow4j.entity.Run;
import org.mlflow4j.entity.RunInfo;
import org.mlflow4j.entity.RunTag;

/**
 * Where experiments and runs are kept: the store SPI. One implementation per backend (file, SQL,
 * REST, or a third party's), found by {@link TrackingStoreProvider}.
 *
 * <p>Every method that fails throws {@link org.mlflow4j.MlflowException} with MLflow's error code
 * ({@code RESOURCE_DOES_NOT_EXIST} for an unknown experiment or run, {@code
 * INVALID_PARAMETER_VALUE} for bad input or a write to a deleted run, ...), and leaves stored data
 * unchanged. {@link #logBatch} is the write primitive: single-item logging is a batch of one, so a
 * store optimises one path. The rules every store follows are checked by the store compatibility
 * kit ({@code mlflow-store-tck}).
 *
 * <p>Implementations are thread-safe.
 */
public interface TrackingStore extends AutoCloseable {

  // ---- experiments ----

  /**
   * Creates an experiment and returns its id.
   *
   * @param name a unique name (also among deleted experiments), 1 to 500 characters
   * @param artifactLocation where its runs keep artifacts; empty for the store's default
   * @param tags tags to set on it
   */
  String createExperiment(String name, Optional<String> artifactLocation, List<ExperimentTag> tags);

  /** The experiment of the given id, deleted ones included. */
  Experiment getExperiment(String experimentId);

  /** The experiment of the given name, deleted ones included; empty if there is none. */
  Optional<Experiment> getExperimentByName(String name);

  /** One page of experiments that match the search. */
  Page<Experiment> searchExperiments(ExperimentSearch search);

  /** Soft-deletes an active experiment and every run in it. */
  void deleteExperiment(String experimentId);

  /** Restores a deleted experiment and every run in it. */
  void restoreExperiment(String experimentId);

  /** Renames an active experiment. */
  void renameExperiment(String experimentId, String newName);

  /** Sets (or overwrites) a tag on an active experiment. */
  void setExperimentTag(String experimentId, ExperimentTag tag);

  /** Deletes a tag of an active experiment; an unknown tag is {@code RESOURCE_DOES_NOT_EXIST}. */
  void deleteExperimentTag(String experimentId, String key);

  // ---- runs ----

  /** Creates a run in an active experiment and returns it. */
  Run createRun(RunCreate create);

  /** The run of the given id, deleted ones included. */
  Run getRun(String runId);

  /** Changes the status, end time or name of an active run and returns its new info. */
  RunInfo updateRun(String runId, RunUpdate update);

  /** Soft-deletes a run; deleting a deleted run is not an error. */
  void deleteRun(String runId);

  /** Restores a deleted run; restoring an active run is not an error. */
  void restoreRun(String runId);

  /** One page of runs that match the search. */
  Page<Run> searchRuns(RunSearch search);

  /**
   * Logs metrics, params and tags to an active run, all or nothing as far as validation goes:
   * nothing is written when any item is invalid, a limit is exceeded, or a param would change.
   * Limits: 1000 metrics, 100 params, 100 tags, 1000 items in all.
   */
  void logBatch(String runId, List<Metric> metrics, List<Param> params, List<RunTag> tags);

  /** Deletes a tag of an active run; an unknown tag is {@code RESOURCE_DOES_NOT_EXIST}. */
  void deleteTag(String runId, String key);

  /** Records that an active run used the given datasets; logging the same input again is a no-op. */
  void logInputs(String runId, List<DatasetInput> inputs);

  /** Every point of a metric of a run, in the order the store keeps them; empty if never logged. */
  List<Metric> getMetricHistory(String runId, String metricKey);

  // ---- single-item logging, as batches of one ----

  /** Logs one metric point (a batch of one). */
  default void logMetric(String runId, Metric metric) {
    logBatch(runId, List.of(metric), List.of(), List.of());
  }

  /** Logs one param (a batch of one). */
  default void logParam(String runId, Param param) {
    logBatch(runId, List.of(), List.of(param), List.of());
  }

  /** Sets one tag (a batch of one). */
  default void setTag(String runId, RunTag tag) {
    logBatch(runId, List.of(), List.of(), List.of(tag));
  }

  /** Releases what the store holds (connections, pools). Idempotent. */
  @Override
  void close();
}
