package org.mlflow4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.Param;
import org.mlflow4j.entity.RunTag;
import org.mlflow4j.store.RunCreate;
import org.mlflow4j.store.tck.ForwardingTrackingStore;
import org.mlflow4j.store.tck.InMemoryTrackingStore;

/** Start, stop, graceful shutdown, store ownership. */
class LifecycleTest {

  /** Blocks logBatch until released, and says when a call has entered. */
  static final class BlockingStore extends ForwardingTrackingStore {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    BlockingStore() {
      super(new InMemoryTrackingStore());
    }

    @Override
    public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<RunTag> tags) {
      entered.countDown();
      try {
        if (!release.await(20, TimeUnit.SECONDS)) {
          throw new IllegalStateException("never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      super.logBatch(runId, metrics, params, tags);
    }
  }

  @Test
  @DisplayName("stop() refuses new connections but lets an in-flight request finish")
  void gracefulStopFinishesInFlightRequest() throws Exception {
    BlockingStore store = new BlockingStore();
    String experimentId = store.createExperiment("graceful", Optional.empty(), List.of());
    String runId =
        store.createRun(new RunCreate(experimentId, "u", Optional.empty(), 1L, List.of())).info().runId();
    TrackingServer server =
        TrackingServer.builder().store(store).port(0).stopTimeout(Duration.ofSeconds(15)).build().start();
    HttpClient client = HttpClient.newHttpClient();
    CompletableFuture<HttpResponse<String>> inFlight =
        client.sendAsync(
            HttpRequest.newBuilder(server.uri().resolve("/api/2.0/mlflow/runs/log-metric"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"run_id\": \"" + runId + "\", \"key\": \"m\", \"value\": 1.5, \"timestamp\": 5}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(store.entered.await(10, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);
    // Wait until the server no longer answers new requests.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    boolean refused = false;
    while (!refused && System.nanoTime() < deadline) {
      try {
        HttpResponse<String> health =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()
                .send(
                    HttpRequest.newBuilder(server.uri().resolve("/health"))
                        .timeout(Duration.ofSeconds(2))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        refused = health.statusCode() == 503;
      } catch (java.io.IOException e) {
        refused = true;
      }
      if (!refused) {
        Thread.sleep(20);
      }
    }
    assertThat(refused).as("new requests are refused while stopping").isTrue();
    assertThat(stopping).as("stop waits for the in-flight request").isNotDone();
    assertThat(inFlight).isNotDone();

    store.release.countDown();
    HttpResponse<String> response = inFlight.get(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{}");
    stopping.get(10, TimeUnit.SECONDS);
    assertThat(server.isRunning()).isFalse();
    assertThat(store.getMetricHistory(runId, "m")).extracting(Metric::value).containsExactly(1.5);
  }

  @Test
  @DisplayName("a store opened from the backend URI is closed at stop, once")
  void ownedStoreIsClosed() {
    int opened = CountingStoreProvider.OPENED.get();
    int closed = CountingStoreProvider.CLOSED.get();
    TrackingServer server =
        TrackingServer.builder().backendStoreUri("counting://x").port(0).build();
    assertThat(CountingStoreProvider.OPENED.get()).as("nothing opened before start").isEqualTo(opened);
    server.start();
    assertThat(CountingStoreProvider.OPENED.get()).isEqualTo(opened + 1);
    Http http = new Http(server.uri());
    assertThat(http.post("/api/2.0/mlflow/experiments/create", "{\"name\": \"c\"}").status()).isEqualTo(200);
    server.stop();
    server.close();
    assertThat(CountingStoreProvider.CLOSED.get()).isEqualTo(closed + 1);
    assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("port 0 binds an ephemeral port; a taken port fails start with a clear error")
  void ports() throws Exception {
    try (TrackingServer server =
        TrackingServer.builder().store(new InMemoryTrackingStore()).port(0).build().start()) {
      assertThat(server.port()).isPositive();
      assertThat(server.uri().toString()).isEqualTo("http://127.0.0.1:" + server.port());
      assertThat(server.isRunning()).isTrue();
    }
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      TrackingServer clash =
          TrackingServer.builder()
              .store(new InMemoryTrackingStore())
              .port(taken.getLocalPort())
              .build();
      assertThatThrownBy(clash::start)
          .isInstanceOf(MlflowException.class)
          .hasMessageContaining(String.valueOf(taken.getLocalPort()));
      assertThat(clash.isRunning()).isFalse();
    }
    assertThatThrownBy(() -> TrackingServer.builder().port(70000))
        .isInstanceOf(MlflowException.class);
    assertThatThrownBy(() -> TrackingServer.builder().build().port())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("the default backend store URI is MlflowClient's default, ./mlruns")
  void defaultBackend() {
    assertThat(TrackingServer.builder().build().backendStoreUri()).isEqualTo("./mlruns");
  }
}
