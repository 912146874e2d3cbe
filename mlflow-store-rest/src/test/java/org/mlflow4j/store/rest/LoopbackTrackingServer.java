package org.mlflow4j.store.rest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.ExperimentTag;
import org.mlflow4j.entity.Page;
import org.mlflow4j.entity.Param;
import org.mlflow4j.entity.RunTag;
import org.mlflow4j.rest.protocol.CreateExperiment;
import org.mlflow4j.rest.protocol.CreateExperimentResponse;
import org.mlflow4j.rest.protocol.CreateRun;
import org.mlflow4j.rest.protocol.CreateRunResponse;
import org.mlflow4j.rest.protocol.DeleteExperiment;
import org.mlflow4j.rest.protocol.DeleteExperimentTag;
import org.mlflow4j.rest.protocol.DeleteRun;
import org.mlflow4j.rest.protocol.DeleteTag;
import org.mlflow4j.rest.protocol.EmptyResponse;
import org.mlflow4j.rest.protocol.Endpoint;
import org.mlflow4j.rest.protocol.Endpoints;
import org.mlflow4j.rest.protocol.ErrorResponse;
import org.mlflow4j.rest.protocol.GetExperiment;
import org.mlflow4j.rest.protocol.GetExperimentByName;
import org.mlflow4j.rest.protocol.GetExperimentResponse;
import org.mlflow4j.rest.protocol.GetMetricHistory;
import org.mlflow4j.rest.protocol.GetMetricHistoryResponse;
import org.mlflow4j.rest.protocol.GetRun;
import org.mlflow4j.rest.protocol.GetRunResponse;
import org.mlflow4j.rest.protocol.LogBatch;
import org.mlflow4j.rest.protocol.LogInputs;
import org.mlflow4j.rest.protocol.LogMetric;
import org.mlflow4j.rest.protocol.LogParam;
import org.mlflow4j.rest.protocol.RestJson;
import org.mlflow4j.rest.protocol.RestoreExperiment;
import org.mlflow4j.rest.protocol.RestoreRun;
import org.mlflow4j.rest.protocol.SearchExperiments;
import org.mlflow4j.rest.protocol.SearchExperimentsResponse;
import org.mlflow4j.rest.protocol.SearchRuns;
import org.mlflow4j.rest.protocol.SearchRunsResponse;
import org.mlflow4j.rest.protocol.SetExperimentTag;
import org.mlflow4j.rest.protocol.SetTag;
import org.mlflow4j.rest.protocol.UpdateExperiment;
import org.mlflow4j.rest.protocol.UpdateRun;
import org.mlflow4j.rest.protocol.UpdateRunResponse;
import org.mlflow4j.store.TrackingStore;

/**
 * A minimal tracking server for tests: the JDK's HTTP server on a loopback port serving every
 * tracking endpoint over a store, with MLflow's error bodies. It stands in for mlflow-server until
 * that module can be depended on; it has no validation of its own (the store's applies).
 */
final class LoopbackTrackingServer implements AutoCloseable {
  private final TrackingStore store;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(8);

  private LoopbackTrackingServer(TrackingStore store, int port) throws IOException {
    this.store = store;
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  static LoopbackTrackingServer start(TrackingStore store) throws IOException {
    return new LoopbackTrackingServer(store, 0);
  }

  static LoopbackTrackingServer start(TrackingStore store, int port) throws IOException {
    return new LoopbackTrackingServer(store, port);
  }

  int port() {
    return server.getAddress().getPort();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + port());
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      Optional<Endpoint<?, ?>> endpoint = Endpoints.find(method, path);
      if (endpoint.isEmpty()) {
        send(exchange, 404, "text/html", "<html>Not Found</html>");
        return;
      }
      Object response;
      try {
        Object request =
            method.equals("GET")
                ? RestJson.readQuery(
                    endpoint.get().requestType(),
                    RestJson.parseQueryString(exchange.getRequestURI().getRawQuery()))
                : RestJson.read(
                    endpoint.get().requestType(), exchange.getRequestBody().readAllBytes());
        response = dispatch(request);
      } catch (MlflowException e) {
        send(exchange, e.httpStatus(), "application/json", RestJson.write(ErrorResponse.of(e)));
        return;
      } catch (RuntimeException e) {
        MlflowException internal = new MlflowException(ErrorCode.INTERNAL_ERROR, e.toString());
        send(exchange, 500, "application/json", RestJson.write(ErrorResponse.of(internal)));
        return;
      }
      send(exchange, 200, "application/json", RestJson.write(response));
    }
  }

  private Object dispatch(Object request) {
    if (request instanceof CreateExperiment r) {
      return new CreateExperimentResponse(
          store.createExperiment(r.name(), r.artifactLocation(), r.tags()));
    } else if (request instanceof GetExperiment r) {
      return new GetExperimentResponse(store.getExperiment(r.experimentId()));
    } else if (request instanceof GetExperimentByName r) {
      return new GetExperimentResponse(
          store
              .getExperimentByName(r.experimentName())
              .orElseThrow(
                  () ->
                      MlflowException.notFound(
                          "Could not find experiment with name '" + r.experimentName() + "'")));
    } else if (request instanceof SearchExperiments r) {
      return SearchExperimentsResponse.of(store.searchExperiments(r.toExperimentSearch()));
    } else if (request instanceof DeleteExperiment r) {
      store.deleteExperiment(r.experimentId());
    } else if (request instanceof RestoreExperiment r) {
      store.restoreExperiment(r.experimentId());
    } else if (request instanceof UpdateExperiment r) {
      store.renameExperiment(r.experimentId(), r.newName());
    } else if (request instanceof SetExperimentTag r) {
      store.setExperimentTag(r.experimentId(), new ExperimentTag(r.key(), r.value()));
    } else if (request instanceof DeleteExperimentTag r) {
      store.deleteExperimentTag(r.experimentId(), r.key());
    } else if (request instanceof CreateRun r) {
      return new CreateRunResponse(store.createRun(r.toRunCreate()));
    } else if (request instanceof UpdateRun r) {
      return new UpdateRunResponse(store.updateRun(r.runId(), r.toRunUpdate()));
    } else if (request instanceof DeleteRun r) {
      store.deleteRun(r.runId());
    } else if (request instanceof RestoreRun r) {
      store.restoreRun(r.runId());
    } else if (request instanceof GetRun r) {
      return new GetRunResponse(store.getRun(r.runId()));
    } else if (request instanceof SearchRuns r) {
      return SearchRunsResponse.of(store.searchRuns(r.toRunSearch()));
    } else if (request instanceof LogMetric r) {
      store.logMetric(r.runId(), r.metric());
    } else if (request instanceof LogParam r) {
      store.logParam(r.runId(), new Param(r.key(), r.value()));
    } else if (request instanceof SetTag r) {
      store.setTag(r.runId(), new RunTag(r.key(), r.value()));
    } else if (request instanceof DeleteTag r) {
      store.deleteTag(r.runId(), r.key());
    } else if (request instanceof LogBatch r) {
      store.logBatch(r.runId(), r.metrics(), r.params(), r.tags());
    } else if (request instanceof LogInputs r) {
      store.logInputs(r.runId(), r.datasets());
    } else if (request instanceof GetMetricHistory r) {
      return GetMetricHistoryResponse.of(
          new Page<>(store.getMetricHistory(r.runId(), r.metricKey()), Optional.empty()));
    } else {
      throw new MlflowException(ErrorCode.NOT_IMPLEMENTED, "not served: " + request);
    }
    return EmptyResponse.INSTANCE;
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    store.close();
  }
}
