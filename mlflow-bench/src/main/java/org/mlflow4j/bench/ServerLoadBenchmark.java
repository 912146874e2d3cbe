package org.mlflow4j.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.mlflow4j.client.MlflowClient;
import org.mlflow4j.server.TrackingServer;

/**
 * A closed-loop load benchmark of {@link TrackingServer}: a fixed number of concurrent clients
 * (default 4) send {@code log-metric} and {@code log-batch} (100 metrics) requests over loopback
 * HTTP to a server on the file and on the SQLite backend, for a fixed time each. The baseline is
 * {@code GET /health} on the same server in the same run (the HTTP stack alone, no store work); the
 * table states requests/s as a ratio of it, with p50 and p99 latency. JMH is not used because it
 * does not report tail latency of a closed-loop load well.
 *
 * <p>Arguments are {@code key=value}: {@code warmup} and {@code measure} (seconds, default 3 and
 * 8), {@code clients} (default 4). The process exits with status 1 if any request failed or the
 * store holds a different number of metric points than were sent.
 */
public final class ServerLoadBenchmark {
  static final int BATCH_METRICS = 100;
  // Bounds the latency record (and the run) whatever the speed of the machine.
  static final int MAX_REQUESTS_PER_CLIENT = 2_000_000;
  static final String METRIC_KEY = "lm";
  static final String BATCH_KEY = "lb";

  private ServerLoadBenchmark() {}

  /**
   * The operations measured, in this order. The baseline brackets the store operations (before and
   * after) and is their mean, so that JIT and GC drift over the run shows and cancels out.
   */
  enum Operation {
    HEALTH("GET /health"),
    LOG_METRIC("log-metric"),
    LOG_BATCH("log-batch x" + BATCH_METRICS),
    HEALTH_AGAIN("GET /health again");

    final String label;

    Operation(String label) {
      this.label = label;
    }
  }

  /** What one operation on one backend measured. */
  record Result(
      String backend, Operation operation, long requests, double seconds, long[] latencies, long errors) {
    double requestsPerSecond() {
      return requests / seconds;
    }

    double percentileMillis(double p) {
      if (latencies.length == 0) {
        return Double.NaN;
      }
      int index = (int) Math.ceil(p * latencies.length) - 1;
      return latencies[Math.max(0, Math.min(index, latencies.length - 1))] / 1e6;
    }
  }

  /** One client's share of a phase. */
  private static final class ClientResult {
    final long[] latencies = new long[MAX_REQUESTS_PER_CLIENT];
    int measured;
    long firstMeasuredStart = Long.MAX_VALUE;
    long lastMeasuredEnd = Long.MIN_VALUE;
    long errors;
    String firstError;
  }

  /** Runs the benchmark and prints the table; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    // Server and pool start/stop lines would bury the table; set before the first logger exists.
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    int warmup = 3;
    int measure = 8;
    int clients = 4;
    for (String arg : args) {
      if (arg.equals(".*")) {
        continue; // the pom's default bench.args, meant for JMH
      }
      String[] kv = arg.split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException("Expected key=value, got '" + arg + "'");
      }
      int value = Integer.parseInt(kv[1]);
      switch (kv[0]) {
        case "warmup" -> warmup = value;
        case "measure" -> measure = value;
        case "clients" -> clients = value;
        default -> throw new IllegalArgumentException("Unknown argument '" + kv[0] + "'");
      }
    }
    System.out.printf(
        Locale.ROOT,
        "ServerLoadBenchmark: %d clients, warm-up %d s, measure %d s per operation, loopback,"
            + " Java %s, %d CPUs%n",
        clients,
        warmup,
        measure,
        Runtime.version(),
        Runtime.getRuntime().availableProcessors());

    List<Result> results = new ArrayList<>();
    boolean ok = true;
    Path root = Files.createTempDirectory("mlflow4j-loadbench");
    try {
      // The first phase of a fresh JVM would otherwise run on cold code: /health is measured first,
      // so warm the client and server paths once on a throwaway file store, results discarded.
      System.out.println("JVM warm-up (not reported)");
      ok &=
          runBackend(
          "warm-up",
          root.resolve("warm-up").toString(),
          root.resolve("warm-up-artifacts"),
          clients,
          warmup,
          0,
          new ArrayList<>());
      for (String backend : List.of("file", "sqlite")) {
        String uri =
            backend.equals("file")
                ? root.resolve("mlruns").toString()
                : "sqlite:///" + root.resolve("mlflow.db").toAbsolutePath();
        ok &= runBackend(backend, uri, root.resolve(backend + "-artifacts"), clients, warmup, measure, results);
      }
    } finally {
      deleteTree(root);
    }
    printTable(results);
    System.out.println("baseline = mean req/s of the two GET /health phases of the same backend");
    if (!ok) {
      System.out.println("FAILED: see the errors and checks above");
      System.exit(1);
    }
  }

  private static boolean runBackend(
      String backend,
      String backendUri,
      Path artifacts,
      int clients,
      int warmup,
      int measure,
      List<Result> results)
      throws Exception {
    List<String> runIds = new ArrayList<>();
    try (MlflowClient client = MlflowClient.builder().trackingUri(backendUri).build()) {
      String experimentId =
          client.createExperiment("load-" + backend, artifacts.toUri().toString(), Map.of());
      for (int i = 0; i < clients; i++) {
        runIds.add(client.createRun(experimentId).info().runId());
      }
    }
    long[] metricPoints = new long[clients];
    long[] batchPoints = new long[clients];
    boolean ok = true;
    TrackingServer server =
        TrackingServer.builder().backendStoreUri(backendUri).host("127.0.0.1").port(0).build().start();
    try {
      URI base = server.uri();
      for (Operation operation : Operation.values()) {
        Result result =
            runPhase(backend, operation, base, runIds, metricPoints, batchPoints, warmup, measure);
        results.add(result);
        ok &= result.errors() == 0;
      }
    } finally {
      server.stop();
    }
    // Count what the store holds, through a client on the same backend (the server is stopped).
    try (MlflowClient client = MlflowClient.builder().trackingUri(backendUri).build()) {
      long sentMetric = 0;
      long sentBatch = 0;
      long storedMetric = 0;
      long storedBatch = 0;
      for (int i = 0; i < clients; i++) {
        sentMetric += metricPoints[i];
        sentBatch += batchPoints[i];
        int m = client.getMetricHistory(runIds.get(i), METRIC_KEY).size();
        int b = client.getMetricHistory(runIds.get(i), BATCH_KEY).size();
        storedMetric += m;
        storedBatch += b;
        ok &= m == metricPoints[i] && b == batchPoints[i];
      }
      System.out.printf(
          Locale.ROOT,
          "check %-6s: log-metric points sent %d, stored %d; log-batch points sent %d, stored %d -> %s%n",
          backend,
          sentMetric,
          storedMetric,
          sentBatch,
          storedBatch,
          storedMetric == sentMetric && storedBatch == sentBatch ? "OK" : "MISMATCH");
    }
    return ok;
  }

  private static Result runPhase(
      String backend,
      Operation operation,
      URI base,
      List<String> runIds,
      long[] metricPoints,
      long[] batchPoints,
      int warmup,
      int measure)
      throws Exception {
    int clients = runIds.size();
    long start = System.nanoTime();
    long measureStart = start + TimeUnit.SECONDS.toNanos(warmup);
    long end = measureStart + TimeUnit.SECONDS.toNanos(measure);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<ClientResult>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < clients; i++) {
        int client = i;
        futures.add(
            pool.submit(
                () ->
                    runClient(
                        operation,
                        base,
                        runIds.get(client),
                        client,
                        metricPoints,
                        batchPoints,
                        measureStart,
                        end)));
      }
      List<ClientResult> parts = new ArrayList<>();
      for (Future<ClientResult> future : futures) {
        parts.add(future.get());
      }
      int total = parts.stream().mapToInt(p -> p.measured).sum();
      long[] latencies = new long[total];
      int at = 0;
      long errors = 0;
      long first = Long.MAX_VALUE;
      long last = Long.MIN_VALUE;
      for (ClientResult part : parts) {
        System.arraycopy(part.latencies, 0, latencies, at, part.measured);
        at += part.measured;
        errors += part.errors;
        first = Math.min(first, part.firstMeasuredStart);
        last = Math.max(last, part.lastMeasuredEnd);
        if (part.firstError != null) {
          System.out.printf(
              Locale.ROOT,
              "%s %s: %d errors, first: %s%n",
              backend,
              operation.label,
              part.errors,
              part.firstError);
        }
      }
      Arrays.sort(latencies);
      double seconds = total == 0 ? Double.NaN : (last - first) / 1e9;
      return new Result(backend, operation, total, seconds, latencies, errors);
    } finally {
      pool.shutdownNow();
    }
  }

  private static ClientResult runClient(
      Operation operation,
      URI base,
      String runId,
      int client,
      long[] metricPoints,
      long[] batchPoints,
      long measureStart,
      long end) {
    ClientResult result = new ClientResult();
    // HTTP/1.1 with keep-alive: no h2c upgrade attempt on a cleartext connection.
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    URI health = base.resolve("/health");
    URI logMetric = base.resolve("/api/2.0/mlflow/runs/log-metric");
    URI logBatch = base.resolve("/api/2.0/mlflow/runs/log-batch");
    long step = 0;
    int sent = 0;
    while (sent < MAX_REQUESTS_PER_CLIENT) {
      long now = System.nanoTime();
      if (now >= end) {
        break;
      }
      HttpRequest request;
      int points;
      long timestamp = System.currentTimeMillis();
      switch (operation) {
        case HEALTH, HEALTH_AGAIN -> {
          request = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(30)).GET().build();
          points = 0;
        }
        case LOG_METRIC -> {
          String body =
              "{\"run_id\":\"" + runId + "\",\"key\":\"" + METRIC_KEY + "\",\"value\":" + (step * 0.5)
                  + ",\"timestamp\":" + timestamp + ",\"step\":" + step + "}";
          step++;
          request = post(logMetric, body);
          points = 1;
        }
        case LOG_BATCH -> {
          StringBuilder body = new StringBuilder(BATCH_METRICS * 72);
          body.append("{\"run_id\":\"").append(runId).append("\",\"metrics\":[");
          for (int i = 0; i < BATCH_METRICS; i++) {
            if (i > 0) {
              body.append(',');
            }
            body.append("{\"key\":\"").append(BATCH_KEY).append("\",\"value\":").append(step * 0.5)
                .append(",\"timestamp\":").append(timestamp).append(",\"step\":").append(step)
                .append('}');
            step++;
          }
          body.append("]}");
          request = post(logBatch, body.toString());
          points = BATCH_METRICS;
        }
        default -> throw new AssertionError(operation);
      }
      long started = System.nanoTime();
      String error = null;
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          error = "HTTP " + response.statusCode() + ": " + response.body();
        }
      } catch (IOException e) {
        error = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        error = e.toString();
      }
      long finished = System.nanoTime();
      sent++;
      // Count points the server may have stored: a failed request is an error either way.
      if (error == null) {
        if (operation == Operation.LOG_METRIC) {
          metricPoints[client] += points;
        } else if (operation == Operation.LOG_BATCH) {
          batchPoints[client] += points;
        }
      } else {
        result.errors++;
        if (result.firstError == null) {
          result.firstError = error;
        }
        if (Thread.currentThread().isInterrupted()) {
          break;
        }
      }
      if (started >= measureStart) {
        result.latencies[result.measured++] = finished - started;
        result.firstMeasuredStart = Math.min(result.firstMeasuredStart, started);
        result.lastMeasuredEnd = finished;
      }
    }
    return result;
  }

  private static HttpRequest post(URI uri, String json) {
    return HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  private static void printTable(List<Result> results) {
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "%-7s %-18s %10s %10s %9s %9s %12s %7s%n",
        "backend",
        "operation",
        "requests",
        "req/s",
        "p50 ms",
        "p99 ms",
        "vs baseline",
        "errors");
    for (Result result : results) {
      double baseline =
          results.stream()
              .filter(
                  r ->
                      r.backend().equals(result.backend())
                          && (r.operation() == Operation.HEALTH
                              || r.operation() == Operation.HEALTH_AGAIN))
              .mapToDouble(Result::requestsPerSecond)
              .average()
              .orElseThrow();
      System.out.printf(
          Locale.ROOT,
          "%-7s %-18s %10d %10.0f %9.3f %9.3f %12.3f %7d%n",
          result.backend(),
          result.operation().label,
          result.requests(),
          result.requestsPerSecond(),
          result.percentileMillis(0.50),
          result.percentileMillis(0.99),
          result.requestsPerSecond() / baseline,
          result.errors());
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
