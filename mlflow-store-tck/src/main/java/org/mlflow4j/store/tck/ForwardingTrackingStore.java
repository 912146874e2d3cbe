package org.mlflow4j.store.tck;

import java.util.List;
import java.util.Objects;
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
import org.mlflow4j.store.ExperimentSearch;
import org.mlflow4j.store.RunCreate;
import org.mlflow4j.store.RunSearch;
import org.mlflow4j.store.RunUpdate;
import org.mlflow4j.store.TrackingStore;

/**
 * A store that forwards every call to another one: extend it and override single methods to record,
 * delay or fail calls in tests (the kit's own tests use it to break a store on purpose). As
 * thread-safe as the delegate, plus whatever the overrides add.
 */
public class ForwardingTrackingStore implements TrackingStore {
  /** The store every call goes to. */
  protected final TrackingStore delegate;

  /** Forwards every call to {@code delegate}. */
  public ForwardingTrackingStore(TrackingStore delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public String createExperiment(
      String name, Optional<String> artifactLocation, List<ExperimentTag> tags) {
    return delegate.createExperiment(name, artifactLocation, tags);
  }

  @Override
  public Experiment getExperiment(String experimentId) {
    return delegate.getExperiment(experimentId);
  }

  @Override
  public Optional<Experiment> getExperimentByName(String name) {
    return delegate.getExperimentByName(name);
  }

  @Override
  public Page<Experiment> searchExperiments(ExperimentSearch search) {
    return delegate.searchExperiments(search);
  }

  @Override
  public void deleteExperiment(String experimentId) {
    delegate.deleteExperiment(experimentId);
  }

  @Override
  public void restoreExperiment(String experimentId) {
    delegate.restoreExperiment(experimentId);
  }

  @Override
  public void renameExperiment(String experimentId, String newName) {
    delegate.renameExperiment(experimentId, newName);
  }

  @Override
  public void setExperimentTag(String experimentId, ExperimentTag tag) {
    delegate.setExperimentTag(experimentId, tag);
  }

  @Override
  public void deleteExperimentTag(String experimentId, String key) {
    delegate.deleteExperimentTag(experimentId, key);
  }

  @Override
  public Run createRun(RunCreate create) {
    return delegate.createRun(create);
  }

  @Override
  public Run getRun(String runId) {
    return delegate.getRun(runId);
  }

  @Override
  public RunInfo updateRun(String runId, RunUpdate update) {
    return delegate.updateRun(runId, update);
  }

  @Override
  public void deleteRun(String runId) {
    delegate.deleteRun(runId);
  }

  @Override
  public void restoreRun(String runId) {
    delegate.restoreRun(runId);
  }

  @Override
  public Page<Run> searchRuns(RunSearch search) {
    return delegate.searchRuns(search);
  }

  @Override
  public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<RunTag> tags) {
    delegate.logBatch(runId, metrics, params, tags);
  }

  @Override
  public void deleteTag(String runId, String key) {
    delegate.deleteTag(runId, key);
  }

  @Override
  public void logInputs(String runId, List<DatasetInput> inputs) {
    delegate.logInputs(runId, inputs);
  }

  @Override
  public List<Metric> getMetricHistory(String runId, String metricKey) {
    return delegate.getMetricHistory(runId, metricKey);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
