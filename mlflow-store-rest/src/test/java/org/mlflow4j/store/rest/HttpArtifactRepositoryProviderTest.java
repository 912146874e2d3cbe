package org.mlflow4j.store.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.store.ArtifactRepository;
import org.mlflow4j.store.ArtifactRepositoryContext;
import org.mlflow4j.store.ArtifactRepositoryProvider;
import org.mlflow4j.store.StoreContext;
import org.mlflow4j.store.rest.internal.HttpArtifactRepositoryProvider;

/** The artifact provider: found by the service loader, resolving against the tracking context. */
class HttpArtifactRepositoryProviderTest {
  private static final String ROUTE = HttpArtifactRepository.ARTIFACTS_ROUTE;

  private static ArtifactRepository create(String artifactUri, String trackingUri) {
    return create(artifactUri, trackingUri, Map.of());
  }

  private static ArtifactRepository create(
      String artifactUri, String trackingUri, Map<String, String> settings) {
    return new HttpArtifactRepositoryProvider()
        .create(
            new ArtifactRepositoryContext(artifactUri, new StoreContext(trackingUri, settings)));
  }

  @Test
  void theServiceLoaderFindsTheProviderForItsThreeSchemes() {
    List<ArtifactRepositoryProvider> found =
        ServiceLoader.load(ArtifactRepositoryProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.schemes().contains("mlflow-artifacts"))
            .toList();

    assertThat(found).hasSize(1);
    assertThat(found.get(0)).isInstanceOf(HttpArtifactRepositoryProvider.class);
    assertThat(found.get(0).schemes())
        .containsExactlyInAnyOrder("http", "https", "mlflow-artifacts");
    assertThat(found.get(0).artifact()).isEqualTo("org.mlflow4j:mlflow-store-rest");
  }

  @Test
  void mlflowArtifactsUrisAreResolvedAgainstTheTrackingUriOfTheContext() {
    try (ArtifactRepository repository =
        create("mlflow-artifacts:/1/abc/artifacts", "http://127.0.0.1:5000/prefix")) {
      assertThat(repository).isInstanceOf(HttpArtifactRepository.class);
      assertThat(repository.rootUri()).isEqualTo("mlflow-artifacts:/1/abc/artifacts");
      assertThat(((HttpArtifactRepository) repository).rootUrl())
          .isEqualTo("http://127.0.0.1:5000/prefix" + ROUTE + "/1/abc/artifacts");
    }
  }

  @Test
  void httpUrisAreUsedAsTheyAre() {
    String uri = "https://h:8443" + ROUTE + "/1/abc/artifacts";
    try (ArtifactRepository repository = create(uri, "./mlruns")) {
      assertThat(((HttpArtifactRepository) repository).rootUrl()).isEqualTo(uri);
    }
  }

  @Test
  void credentialsInTheTrackingUriAreUsedButNeverShown() {
    try (ArtifactRepository repository =
        create("mlflow-artifacts:/1", "http://alice:s3cret@127.0.0.1:5000")) {
      assertThat(((HttpArtifactRepository) repository).rootUrl()).doesNotContain("s3cret");
      assertThat(repository.toString()).doesNotContain("s3cret");
    }
  }

  @Test
  void anHttpUriOutsideTheArtifactRouteIsRefused() {
    for (String uri :
        List.of(
            "http://h:5000/api/2.0/mlflow/runs",
            "http://h:5000/api/2.0/mlflow-artifacts/artifactsX/1",
            "http://h:5000" + ROUTE + "/1?x=1")) {
      assertThatThrownBy(() -> create(uri, "http://h:5000"))
          .isInstanceOfSatisfying(
              MlflowException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
    }
  }

  @Test
  void aNonHttpTrackingUriIsRefusedForMlflowArtifactsUris() {
    assertThatThrownBy(() -> create("mlflow-artifacts:/1", "file:///tmp/mlruns"))
        .isInstanceOfSatisfying(
            MlflowException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
              assertThat(e.getMessage()).contains("must be a valid http or https URI");
            });
  }

  @Test
  void theHttpSettingsOfTheContextApplyAndBadOnesAreRefused() {
    assertThatThrownBy(
            () ->
                create(
                    "mlflow-artifacts:/1",
                    "http://h:5000",
                    Map.of("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "10")))
        .isInstanceOfSatisfying(
            MlflowException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
              assertThat(e.getMessage()).contains("MLFLOW_HTTP_REQUEST_MAX_RETRIES");
            });
  }
}
