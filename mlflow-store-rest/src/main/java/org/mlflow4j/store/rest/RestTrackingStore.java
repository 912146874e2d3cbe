package org.mlflow4j.store.rest;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.DatasetInput;
import org.mlflow4j.entity.Experiment;
import org.mlflow4j.entity.ExperimentTag;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.Page;
import org.mlflow4j.entity.Param;
import org.mlflow4j.entity.Run;
import org.mlflow4j.entity.RunInfo;
import org.mlflow4j.entity.RunTag;
import org.mlflow4j.rest.protocol.CreateExperiment;
import org.mlflow4j.rest.protocol.CreateRun;
import org.mlflow4j.rest.protocol.DeleteExperiment;
import org.mlflow4j.rest.protocol.DeleteExperimentTag;
import org.mlflow4j.rest.protocol.DeleteRun;
import org.mlflow4j.rest.protocol.DeleteTag;
import org.mlflow4j.rest.protocol.Endpoint;
import org.mlflow4j.rest.protocol.Endpoints;
import org.mlflow4j.rest.protocol.GetExperiment;
import org.mlflow4j.rest.protocol.GetExperimentByName;
import org.mlflow4j.rest.protocol.GetMetricHistory;
import org.mlflow4j.rest.protocol.GetMetricHistoryResponse;
import org.mlflow4j.rest.protocol.GetRun;
import org.mlflow4j.rest.protocol.LogBatch;
import org.mlflow4j.rest.protocol.LogInputs;
import org.mlflow4j.rest.protocol.LogMetric;
import org.mlflow4j.rest.protocol.LogParam;
import org.mlflow4j.rest.protocol.RestoreExperiment;
import org.mlflow4j.rest.protocol.RestoreRun;
import org.mlflow4j.rest.protocol.SearchExperiments;
import org.mlflow4j.rest.protocol.SearchRuns;
import org.mlflow4j.rest.protocol.SetExperimentTag;
import org.mlflow4j.rest.protocol.SetTag;
import org.mlflow4j.rest.protocol.UpdateExperiment;
import org.mlflow4j.rest.protocol.UpdateRun;
import org.mlflow4j.store.ExperimentSearch;
import org.mlflow4j.store.RunCreate;
import org.mlflow4j.store.RunSearch;
import org.mlflow4j.store.RunUpdate;
import org.mlflow4j.store.TrackingStore;

/**
 * A {@link TrackingStore} that talks to an MLflow tracking server (MLflow's own or MLflow4j's)
 * through its REST API (spec/rest-api.md). Each store method is one endpoint call, except {@link
 * #getMetricHistory}, which pages until the history is complete.
 *
 * <p>Transient failures (connection errors, timeouts, 408, 429, 500, 502, 503, 504) are retried
 * with exponential backoff as MLflow's Python client does; any other error answer is thrown at once
 * as an {@link MlflowHttpException} carrying the server's error code and message and the HTTP
 * status. {@link #logBatch} sends the batch as given: the server enforces the batch limits, so a
 * batch over them is refused as on every other store ({@code MlflowClient} splits large batches
 * before they reach a store).
 *
 * <p>Thread-safe: one instance shares a pool of keep-alive connections among threads.
 */
public final class RestTrackingStore implements TrackingStore {
  /** The page size asked for when reading a metric history, as MLflow's clients do. */
  static final int METRIC_HISTORY_PAGE = 25_000;

  private final RestStoreOptions options;
  private final HttpCaller http;
  private final AtomicBoolean closed = new AtomicBoolean();

  RestTrackingStore(RestStoreOptions options, HttpCaller.Sleeper sleeper, DoubleSupplier random) {
    this.options = options;
    this.http = new HttpCaller(options, sleeper, random);
  }

  /** A store for the server and settings of the options. */
  public static RestTrackingStore open(RestStoreOptions options) {
    return new RestTrackingStore(options, HttpCaller.Sleeper.REAL, HttpCaller::uniform);
  }

  /** A store for the server at the base URI with MLflow's default settings. */
  public static RestTrackingStore open(URI baseUri) {
    return open(RestStoreOptions.of(baseUri));
  }

  /** The options this store was opened with. */
  public RestStoreOptions options() {
    return options;
  }

  // ---- experiments

  @Override
  public String createExperiment(
      String name, Optional<String> artifactLocation, List<ExperimentTag> tags) {
    return call(Endpoints.CREATE_EXPERIMENT, new CreateExperiment(name, artifactLocation, tags))
        .experimentId();
  }

  @Override
  public Experiment getExperiment(String experimentId) {
    return call(Endpoints.GET_EXPERIMENT, new GetExperiment(experimentId)).experiment();
  }

  @Override
  public Optional<Experiment> getExperimentByName(String name) {
    try {
      return Optional.of(
          call(Endpoints.GET_EXPERIMENT_BY_NAME, new GetExperimentByName(name)).experiment());
    } catch (MlflowException e) {
      if (e.errorCode() == ErrorCode.RESOURCE_DOES_NOT_EXIST) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public Page<Experiment> searchExperiments(ExperimentSearch search) {
    return call(Endpoints.SEARCH_EXPERIMENTS, SearchExperiments.of(search)).page();
  }

  @Override
  public void deleteExperiment(String experimentId) {
    call(Endpoints.DELETE_EXPERIMENT, new DeleteExperiment(experimentId));
  }

  @Override
  public void restoreExperiment(String experimentId) {
    call(Endpoints.RESTORE_EXPERIMENT, new RestoreExperiment(experimentId));
  }

  @Override
  public void renameExperiment(String experimentId, String newName) {
    call(Endpoints.UPDATE_EXPERIMENT, new UpdateExperiment(experimentId, newName));
  }

  @Override
  public void setExperimentTag(String experimentId, ExperimentTag tag) {
    call(Endpoints.SET_EXPERIMENT_TAG, new SetExperimentTag(experimentId, tag.key(), tag.value()));
  }

  @Override
  public void deleteExperimentTag(String experimentId, String key) {
    call(Endpoints.DELETE_EXPERIMENT_TAG, new DeleteExperimentTag(experimentId, key));
  }

  // ---- runs

  @Override
  public Run createRun(RunCreate create) {
    return call(Endpoints.CREATE_RUN, CreateRun.of(create)).run();
  }

  @Override
  public Run getRun(String runId) {
    return call(Endpoints.GET_RUN, new GetRun(runId)).run();
  }

  @Override
  public RunInfo updateRun(String runId, RunUpdate update) {
    return call(Endpoints.UPDATE_RUN, UpdateRun.of(runId, update)).runInfo();
  }

  @Override
  public void deleteRun(String runId) {
    call(Endpoints.DELETE_RUN, new DeleteRun(runId));
  }

  @Override
  public void restoreRun(String runId) {
    call(Endpoints.RESTORE_RUN, new RestoreRun(runId));
  }

  @Override
  public Page<Run> searchRuns(RunSearch search) {
    return call(Endpoints.SEARCH_RUNS, SearchRuns.of(search)).page();
  }

  // ---- logging

  @Override
  public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<RunTag> tags) {
    call(Endpoints.LOG_BATCH, new LogBatch(runId, metrics, params, tags));
  }

  @Override
  public void logMetric(String runId, Metric metric) {
    call(Endpoints.LOG_METRIC, new LogMetric(runId, metric));
  }

  @Override
  public void logParam(String runId, Param param) {
    call(Endpoints.LOG_PARAM, new LogParam(runId, param.key(), param.value()));
  }

  @Override
  public void setTag(String runId, RunTag tag) {
    call(Endpoints.SET_TAG, new SetTag(runId, tag.key(), tag.value()));
  }

  @Override
  public void deleteTag(String runId, String key) {
    call(Endpoints.DELETE_TAG, new DeleteTag(runId, key));
  }

  @Override
  public void logInputs(String runId, List<DatasetInput> inputs) {
    call(Endpoints.LOG_INPUTS, new LogInputs(runId, inputs));
  }

  @Override
  public List<Metric> getMetricHistory(String runId, String metricKey) {
    List<Metric> history = new ArrayList<>();
    Optional<String> token = Optional.empty();
    do {
      GetMetricHistoryResponse page =
          call(
              Endpoints.GET_METRIC_HISTORY,
              new GetMetricHistory(runId, metricKey, token, OptionalInt.of(METRIC_HISTORY_PAGE)));
      history.addAll(page.metrics());
      Optional<String> next = page.nextPageToken().filter(t -> !t.isEmpty());
      if (next.isPresent() && next.equals(token)) {
        // a server answering the same token again would make this loop forever
        throw new MlflowException(
            ErrorCode.INTERNAL_ERROR,
            "The server answered metrics/get-history for metric '"
                + metricKey
                + "' with the same page token it was sent: "
                + next.get());
      }
      token = next;
    } while (token.isPresent());
    return List.copyOf(history);
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      http.close();
    }
  }

  private <Q, R> R call(Endpoint<Q, R> endpoint, Q request) {
    if (closed.get()) {
      throw new MlflowException(
          ErrorCode.INVALID_STATE,
          "The REST store for " + redact(options.baseUri()) + " is closed");
    }
    return http.call(endpoint, request);
  }

  /** The URI without its user info, for messages and logs. */
  static String redact(URI uri) {
    return HttpCaller.withoutUserInfo(uri).toString();
  }

  @Override
  public String toString() {
    return "RestTrackingStore[" + redact(options.baseUri()) + "]";
  }
}
