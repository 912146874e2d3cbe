package org.mlflow4j.store.tck;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.mlflow4j.store.ArtifactRepository;

/** Runs the artifact kit against a repository without a disk (and without empty directories). */
class InMemoryArtifactRepositoryCompatibilityTest extends ArtifactRepositoryCompatibilityKit {
  @Override
  protected ArtifactRepository newRepository() {
    return new InMemoryArtifactRepository();
  }

  @Test
  @DisplayName("the kit's tests run against the in-memory repository itself, not a stand-in")
  void kitRunsAgainstThisRepository() {
    assertThat(repository()).isInstanceOf(InMemoryArtifactRepository.class);
  }
}
