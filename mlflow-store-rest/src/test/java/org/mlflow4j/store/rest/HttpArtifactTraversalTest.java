package org.mlflow4j.store.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.store.ArtifactRepository;
import org.mlflow4j.store.rest.ScriptedServer.Answer;
import org.mlflow4j.store.tck.PathTraversalVectors;
import org.mlflow4j.store.tck.PathTraversalVectors.Vector;

/**
 * Unsafe paths are refused on the client, before any request: each vector on each primitive against
 * a real loopback server that counts every request it receives.
 */
class HttpArtifactTraversalTest {
  private static ScriptedServer server;
  private static HttpArtifactRepository repository;

  /** The vectors of the kit, each tried on each primitive. */
  static List<Vector> vectors() {
    return PathTraversalVectors.all();
  }

  private static final List<Primitive> PRIMITIVES =
      List.of(
          new Primitive(
              "writeArtifact",
              (r, p) ->
                  r.writeArtifact(p, new ByteArrayInputStream(new byte[] {1}), OptionalLong.of(1))),
          new Primitive("openArtifact", ArtifactRepository::openArtifact),
          new Primitive("listArtifacts", ArtifactRepository::listArtifacts),
          new Primitive("deleteArtifacts", ArtifactRepository::deleteArtifacts));

  record Primitive(String name, BiConsumer<ArtifactRepository, String> call) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (Primitive primitive : PRIMITIVES) {
      for (Vector vector : vectors()) {
        cases.add(Arguments.of(primitive, vector));
      }
    }
    return cases.stream();
  }

  @BeforeAll
  static void start() throws IOException {
    server = new ScriptedServer(Answer.json(200, "{}"));
    repository =
        HttpArtifactRepository.open(
            URI.create(server.uri() + HttpArtifactRepository.ARTIFACTS_ROUTE + "/1/abc/artifacts"));
  }

  @AfterAll
  static void stop() {
    repository.close();
    server.close();
  }

  @ParameterizedTest(name = "{0} refuses {1}")
  @MethodSource("cases")
  @DisplayName("an unsafe path is INVALID_PARAMETER_VALUE and no request reaches the server")
  void refusedBeforeAnyRequest(Primitive primitive, Vector vector) {
    int before = server.received().size();
    assertThatThrownBy(() -> primitive.call().accept(repository, vector.path()))
        .isInstanceOfSatisfying(
            MlflowException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
    assertThat(server.received()).hasSize(before);
  }

  @Test
  @DisplayName(
      "the counting server does see a safe request, so the zero counts above mean something")
  void safeRequestsAreCounted() {
    int before = server.received().size();
    repository.listArtifacts("a/b");
    assertThat(server.received()).hasSize(before + 1);
  }

  @Test
  @DisplayName("writing to the root path is refused, opening the root is RESOURCE_DOES_NOT_EXIST")
  void rootIsNotAFile() {
    int before = server.received().size();
    assertThatThrownBy(
            () ->
                repository.writeArtifact(
                    "", new ByteArrayInputStream(new byte[0]), OptionalLong.of(0)))
        .isInstanceOfSatisfying(
            MlflowException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
    assertThatThrownBy(() -> repository.openArtifact("."))
        .isInstanceOfSatisfying(
            MlflowException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST));
    assertThat(server.received()).hasSize(before);
  }

  @Test
  @DisplayName("an artifact URI whose path below the route is unsafe is refused")
  void unsafeRoot() {
    for (String root : List.of("/1/%2e%2e/%2e%2e/x", "/a%5Cb")) {
      assertThatThrownBy(
              () ->
                  HttpArtifactRepository.open(
                      URI.create(server.uri() + HttpArtifactRepository.ARTIFACTS_ROUTE + root)))
          .isInstanceOfSatisfying(
              MlflowException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
    }
  }
}
