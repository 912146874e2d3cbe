package org.mlflow4j.rest.protocol;

import java.util.List;
import java.util.Optional;

/**
 * The tracking endpoints of MLflow's REST API (spec/rest-api.md §4), shared by the server that
 * routes them and the REST store that calls them.
 *
 * <p>Immutable constants; thread-safe.
 */
public final class Endpoints {
  private static final List<String> POST = List.of("POST");
  private static final List<String> GET = List.of("GET");

  private Endpoints() {}

  /** {@code POST experiments/create}. */
  public static final Endpoint<CreateExperiment, CreateExperimentResponse> CREATE_EXPERIMENT =
      new Endpoint<>(
          "/experiments/create", POST, CreateExperiment.class, CreateExperimentResponse.class);

  /** {@code GET experiments/get}. */
  public static final Endpoint<GetExperiment, GetExperimentResponse> GET_EXPERIMENT =
      new Endpoint<>("/experiments/get", GET, GetExperiment.class, GetExperimentResponse.class);

  /** {@code GET experiments/get-by-name}. */
  public static final Endpoint<GetExperimentByName, GetExperimentResponse> GET_EXPERIMENT_BY_NAME =
      new Endpoint<>(
          "/experiments/get-by-name", GET, GetExperimentByName.class, GetExperimentResponse.class);

  /** {@code POST experiments/search} (GET is served too). */
  public static final Endpoint<SearchExperiments, SearchExperimentsResponse> SEARCH_EXPERIMENTS =
      new Endpoint<>(
          "/experiments/search",
          List.of("POST", "GET"),
          SearchExperiments.class,
          SearchExperimentsResponse.class);

  /** {@code POST experiments/delete}. */
  public static final Endpoint<DeleteExperiment, EmptyResponse> DELETE_EXPERIMENT =
      new Endpoint<>("/experiments/delete", POST, DeleteExperiment.class, EmptyResponse.class);

  /** {@code POST experiments/restore}. */
  public static final Endpoint<RestoreExperiment, EmptyResponse> RESTORE_EXPERIMENT =
      new Endpoint<>("/experiments/restore", POST, RestoreExperiment.class, EmptyResponse.class);

  /** {@code POST experiments/update}. */
  public static final Endpoint<UpdateExperiment, EmptyResponse> UPDATE_EXPERIMENT =
      new Endpoint<>("/experiments/update", POST, UpdateExperiment.class, EmptyResponse.class);

  /** {@code POST experiments/set-experiment-tag}. */
  public static final Endpoint<SetExperimentTag, EmptyResponse> SET_EXPERIMENT_TAG =
      new Endpoint<>(
          "/experiments/set-experiment-tag", POST, SetExperimentTag.class, EmptyResponse.class);

  /** {@code POST experiments/delete-experiment-tag} (not served by MLflow 2.22). */
  public static final Endpoint<DeleteExperimentTag, EmptyResponse> DELETE_EXPERIMENT_TAG =
      new Endpoint<>(
          "/experiments/delete-experiment-tag",
          POST,
          DeleteExperimentTag.class,
          EmptyResponse.class);

  /** {@code POST runs/create}. */
  public static final Endpoint<CreateRun, CreateRunResponse> CREATE_RUN =
      new Endpoint<>("/runs/create", POST, CreateRun.class, CreateRunResponse.class);

  /** {@code POST runs/update}. */
  public static final Endpoint<UpdateRun, UpdateRunResponse> UPDATE_RUN =
      new Endpoint<>("/runs/update", POST, UpdateRun.class, UpdateRunResponse.class);

  /** {@code POST runs/delete}. */
  public static final Endpoint<DeleteRun, EmptyResponse> DELETE_RUN =
      new Endpoint<>("/runs/delete", POST, DeleteRun.class, EmptyResponse.class);

  /** {@code POST runs/restore}. */
  public static final Endpoint<RestoreRun, EmptyResponse> RESTORE_RUN =
      new Endpoint<>("/runs/restore", POST, RestoreRun.class, EmptyResponse.class);

  /** {@code GET runs/get}. */
  public static final Endpoint<GetRun, GetRunResponse> GET_RUN =
      new Endpoint<>("/runs/get", GET, GetRun.class, GetRunResponse.class);

  /** {@code POST runs/search} (MLflow routes no GET). */
  public static final Endpoint<SearchRuns, SearchRunsResponse> SEARCH_RUNS =
      new Endpoint<>("/runs/search", POST, SearchRuns.class, SearchRunsResponse.class);

  /** {@code POST runs/log-metric}. */
  public static final Endpoint<LogMetric, EmptyResponse> LOG_METRIC =
      new Endpoint<>("/runs/log-metric", POST, LogMetric.class, EmptyResponse.class);

  /** {@code POST runs/log-parameter}. */
  public static final Endpoint<LogParam, EmptyResponse> LOG_PARAM =
      new Endpoint<>("/runs/log-parameter", POST, LogParam.class, EmptyResponse.class);

  /** {@code POST runs/set-tag}. */
  public static final Endpoint<SetTag, EmptyResponse> SET_TAG =
      new Endpoint<>("/runs/set-tag", POST, SetTag.class, EmptyResponse.class);

  /** {@code POST runs/delete-tag}. */
  public static final Endpoint<DeleteTag, EmptyResponse> DELETE_TAG =
      new Endpoint<>("/runs/delete-tag", POST, DeleteTag.class, EmptyResponse.class);

  /** {@code POST runs/log-batch}. */
  public static final Endpoint<LogBatch, EmptyResponse> LOG_BATCH =
      new Endpoint<>("/runs/log-batch", POST, LogBatch.class, EmptyResponse.class);

  /** {@code POST runs/log-inputs}. */
  public static final Endpoint<LogInputs, EmptyResponse> LOG_INPUTS =
      new Endpoint<>("/runs/log-inputs", POST, LogInputs.class, EmptyResponse.class);

  /** {@code GET metrics/get-history}. */
  public static final Endpoint<GetMetricHistory, GetMetricHistoryResponse> GET_METRIC_HISTORY =
      new Endpoint<>(
          "/metrics/get-history", GET, GetMetricHistory.class, GetMetricHistoryResponse.class);

  /** {@code GET artifacts/list}. */
  public static final Endpoint<ListArtifacts, ListArtifactsResponse> LIST_ARTIFACTS =
      new Endpoint<>("/artifacts/list", GET, ListArtifacts.class, ListArtifactsResponse.class);

  /** Every tracking endpoint, in the order of spec/rest-api.md §4. */
  public static final List<Endpoint<?, ?>> ALL =
      List.of(
          CREATE_EXPERIMENT,
          GET_EXPERIMENT,
          GET_EXPERIMENT_BY_NAME,
          SEARCH_EXPERIMENTS,
          DELETE_EXPERIMENT,
          RESTORE_EXPERIMENT,
          UPDATE_EXPERIMENT,
          SET_EXPERIMENT_TAG,
          DELETE_EXPERIMENT_TAG,
          CREATE_RUN,
          UPDATE_RUN,
          DELETE_RUN,
          RESTORE_RUN,
          GET_RUN,
          SEARCH_RUNS,
          LOG_METRIC,
          LOG_PARAM,
          SET_TAG,
          DELETE_TAG,
          LOG_BATCH,
          LOG_INPUTS,
          GET_METRIC_HISTORY,
          LIST_ARTIFACTS);

  /**
   * The endpoint serving {@code method} at {@code fullPath} (under either prefix, e.g. {@code
   * /api/2.0/mlflow/runs/get}); empty when none does.
   */
  public static Optional<Endpoint<?, ?>> find(String method, String fullPath) {
    String path;
    if (fullPath.startsWith(Endpoint.API_PREFIX + "/")) {
      path = fullPath.substring(Endpoint.API_PREFIX.length());
    } else if (fullPath.startsWith(Endpoint.AJAX_PREFIX + "/")) {
      path = fullPath.substring(Endpoint.AJAX_PREFIX.length());
    } else {
      return Optional.empty();
    }
    for (Endpoint<?, ?> e : ALL) {
      if (e.path().equals(path) && e.methods().contains(method)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /** The endpoint whose request type is {@code requestType}. */
  @SuppressWarnings("unchecked") // each request type belongs to exactly one endpoint
  public static <Q> Endpoint<Q, ?> forRequest(Class<Q> requestType) {
    for (Endpoint<?, ?> e : ALL) {
      if (e.requestType() == requestType) {
        return (Endpoint<Q, ?>) e;
      }
    }
    throw new IllegalArgumentException("no endpoint takes " + requestType.getName());
  }
}
