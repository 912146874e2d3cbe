package org.mlflow4j.client;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.mlflow4j.MlflowException;
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

/**
 * A simple thread-safe in-memory store for tests; records every logBatch call. Filters are ignored;
 * pages are offsets.
 */
final class InMemoryStore implements TrackingStore {
  /** One logBatch call as the store received it. */
  record BatchCall(String runId, List<Metric> metrics, List<Param> params, List<RunTag> tags) {
    int size() {
      return metrics.size() + params.size() + tags.size();
    }
  }

  private static final class StoredRun {
    RunInfo info;
    final Map<String, List<Metric>> metrics = new LinkedHashMap<>();
    final Map<String, String> params = new LinkedHashMap<>();
    final Map<String, String> tags = new LinkedHashMap<>();
    final List<DatasetInput> inputs = new ArrayList<>();
  }

  private final Map<String, Experiment> experiments = new LinkedHashMap<>();
  private final Map<String, StoredRun> runs = new LinkedHashMap<>();
  final List<BatchCall> batchCalls = new CopyOnWriteArrayList<>();
  /** Runs before each logBatch, outside the store's lock: may block or throw. */
  volatile Consumer<BatchCall> beforeLogBatch = call -> {};
  volatile boolean closed;
  final java.util.concurrent.atomic.AtomicInteger searchRunsCalls =
      new java.util.concurrent.atomic.AtomicInteger();
  private int nextExperimentId = 1;

  InMemoryStore() {
    experiments.put(
        "0",
        Experiment.builder().experimentId("0").name("Default").artifactLocation("mem:/0").build());
  }

  @Override
  public synchronized String createExperiment(
      String name, Optional<String> artifactLocation, List<ExperimentTag> tags) {
    if (getExperimentByName(name).isPresent()) {
      throw MlflowException.alreadyExists("Experiment '" + name + "' already exists.");
    }
    String id = String.valueOf(nextExperimentId++);
    experiments.put(
        id,
        Experiment.builder()
            .experimentId(id)
            .name(name)
            .artifactLocation(artifactLocation.orElse("mem:/" + id))
            .tags(tags)
            .build());
    return id;
  }

  @Override
  public synchronized Experiment getExperiment(String experimentId) {
    Experiment e = experiments.get(experimentId);
    if (e == null) {
      throw MlflowException.notFound("No Experiment with id=" + experimentId + " exists");
    }
    return e;
  }

  @Override
  public synchronized Optional<Experiment> getExperimentByName(String name) {
    return experiments.values().stream().filter(e -> e.name().equals(name)).findFirst();
  }

  @Override
  public synchronized Page<Experiment> searchExperiments(ExperimentSearch search) {
    List<Experiment> all =
        experiments.values().stream()
            .filter(e -> search.viewType().includes(e.lifecycleStage()))
            .toList();
    return page(all, search.maxResults(), search.pageToken());
  }

  private static <T> Page<T> page(List<T> all, int max, Optional<String> token) {
    int from = token.map(Integer::parseInt).orElse(0);
    int to = Math.min(all.size(), from + max);
    List<T> items = all.subList(from, to);
    return to < all.size() ? Page.of(items, String.valueOf(to)) : Page.last(items);
  }

  @Override
  public synchronized void deleteExperiment(String experimentId) {
    Experiment e = getExperiment(experimentId);
    experiments.put(experimentId, e.toBuilder().lifecycleStage(LifecycleStage.DELETED).build());
    runs.values().stream()
        .filter(r -> r.info.experimentId().equals(experimentId))
        .forEach(r -> r.info = r.info.toBuilder().lifecycleStage(LifecycleStage.DELETED).build());
  }

  @Override
  public synchronized void restoreExperiment(String experimentId) {
    Experiment e = getExperiment(experimentId);
    experiments.put(experimentId, e.toBuilder().lifecycleStage(LifecycleStage.ACTIVE).build());
  }

  @Override
  public synchronized void renameExperiment(String experimentId, String newName) {
    Experiment e = getExperiment(experimentId);
    experiments.put(experimentId, e.toBuilder().name(newName).build());
  }

  @Override
  public synchronized void setExperimentTag(String experimentId, ExperimentTag tag) {
    Experiment e = getExperiment(experimentId);
    Map<String, String> tags = e.tagMap();
    tags.put(tag.key(), tag.value());
    List<ExperimentTag> list = new ArrayList<>();
    tags.forEach((k, v) -> list.add(ExperimentTag.of(k, v)));
    experiments.put(experimentId, e.toBuilder().tags(list).build());
  }

  @Override
  public synchronized void deleteExperimentTag(String experimentId, String key) {
    Experiment e = getExperiment(experimentId);
    Map<String, String> tags = e.tagMap();
    if (tags.remove(key) == null) {
      throw MlflowException.notFound("No tag with name: " + key);
    }
    List<ExperimentTag> list = new ArrayList<>();
    tags.forEach((k, v) -> list.add(ExperimentTag.of(k, v)));
    experiments.put(experimentId, e.toBuilder().tags(list).build());
  }

  @Override
  public synchronized Run createRun(RunCreate create) {
    Experiment e = getExperiment(create.experimentId());
    if (!e.isActive()) {
      throw MlflowException.invalidParameter(
          "The experiment " + e.experimentId() + " must be in the 'active' state.");
    }
    String id = UUID.randomUUID().toString().replace("-", "");
    String name =
        create.runName()
            .or(
                () ->
                    create.tags().stream()
                        .filter(t -> t.key().equals(MlflowTags.RUN_NAME))
                        .map(RunTag::value)
                        .findFirst())
            .orElse("generated-run-" + runs.size());
    StoredRun run = new StoredRun();
    run.info =
        RunInfo.builder()
            .runId(id)
            .experimentId(e.experimentId())
            .runName(name)
            .userId(create.userId())
            .startTime(create.startTime())
            .artifactUri(e.artifactLocation() + "/" + id + "/artifacts")
            .build();
    create.tags().forEach(t -> run.tags.put(t.key(), t.value()));
    run.tags.put(MlflowTags.RUN_NAME, name);
    runs.put(id, run);
    return toRun(run);
  }

  private StoredRun stored(String runId) {
    StoredRun run = runs.get(runId);
    if (run == null) {
      throw MlflowException.notFound("Run with id=" + runId + " not found");
    }
    return run;
  }

  private StoredRun active(String runId) {
    StoredRun run = stored(runId);
    if (!run.info.isActive()) {
      throw MlflowException.invalidParameter(
          "The run " + runId + " must be in the 'active' state. Current state is deleted.");
    }
    return run;
  }

  private static Run toRun(StoredRun run) {
    List<Metric> latest = new ArrayList<>();
    run.metrics.values()
        .forEach(
            history -> {
              Metric best = history.get(0);
              for (Metric m : history) {
                if (m.isLaterThan(best)) {
                  best = m;
                }
              }
              latest.add(best);
            });
    List<Param> params = new ArrayList<>();
    run.params.forEach((k, v) -> params.add(Param.of(k, v)));
    List<RunTag> tags = new ArrayList<>();
    run.tags.forEach((k, v) -> tags.add(RunTag.of(k, v)));
    return new Run(run.info, new RunData(latest, params, tags), run.inputs);
  }

  @Override
  public synchronized Run getRun(String runId) {
    return toRun(stored(runId));
  }

  @Override
  public synchronized RunInfo updateRun(String runId, RunUpdate update) {
    StoredRun run = active(runId);
    RunInfo.Builder b = run.info.toBuilder();
    update.status().ifPresent(b::status);
    if (update.endTime().isPresent()) {
      b.endTime(OptionalLong.of(update.endTime().getAsLong()));
    }
    update.runName()
        .ifPresent(
            n -> {
              b.runName(n);
              run.tags.put(MlflowTags.RUN_NAME, n);
            });
    run.info = b.build();
    return run.info;
  }

  @Override
  public synchronized void deleteRun(String runId) {
    StoredRun run = stored(runId);
    run.info = run.info.toBuilder().lifecycleStage(LifecycleStage.DELETED).build();
  }

  @Override
  public synchronized void restoreRun(String runId) {
    StoredRun run = stored(runId);
    run.info = run.info.toBuilder().lifecycleStage(LifecycleStage.ACTIVE).build();
  }

  @Override
  public synchronized Page<Run> searchRuns(RunSearch search) {
    searchRunsCalls.incrementAndGet();
    List<Run> all =
        runs.values().stream()
            .filter(r -> search.experimentIds().contains(r.info.experimentId()))
            .filter(r -> search.viewType().includes(r.info.lifecycleStage()))
            .map(InMemoryStore::toRun)
            .toList();
    return page(all, search.maxResults(), search.pageToken());
  }

  @Override
  public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<RunTag> tags) {
    BatchCall call = new BatchCall(runId, List.copyOf(metrics), List.copyOf(params), List.copyOf(tags));
    beforeLogBatch.accept(call);
    synchronized (this) {
      if (metrics.size() > 1000 || params.size() > 100 || tags.size() > 100 || call.size() > 1000) {
        throw MlflowException.invalidParameter("A batch logging request is over the limits: " + call);
      }
      StoredRun run = active(runId);
      Set<String> keys = new HashSet<>();
      for (Param p : params) {
        if (!keys.add(p.key())) {
          throw MlflowException.invalidParameter("Duplicate parameter keys: " + p.key());
        }
        String old = run.params.get(p.key());
        if (old != null && !old.equals(p.value())) {
          throw MlflowException.invalidParameter(
              "Changing param values is not allowed. Param with key='"
                  + p.key()
                  + "' was already logged with value='"
                  + old
                  + "' for run ID='"
                  + runId
                  + "'. Attempted logging new value '"
                  + p.value()
                  + "'.");
        }
      }
      params.forEach(p -> run.params.put(p.key(), p.value()));
      metrics.forEach(m -> run.metrics.computeIfAbsent(m.key(), k -> new ArrayList<>()).add(m));
      tags.forEach(t -> run.tags.put(t.key(), t.value()));
      batchCalls.add(call);
    }
  }

  @Override
  public synchronized void deleteTag(String runId, String key) {
    if (active(runId).tags.remove(key) == null) {
      throw MlflowException.notFound("No tag with name: " + key + " in run with id " + runId);
    }
  }

  @Override
  public synchronized void logInputs(String runId, List<DatasetInput> inputs) {
    StoredRun run = active(runId);
    for (DatasetInput input : inputs) {
      if (!run.inputs.contains(input)) {
        run.inputs.add(input);
      }
    }
  }

  @Override
  public synchronized List<Metric> getMetricHistory(String runId, String metricKey) {
    return List.copyOf(stored(runId).metrics.getOrDefault(metricKey, List.of()));
  }

  @Override
  public void close() {
    closed = true;
  }
}
