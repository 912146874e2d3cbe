package org.mlflow4j.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow4j.store.ArtifactRepository;
import org.mlflow4j.store.tck.ArtifactRepositoryCompatibilityKit;

/**
 * Runs the artifact compatibility kit against {@link LocalArtifactRepository}, rooted in a
 * directory below a temporary one; the temporary directory around the root is what refused paths
 * must leave untouched.
 */
class LocalArtifactRepositoryCompatibilityTest extends ArtifactRepositoryCompatibilityKit {
  @TempDir Path base;

  @Override
  protected ArtifactRepository newRepository() {
    return LocalArtifactRepository.of(base.resolve("artifacts"));
  }

  @Override
  protected Optional<Path> untouchedDirectory() {
    return Optional.of(base);
  }

  /** MLflow keeps nothing beside the artifacts (spec/artifacts.md §4): no temporary file either. */
  @AfterEach
  void noTemporaryFilesLeft() throws IOException {
    Path root = base.resolve("artifacts");
    if (Files.exists(root)) {
      try (Stream<Path> walk = Files.walk(root)) {
        assertThat(walk.map(p -> p.getFileName().toString()))
            .as("names on disk after the test")
            .noneMatch(name -> name.startsWith(".upload-") || name.endsWith(".tmp"));
      }
    }
  }

  @Test
  @DisplayName("the kit's tests run against a local repository in the test's directory")
  void kitRunsAgainstThisRepository() {
    assertThat(repository()).isInstanceOf(LocalArtifactRepository.class);
    assertThat(((LocalArtifactRepository) repository()).rootDirectory())
        .isEqualTo(base.resolve("artifacts").toAbsolutePath().normalize());
  }
}
