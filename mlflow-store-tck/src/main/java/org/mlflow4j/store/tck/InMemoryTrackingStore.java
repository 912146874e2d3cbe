package org.mlflow4j.store.tck;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mlflow4j.entity.DatasetInput;
import org.mlflow4j.entity.Experiment;
import org.mlflow4j.entity.ExperimentTag;
import org.mlflow4j.entity.LifecycleStage;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.MlflowTags;
import org.mlflow4j.entity.Page;
import org.mlflow4j.entity.Param;
import org.mlflow4j.entity.Run;
import org.mlflow4j.entity.RunData;
import org.mlflow4j.entity.RunInfo;
import org.mlflow4j.entity.RunTag;
import org.mlflow4j.store.ExperimentSearch;
import org.mlflow4j.store.RunCreate;
import org.mlflow4j.store.RunSearch;
import org.mlflow4j.store.RunUpdate;
import org.mlflow4j.store.TrackingStore;
import org.mlflow4j.store.support.ArtifactUris;
import org.mlflow4j.store.support.Ids;
import org.mlflow4j.store.support.InMemorySearch;
import org.mlflow4j.store.support.RunNames;
import org.mlflow4j.store.support.StoreErrors;
import org.mlflow4j.store.support.Validation;

/**
 * A reference store built on {@code org.mlflow4j.store.support} helpers that passes this kit; use
 * it in unit tests of code that logs to MLflow. Everything is kept in memory; nothing is written
 * anywhere. Thread-safe: every call holds the store's one lock.
 */
public final class InMemoryTrackingStore implements TrackingStore {
  private final Map<String, Experiment> experiments = new LinkedHashMap<>();
  private final Map<String, RunRecord> runs = new LinkedHashMap<>();
  private long nextExperimentId = 1;

  private static final class RunRecord {
    RunInfo info;
    final Map<String, List<Metric>> history = new LinkedHashMap<>();
    final Map<String, String> params = new LinkedHashMap<>();
    final Map<String, String> tags = new LinkedHashMap<>();
    final List<DatasetInput> inputs = new ArrayList<>();

    Run toRun() {
      List<Metric> latest = new ArrayList<>();
      for (List<Metric> points : history.values()) {
        Metric best = points.get(0);
        for (Metric m : points) {
          if (m.isLaterThan(best)) {
            best = m;
          }
        }
        latest.add(best);
      }
      List<Param> ps = new ArrayList<>();
      params.forEach((k, v) -> ps.add(Param.of(k, v)));
      List<RunTag> ts = new ArrayList<>();
      tags.forEach((k, v) -> ts.add(RunTag.of(k, v)));
      return new Run(info, new RunData(latest, ps, ts), inputs);
    }
  }

  /** Creates an empty store holding only the {@code Default} experiment with id {@code 0}. */
  public InMemoryTrackingStore() {
    long now = System.currentTimeMillis();
    experiments.put(
        "0",
        Experiment.builder()
            .experimentId("0")
            .name("Default")
            .artifactLocation("memory://tck/0")
            .creationTime(now)
            .lastUpdateTime(now)
            .build());
  }

  // ---- experiments

  @Override
  public synchronized String createExperiment(
      String name, Optional<String> artifactLocation, List<ExperimentTag> tags) {
    Validation.validateExperimentName(name);
    tags.forEach(Validation::validateExperimentTag);
    if (experiments.values().stream().anyMatch(e -> e.name().equals(name))) {
      throw StoreErrors.experimentNameExists(name);
    }
    String id = Long.toString(nextExperimentId++);
    long now = System.currentTimeMillis();
    experiments.put(
        id,
        Experiment.builder()
            .experimentId(id)
            .name(name)
            .artifactLocation(artifactLocation.orElse("memory://tck/" + id))
            .creationTime(now)
            .lastUpdateTime(now)
            .tags(tags)
            .build());
    return id;
  }

  private Experiment experiment(String id) {
    Experiment e = experiments.get(id);
    if (e == null) {
      throw StoreErrors.experimentNotFound(id);
    }
    return e;
  }

  private Experiment activeExperiment(String id) {
    Experiment e = experiment(id);
    if (!e.isActive()) {
      throw StoreErrors.experimentNotActive(id);
    }
    return e;
  }

  @Override
  public synchronized Experiment getExperiment(String experimentId) {
    return experiment(experimentId);
  }

  @Override
  public synchronized Optional<Experiment> getExperimentByName(String name) {
    return experiments.values().stream().filter(e -> e.name().equals(name)).findFirst();
  }

  @Override
  public synchronized Page<Experiment> searchExperiments(ExperimentSearch search) {
    return InMemorySearch.searchExperiments(new ArrayList<>(experiments.values()), search);
  }

  @Override
  public synchronized void deleteExperiment(String experimentId) {
    Experiment e = experiment(experimentId);
    if (!e.isActive()) {
      throw StoreErrors.experimentAlreadyDeleted(experimentId);
    }
    setStage(e, LifecycleStage.DELETED);
  }

  @Override
  public synchronized void restoreExperiment(String experimentId) {
    Experiment e = experiment(experimentId);
    if (e.isActive()) {
      throw StoreErrors.experimentNotDeleted(experimentId);
    }
    setStage(e, LifecycleStage.ACTIVE);
  }

  private void setStage(Experiment e, LifecycleStage stage) {
    experiments.put(
        e.experimentId(),
        e.toBuilder().lifecycleStage(stage).lastUpdateTime(System.currentTimeMillis()).build());
    for (RunRecord r : runs.values()) {
      if (r.info.experimentId().equals(e.experimentId())) {
        r.info = r.info.toBuilder().lifecycleStage(stage).build();
      }
    }
  }

  @Override
  public synchronized void renameExperiment(String experimentId, String newName) {
    Experiment e = experiment(experimentId);
    if (!e.isActive()) {
      throw StoreErrors.cannotRenameDeletedExperiment(experimentId);
    }
    Validation.validateExperimentName(newName);
    if (experiments.values().stream()
        .anyMatch(o -> o.name().equals(newName) && !o.experimentId().equals(experimentId))) {
      throw StoreErrors.experimentNameExists(newName);
    }
    experiments.put(
        experimentId,
        e.toBuilder().name(newName).lastUpdateTime(System.currentTimeMillis()).build());
  }

  @Override
  public synchronized void setExperimentTag(String experimentId, ExperimentTag tag) {
    Experiment e = activeExperiment(experimentId);
    Validation.validateExperimentTag(tag);
    Map<String, String> tags = e.tagMap();
    tags.put(tag.key(), tag.value());
    experiments.put(experimentId, e.toBuilder().tags(toExperimentTags(tags)).build());
  }

  @Override
  public synchronized void deleteExperimentTag(String experimentId, String key) {
    Experiment e = activeExperiment(experimentId);
    Map<String, String> tags = e.tagMap();
    if (tags.remove(key) == null) {
      throw StoreErrors.experimentTagNotFound(experimentId, key);
    }
    experiments.put(experimentId, e.toBuilder().tags(toExperimentTags(tags)).build());
  }

  private static List<ExperimentTag> toExperimentTags(Map<String, String> tags) {
    List<ExperimentTag> list = new ArrayList<>();
    tags.forEach((k, v) -> list.add(ExperimentTag.of(k, v)));
    return list;
  }

  // ---- runs

  @Override
  public synchronized Run createRun(RunCreate create) {
    Experiment e = activeExperiment(create.experimentId());
    RunNames.NamedRun named = RunNames.resolve(create);
    String name = named.runName();
    String id = Ids.newRunId();
    RunRecord r = new RunRecord();
    r.info =
        RunInfo.builder()
            .runId(id)
            .experimentId(e.experimentId())
            .runName(name)
            .userId(create.userId())
            .startTime(create.startTime())
            .artifactUri(ArtifactUris.append(e.artifactLocation(), id, "artifacts"))
            .build();
    named.tags().forEach(t -> r.tags.put(t.key(), t.value()));
    runs.put(id, r);
    return r.toRun();
  }

  private RunRecord run(String runId) {
    RunRecord r = runs.get(runId);
    if (r == null) {
      throw StoreErrors.runNotFound(runId);
    }
    return r;
  }

  private RunRecord activeRun(String runId) {
    RunRecord r = run(runId);
    if (!r.info.isActive()) {
      throw StoreErrors.runNotActive(runId);
    }
    return r;
  }

  @Override
  public synchronized Run getRun(String runId) {
    return run(runId).toRun();
  }

  @Override
  public synchronized RunInfo updateRun(String runId, RunUpdate update) {
    RunRecord r = activeRun(runId);
    RunInfo.Builder b = r.info.toBuilder();
    update.status().ifPresent(b::status);
    update.endTime().ifPresent(b::endTime);
    update
        .runName()
        .filter(n -> !n.isEmpty())
        .ifPresent(
            n -> {
              b.runName(n);
              r.tags.put(MlflowTags.RUN_NAME, n);
            });
    r.info = b.build();
    return r.info;
  }

  @Override
  public synchronized void deleteRun(String runId) {
    RunRecord r = run(runId);
    r.info = r.info.toBuilder().lifecycleStage(LifecycleStage.DELETED).build();
  }

  @Override
  public synchronized void restoreRun(String runId) {
    RunRecord r = run(runId);
    r.info = r.info.toBuilder().lifecycleStage(LifecycleStage.ACTIVE).build();
  }

  @Override
  public synchronized Page<Run> searchRuns(RunSearch search) {
    Collection<Run> all = new ArrayList<>();
    runs.values().forEach(r -> all.add(r.toRun()));
    return InMemorySearch.searchRuns(all, search);
  }

  @Override
  public synchronized void logBatch(
      String runId, List<Metric> metrics, List<Param> params, List<RunTag> tags) {
    Validation.ValidatedBatch batch = Validation.validateBatch(runId, metrics, params, tags, true);
    RunRecord r = activeRun(runId);
    Validation.checkParamsUnchanged(runId, r.params, batch.params());
    batch.params().forEach(p -> r.params.put(p.key(), p.value()));
    for (Metric m : batch.metrics()) {
      List<Metric> points = r.history.computeIfAbsent(m.key(), k -> new ArrayList<>());
      if (!points.contains(m)) {
        points.add(m);
      }
    }
    for (RunTag t : batch.tags()) {
      r.tags.put(t.key(), t.value());
      if (t.key().equals(MlflowTags.RUN_NAME)) {
        r.info = r.info.toBuilder().runName(t.value()).build();
      }
    }
  }

  @Override
  public synchronized void deleteTag(String runId, String key) {
    RunRecord r = activeRun(runId);
    Validation.validateTagKey(key);
    if (r.tags.remove(key) == null) {
      throw StoreErrors.runTagNotFound(runId, key);
    }
  }

  @Override
  public synchronized void logInputs(String runId, List<DatasetInput> inputs) {
    Validation.validateRunId(runId);
    List<DatasetInput> valid = Validation.validateInputs(inputs);
    RunRecord r = activeRun(runId);
    for (DatasetInput in : valid) {
      boolean known =
          r.inputs.stream()
              .anyMatch(
                  o ->
                      o.dataset().name().equals(in.dataset().name())
                          && o.dataset().digest().equals(in.dataset().digest()));
      if (!known) {
        r.inputs.add(in);
      }
    }
  }

  @Override
  public synchronized List<Metric> getMetricHistory(String runId, String metricKey) {
    return List.copyOf(run(runId).history.getOrDefault(metricKey, List.of()));
  }

  /** Does nothing: the data stays readable, as nothing was opened. */
  @Override
  public void close() {}
}
