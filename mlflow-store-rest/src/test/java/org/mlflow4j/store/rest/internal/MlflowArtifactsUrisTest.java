package org.mlflow4j.store.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;

/** The resolution of mlflow-artifacts: URIs against the tracking URI (spec/artifacts.md §5). */
class MlflowArtifactsUrisTest {
  private static final String ROUTE = "/api/2.0/mlflow-artifacts/artifacts";

  @ParameterizedTest(name = "{0} + {1} -> {2}")
  @CsvSource({
    // netloc from the tracking URI
    "mlflow-artifacts:/1/abc/artifacts, http://localhost:5000,"
        + " http://localhost:5000"
        + ROUTE
        + "/1/abc/artifacts",
    // netloc from the artifact URI wins; the scheme is always the tracking URI's
    "mlflow-artifacts://other:6000/1/abc, https://localhost:5000,"
        + " https://other:6000"
        + ROUTE
        + "/1/abc",
    // the tracking path prefix is kept
    "mlflow-artifacts:/1/abc, http://host/mlflow/prefix/, http://host/mlflow/prefix"
        + ROUTE
        + "/1/abc",
    // duplicate slashes collapsed, trailing slash stripped
    "mlflow-artifacts:////1//abc///, http://host:5000//, http://host:5000" + ROUTE + "/1/abc",
    // the root
    "mlflow-artifacts:/, http://host:5000, http://host:5000" + ROUTE,
    "mlflow-artifacts:, http://host:5000, http://host:5000" + ROUTE,
    "mlflow-artifacts:/, http://host:5000/p, http://host:5000/p" + ROUTE,
    // a path without a leading slash
    "mlflow-artifacts:1/abc, http://host:5000, http://host:5000" + ROUTE + "/1/abc",
    // query and fragment of either URI are dropped
    "mlflow-artifacts:/1/abc?x=1#f, http://host:5000/p?y=2, http://host:5000/p" + ROUTE + "/1/abc",
    // credentials in the tracking URI travel with its netloc
    "mlflow-artifacts:/1, http://u:p@host:5000, http://u:p@host:5000" + ROUTE + "/1",
    // an IP address with or without a port is a host; a numeric host with a port is fine
    "mlflow-artifacts://127.0.0.1/1, http://h:5000, http://127.0.0.1" + ROUTE + "/1",
    "mlflow-artifacts://5000:80/1, http://h:5000, http://5000:80" + ROUTE + "/1",
    // the scheme of the tracking URI in any case
    "MLFLOW-ARTIFACTS:/1, HTTP://h:5000, http://h:5000" + ROUTE + "/1",
  })
  void resolves(String artifactUri, String trackingUri, String expected) {
    assertThat(MlflowArtifactsUris.resolve(artifactUri, trackingUri)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "tracking URI {0}")
  @ValueSource(
      strings = {
        "file:///tmp/mlruns",
        "./mlruns",
        "/abs/mlruns",
        "sqlite:///mlflow.db",
        "postgresql://u:secret@db/mlflow",
        "databricks"
      })
  @DisplayName(
      "a tracking URI that is not http(s) is INVALID_PARAMETER_VALUE with MLflow's message")
  void nonHttpTracking(String trackingUri) {
    assertThatThrownBy(() -> MlflowArtifactsUris.resolve("mlflow-artifacts:/1/abc", trackingUri))
        .isInstanceOfSatisfying(
            MlflowException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
              assertThat(e.getMessage())
                  .startsWith(
                      "When an mlflow-artifacts URI was supplied, the tracking URI must be a valid"
                          + " http or https URI, but it was currently set to ")
                  .doesNotContain("secret");
            });
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "mlflow-artifacts://5000/1/abc",
        "mlflow-artifacts://5000:/1/abc",
        "mlflow-artifacts://1.5/x",
        "mlflow-artifacts://user@8080/x"
      })
  @DisplayName("a numeric host without a port is refused, as MLflow reads it as a lone port")
  void numericHostWithoutPort(String artifactUri) {
    assertThatThrownBy(() -> MlflowArtifactsUris.resolve(artifactUri, "http://localhost:5000"))
        .isInstanceOfSatisfying(
            MlflowException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
              assertThat(e.getMessage())
                  .startsWith("The mlflow-artifacts uri was supplied with a port number: ")
                  .endsWith(", but no host was defined.");
            });
  }

  @Test
  @DisplayName("the numeric-host check runs before the tracking URI check, as in MLflow")
  void numericHostFirst() {
    assertThatThrownBy(() -> MlflowArtifactsUris.resolve("mlflow-artifacts://5000/x", "./mlruns"))
        .hasMessageContaining("no host was defined");
  }
}
