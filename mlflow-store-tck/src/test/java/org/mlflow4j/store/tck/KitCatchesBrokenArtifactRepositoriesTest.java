package org.mlflow4j.store.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.FileInfo;
import org.mlflow4j.store.ArtifactRepository;

/**
 * The artifact kit must fail repositories that break the contract: each broken repository below
 * breaks one rule, and the kit tests of that rule must fail while the in-memory one passes them.
 */
class KitCatchesBrokenArtifactRepositoriesTest {

  @Test
  @DisplayName("a repository that trusts the caller's paths fails the path-safety tests")
  void trustsPaths() {
    assertThat(KitRun.of(TrustsPaths.class).failed())
        .contains("parent-file [../x]", "absolute [/etc/passwd]", "encoded-parent [%2e%2e/x]")
        .contains("hash [a#b]", "nul [a\\u0000b]", "file-uri-absolute [file:///etc/passwd]");
  }

  @Test
  @DisplayName("a repository that lists recursively fails the direct-children tests")
  void listsRecursively() {
    assertThat(KitRun.of(ListsRecursively.class).failed())
        .contains(
            "the root lists its direct children only, sorted by path, files with exact sizes",
            "parent directories are implicit: writing a/b/c/f.txt makes a, a/b and a/b/c");
  }

  @Test
  @DisplayName("a repository that lists names relative to the listed directory fails")
  void listsBasenames() {
    assertThat(KitRun.of(ListsBasenames.class).failed())
        .contains(
            "listing model gives model/MLmodel: paths are relative to the root, not the"
                + " directory");
  }

  @Test
  @DisplayName("a repository that keeps what it read of a failed write fails the failed-write test")
  void keepsPartialWrites() {
    assertThat(KitRun.of(KeepsPartialWrites.class).failed())
        .contains("a content stream failing half-way leaves no file and no listing entry");
  }

  @Test
  @DisplayName("a repository without DELETE sees the delete tests skipped, and the rest pass")
  void cannotDelete() {
    KitRun run = KitRun.of(CannotDelete.class);
    assertThat(run.failed()).isEmpty();
    assertThat(run.abortedMessages())
        .anySatisfy(m -> assertThat(m).contains("does not declare capability DELETE"));
  }

  @Test
  @DisplayName("the in-memory repository passes the whole kit")
  void referencePasses() {
    KitRun run = KitRun.of(InMemoryArtifactRepositoryCompatibilityTest.class);
    assertThat(run.failed()).isEmpty();
    assertThat(run.abortedMessages())
        .hasSize(2)
        .anySatisfy(m -> assertThat(m).endsWith("the repository declares capability DELETE"))
        .anySatisfy(m -> assertThat(m).endsWith("the repository keeps no empty directories"));
  }

  // ---- the broken repositories, each run through the whole kit

  static class TrustsPaths extends ArtifactRepositoryCompatibilityKit {
    @Override
    protected ArtifactRepository newRepository() {
      return new InMemoryArtifactRepository(p -> p.replaceAll("^/+|/+$", ""));
    }
  }

  static class ListsRecursively extends ArtifactRepositoryCompatibilityKit {
    @Override
    protected ArtifactRepository newRepository() {
      return new ForwardingArtifactRepository(new InMemoryArtifactRepository()) {
        @Override
        public List<FileInfo> listArtifacts(String path) {
          List<FileInfo> all = new ArrayList<>();
          for (FileInfo info : delegate.listArtifacts(path)) {
            all.add(info);
            if (info.isDir()) {
              all.addAll(listArtifacts(info.path()));
            }
          }
          return all;
        }
      };
    }
  }

  static class ListsBasenames extends ArtifactRepositoryCompatibilityKit {
    @Override
    protected ArtifactRepository newRepository() {
      return new ForwardingArtifactRepository(new InMemoryArtifactRepository()) {
        @Override
        public List<FileInfo> listArtifacts(String path) {
          return delegate.listArtifacts(path).stream()
              .map(
                  i ->
                      new FileInfo(
                          i.path().substring(i.path().lastIndexOf('/') + 1),
                          i.isDir(),
                          i.fileSize()))
              .toList();
        }
      };
    }
  }

  static class KeepsPartialWrites extends ArtifactRepositoryCompatibilityKit {
    @Override
    protected ArtifactRepository newRepository() {
      return new ForwardingArtifactRepository(new InMemoryArtifactRepository()) {
        @Override
        public void writeArtifact(String path, InputStream content, OptionalLong size) {
          ByteArrayOutputStream received = new ByteArrayOutputStream();
          try {
            content.transferTo(received);
          } catch (IOException e) {
            byte[] partial = received.toByteArray();
            delegate.writeArtifact(
                path, new ByteArrayInputStream(partial), OptionalLong.of(partial.length));
            throw new MlflowException(ErrorCode.INTERNAL_ERROR, "write failed: " + e, e);
          }
          byte[] whole = received.toByteArray();
          delegate.writeArtifact(path, new ByteArrayInputStream(whole), size);
        }
      };
    }
  }

  static class CannotDelete extends ArtifactRepositoryCompatibilityKit {
    @Override
    protected ArtifactRepository newRepository() {
      return new ForwardingArtifactRepository(new InMemoryArtifactRepository()) {
        @Override
        public void deleteArtifacts(String path) {
          throw new MlflowException(ErrorCode.NOT_IMPLEMENTED, "this repository cannot delete");
        }
      };
    }

    @Override
    protected Set<ArtifactCapability> capabilities() {
      return EnumSet.noneOf(ArtifactCapability.class);
    }
  }
}
