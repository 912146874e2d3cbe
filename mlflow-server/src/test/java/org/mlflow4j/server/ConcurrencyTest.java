package org.mlflow4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** More concurrent requests than workers: all are answered, nothing is lost. */
class ConcurrencyTest {
  @TempDir Path dir;

  @Test
  @DisplayName("200 concurrent log-metric requests on 2 workers all land in the file store")
  void concurrentLogging() throws Exception {
    try (TrackingServer server =
        TrackingServer.builder()
            .backendStoreUri(dir.resolve("mlruns").toString())
            .port(0)
            .workers(2)
            .build()
            .start()) {
      Http http = new Http(server.uri());
      String experimentId =
          http.post("/api/2.0/mlflow/experiments/create", "{\"name\": \"busy\"}")
              .json()
              .get("experiment_id")
              .asString();
      String runId =
          http.post(
                  "/api/2.0/mlflow/runs/create",
                  "{\"experiment_id\": \"" + experimentId + "\", \"start_time\": 1}")
              .json()
              .at("/run/info/run_id")
              .asString();
      HttpClient client = HttpClient.newHttpClient();
      List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        calls.add(
            client.sendAsync(
                HttpRequest.newBuilder(server.uri().resolve("/api/2.0/mlflow/runs/log-metric"))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"run_id\": \""
                                + runId
                                + "\", \"key\": \"m\", \"value\": "
                                + i
                                + ", \"timestamp\": "
                                + i
                                + ", \"step\": "
                                + i
                                + "}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString()));
      }
      for (CompletableFuture<HttpResponse<String>> call : calls) {
        HttpResponse<String> response = call.get(30, TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      }
      Http.Reply history =
          http.get("/api/2.0/mlflow/metrics/get-history?run_id=" + runId + "&metric_key=m");
      assertThat(history.json().get("metrics")).hasSize(200);
    }
  }
}
