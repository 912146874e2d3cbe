package org.mlflow4j.server;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.ExperimentTag;
import org.mlflow4j.entity.Param;
import org.mlflow4j.entity.RunTag;
import org.mlflow4j.rest.protocol.CreateExperimentResponse;
import org.mlflow4j.rest.protocol.CreateRunResponse;
import org.mlflow4j.rest.protocol.EmptyResponse;
import org.mlflow4j.rest.protocol.Endpoint;
import org.mlflow4j.rest.protocol.Endpoints;
import org.mlflow4j.rest.protocol.GetExperimentResponse;
import org.mlflow4j.rest.protocol.GetMetricHistoryResponse;
import org.mlflow4j.rest.protocol.GetRunResponse;
import org.mlflow4j.rest.protocol.SearchExperimentsResponse;
import org.mlflow4j.rest.protocol.SearchRunsResponse;
import org.mlflow4j.rest.protocol.UpdateRunResponse;
import org.mlflow4j.store.TrackingStore;

/**
 * Answers each tracking endpoint's request record from a {@link TrackingStore}: the handler logic
 * of MLflow's server, without HTTP. Thread-safe as the store.
 */
final class TrackingService {
  /** One endpoint and what answers it. */
  private record Route<Q, R>(Endpoint<Q, R> endpoint, Function<Q, R> handler) {
    R apply(Object request) {
      return handler.apply(endpoint.requestType().cast(request));
    }
  }

  private static final EmptyResponse EMPTY = EmptyResponse.INSTANCE;

  private final Map<Endpoint<?, ?>, Route<?, ?>> routes = new IdentityHashMap<>();

  TrackingService(TrackingStore store, ArtifactService artifacts) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(artifacts, "artifacts");
    route(
        Endpoints.CREATE_EXPERIMENT,
        r ->
            new CreateExperimentResponse(
                store.createExperiment(r.name(), r.artifactLocation(), r.tags())));
    route(
        Endpoints.GET_EXPERIMENT,
        r -> new GetExperimentResponse(store.getExperiment(r.experimentId())));
    route(
        Endpoints.GET_EXPERIMENT_BY_NAME,
        r ->
            new GetExperimentResponse(
                store
                    .getExperimentByName(r.experimentName())
                    .orElseThrow(
                        () ->
                            MlflowException.notFound(
                                "Could not find experiment with name '"
                                    + r.experimentName()
                                    + "'"))));
    route(
        Endpoints.SEARCH_EXPERIMENTS,
        r -> SearchExperimentsResponse.of(store.searchExperiments(r.toExperimentSearch())));
    route(
        Endpoints.DELETE_EXPERIMENT,
        r -> {
          store.deleteExperiment(r.experimentId());
          return EMPTY;
        });
    route(
        Endpoints.RESTORE_EXPERIMENT,
        r -> {
          store.restoreExperiment(r.experimentId());
          return EMPTY;
        });
    route(
        Endpoints.UPDATE_EXPERIMENT,
        r -> {
          store.renameExperiment(r.experimentId(), r.newName());
          return EMPTY;
        });
    route(
        Endpoints.SET_EXPERIMENT_TAG,
        r -> {
          store.setExperimentTag(r.experimentId(), new ExperimentTag(r.key(), r.value()));
          return EMPTY;
        });
    route(
        Endpoints.DELETE_EXPERIMENT_TAG,
        r -> {
          store.deleteExperimentTag(r.experimentId(), r.key());
          return EMPTY;
        });
    route(Endpoints.CREATE_RUN, r -> new CreateRunResponse(store.createRun(r.toRunCreate())));
    route(
        Endpoints.UPDATE_RUN,
        r -> new UpdateRunResponse(store.updateRun(r.runId(), r.toRunUpdate())));
    route(
        Endpoints.DELETE_RUN,
        r -> {
          store.deleteRun(r.runId());
          return EMPTY;
        });
    route(
        Endpoints.RESTORE_RUN,
        r -> {
          store.restoreRun(r.runId());
          return EMPTY;
        });
    route(Endpoints.GET_RUN, r -> new GetRunResponse(store.getRun(r.runId())));
    route(
        Endpoints.SEARCH_RUNS,
        r ->
            // MLflow answers a search of no experiment with {} without asking the store.
            r.experimentIds().isEmpty()
                ? new SearchRunsResponse(List.of(), Optional.empty())
                : SearchRunsResponse.of(store.searchRuns(r.toRunSearch())));
    route(
        Endpoints.LOG_METRIC,
        r -> {
          store.logMetric(r.runId(), r.metric());
          return EMPTY;
        });
    route(
        Endpoints.LOG_PARAM,
        r -> {
          store.logParam(r.runId(), new Param(r.key(), r.value()));
          return EMPTY;
        });
    route(
        Endpoints.SET_TAG,
        r -> {
          store.setTag(r.runId(), new RunTag(r.key(), r.value()));
          return EMPTY;
        });
    route(
        Endpoints.DELETE_TAG,
        r -> {
          store.deleteTag(r.runId(), r.key());
          return EMPTY;
        });
    route(
        Endpoints.LOG_BATCH,
        r -> {
          store.logBatch(r.runId(), r.metrics(), r.params(), r.tags());
          return EMPTY;
        });
    route(
        Endpoints.LOG_INPUTS,
        r -> {
          store.logInputs(r.runId(), r.datasets());
          return EMPTY;
        });
    route(
        Endpoints.GET_METRIC_HISTORY,
        // As MLflow 2.22: the whole history, max_results and page_token ignored.
        r ->
            new GetMetricHistoryResponse(
                store.getMetricHistory(r.runId(), r.metricKey()), Optional.empty()));
    route(
        Endpoints.LIST_ARTIFACTS,
        r -> artifacts.listRun(store.getRun(r.runId()).info().artifactUri(), r.path().orElse("")));
    for (Endpoint<?, ?> endpoint : Endpoints.ALL) {
      if (!routes.containsKey(endpoint)) {
        throw new IllegalStateException("no route for " + endpoint.path());
      }
    }
  }

  private <Q, R> void route(Endpoint<Q, R> endpoint, Function<Q, R> handler) {
    routes.put(endpoint, new Route<>(endpoint, handler));
  }

  /** The response record answering {@code request}, a record of the endpoint's request type. */
  Object handle(Endpoint<?, ?> endpoint, Object request) {
    Route<?, ?> route = routes.get(endpoint);
    if (route == null) {
      throw new IllegalArgumentException("not a tracking endpoint: " + endpoint.path());
    }
    return route.apply(request);
  }
}
