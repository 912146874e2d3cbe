package org.mlflow4j.store.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.store.StoreContext;
import org.mlflow4j.store.TrackingStore;
import org.mlflow4j.store.TrackingStoreProvider;
import org.mlflow4j.store.rest.internal.RestTrackingStoreProvider;

/** The provider: found by the service loader, configured by MLflow's settings. */
class RestTrackingStoreProviderTest {

  @Test
  void theServiceLoaderFindsTheProviderForHttpAndHttps() {
    List<TrackingStoreProvider> found =
        ServiceLoader.load(TrackingStoreProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.schemes().contains("http"))
            .toList();

    assertThat(found).hasSize(1);
    assertThat(found.get(0)).isInstanceOf(RestTrackingStoreProvider.class);
    assertThat(found.get(0).schemes()).containsExactlyInAnyOrder("http", "https");
    assertThat(found.get(0).artifact()).isEqualTo("org.mlflow4j:mlflow-store-rest");
    try (TrackingStore store = found.get(0).create(StoreContext.of("http://127.0.0.1:5000"))) {
      assertThat(store).isInstanceOf(RestTrackingStore.class);
    }
  }

  @Test
  void defaultsAreMlflows() {
    RestStoreOptions o = RestTrackingStoreProvider.options(StoreContext.of("http://h:5000/"));

    assertThat(o.maxRetries()).isEqualTo(7);
    assertThat(o.backoffFactor()).isEqualTo(2.0);
    assertThat(o.backoffJitter()).isEqualTo(1.0);
    assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(120));
    assertThat(o.respectRetryAfter()).isTrue();
    assertThat(o.insecureTls()).isFalse();
    assertThat(o.serverCertPath()).isEmpty();
    assertThat(o.username()).isEmpty();
    assertThat(o.token()).isEmpty();
    assertThat(o.poolSize()).isEqualTo(10);
  }

  @Test
  void settingsAreRead() {
    Map<String, String> s = new HashMap<>();
    s.put("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "3");
    s.put("MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", "5");
    s.put("MLFLOW_HTTP_REQUEST_BACKOFF_JITTER", "0.25");
    s.put("MLFLOW_HTTP_REQUEST_TIMEOUT", "9");
    s.put("MLFLOW_HTTP_RESPECT_RETRY_AFTER_HEADER", "FALSE");
    s.put("MLFLOW_TRACKING_USERNAME", "u");
    s.put("MLFLOW_TRACKING_PASSWORD", "p");
    s.put("MLFLOW_TRACKING_TOKEN", "t");
    s.put("MLFLOW_TRACKING_INSECURE_TLS", "1");

    RestStoreOptions o =
        RestTrackingStoreProvider.options(new StoreContext("https://h", Map.copyOf(s)));

    assertThat(o.maxRetries()).isEqualTo(3);
    assertThat(o.backoffFactor()).isEqualTo(5.0);
    assertThat(o.backoffJitter()).isEqualTo(0.25);
    assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(9));
    assertThat(o.respectRetryAfter()).isFalse();
    assertThat(o.username()).contains("u");
    assertThat(o.password()).contains("p");
    assertThat(o.token()).contains("t");
    assertThat(o.insecureTls()).isTrue();
    assertThat(o.toString()).doesNotContain("=p,").doesNotContain("=t,").contains("***");
  }

  @ParameterizedTest
  @CsvSource({
    "MLFLOW_HTTP_REQUEST_MAX_RETRIES, 10",
    "MLFLOW_HTTP_REQUEST_MAX_RETRIES, -1",
    "MLFLOW_HTTP_REQUEST_MAX_RETRIES, many",
    "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR, 120",
    "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR, -2",
    "MLFLOW_HTTP_REQUEST_BACKOFF_JITTER, -1",
    "MLFLOW_HTTP_REQUEST_BACKOFF_JITTER, lots",
    "MLFLOW_HTTP_REQUEST_TIMEOUT, 0",
    "MLFLOW_HTTP_REQUEST_TIMEOUT, 1.5",
    "MLFLOW_HTTP_RESPECT_RETRY_AFTER_HEADER, maybe",
    "MLFLOW_TRACKING_INSECURE_TLS, yes"
  })
  void anInvalidSettingIsRefusedBeforeAnyRequest(String name, String value) {
    StoreContext context = new StoreContext("http://127.0.0.1:1", Map.of(name, value));

    MlflowException e =
        catchThrowableOfType(
            MlflowException.class, () -> new RestTrackingStoreProvider().create(context));

    assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
    assertThat(e.getMessage()).contains(value.trim());
  }

  @Test
  void insecureTlsAndACertPathTogetherAreRefused() {
    StoreContext context =
        new StoreContext(
            "https://h",
            Map.of(
                "MLFLOW_TRACKING_INSECURE_TLS", "true",
                "MLFLOW_TRACKING_SERVER_CERT_PATH", "/ca.pem"));

    MlflowException e =
        catchThrowableOfType(
            MlflowException.class, () -> new RestTrackingStoreProvider().create(context));

    assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
    assertThat(e.getMessage())
        .contains("MLFLOW_TRACKING_INSECURE_TLS")
        .contains("MLFLOW_TRACKING_SERVER_CERT_PATH");
  }

  @Test
  void aCertPathThatIsNotPemIsRefused(@TempDir Path dir) throws IOException {
    Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
    StoreContext context =
        new StoreContext(
            "https://h", Map.of("MLFLOW_TRACKING_SERVER_CERT_PATH", notPem.toString()));

    MlflowException e =
        catchThrowableOfType(
            MlflowException.class, () -> new RestTrackingStoreProvider().create(context));

    assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
    assertThat(e.getMessage()).contains(notPem.toString());
  }

  @Test
  void aUriWithoutHostOrOfAnotherSchemeIsRefused() {
    for (String uri : List.of("http:///nohost", "ftp://h/x", "http://bad uri")) {
      MlflowException e =
          catchThrowableOfType(
              MlflowException.class, () -> RestTrackingStoreProvider.options(StoreContext.of(uri)));
      assertThat(e.errorCode()).as(uri).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
    }
  }

  @Test
  void optionsRoundTripThroughTheirBuilder() {
    RestStoreOptions o =
        RestStoreOptions.builder(java.net.URI.create("http://h"))
            .maxRetries(1)
            .serverCertPath(Optional.of(Path.of("/ca.pem")))
            .poolSize(3)
            .build();

    assertThat(o.toBuilder().build()).isEqualTo(o);
  }
}
