package org.mlflow4j.store.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.FileInfo;
import org.mlflow4j.store.ArtifactRepository;
import org.mlflow4j.store.support.TransferListener;

/**
 * A few rules of the artifact contract, standing in for {@code ArtifactRepositoryCompatibilityKit}
 * (branch artkit) until it lands: subclasses implement the same {@link #newRepository()}, so that
 * switching is the one {@code extends} clause. Delete this class then.
 */
abstract class ArtifactContractStandIn {
  @TempDir Path local;

  private ArtifactRepository repository;

  /** A fresh, empty repository; closed after each test. */
  protected abstract ArtifactRepository newRepository();

  protected final ArtifactRepository repository() {
    return repository;
  }

  @BeforeEach
  final void open() {
    repository = newRepository();
  }

  @AfterEach
  final void close() {
    repository.close();
  }

  private void write(String path, byte[] bytes) {
    repository.writeArtifact(path, new ByteArrayInputStream(bytes), OptionalLong.of(bytes.length));
  }

  private byte[] read(String path) throws IOException {
    try (InputStream in = repository.openArtifact(path)) {
      return in.readAllBytes();
    }
  }

  @Test
  void binaryContentRoundTrips() throws IOException {
    byte[] bytes = new byte[3 * 1024 * 1024 + 17];
    new Random(7).nextBytes(bytes);
    write("dir/sub/blob.bin", bytes);
    assertThat(read("dir/sub/blob.bin")).isEqualTo(bytes);
  }

  @Test
  void overwriteReplaces() throws IOException {
    write("a.txt", "first, longer".getBytes(StandardCharsets.UTF_8));
    write("a.txt", "second".getBytes(StandardCharsets.UTF_8));
    assertThat(new String(read("a.txt"), StandardCharsets.UTF_8)).isEqualTo("second");
  }

  @Test
  void listingGivesDirectChildrenRelativeToTheRootSortedWithSizes() {
    write("m/MLmodel", new byte[354]);
    write("m/empty", new byte[0]);
    write("m/data/x.bin", new byte[3]);
    write("top.txt", new byte[1]);

    assertThat(repository.listArtifacts(""))
        .containsExactly(
            new FileInfo("m", true, OptionalLong.empty()),
            new FileInfo("top.txt", false, OptionalLong.of(1)));
    assertThat(repository.listArtifacts("m"))
        .containsExactly(
            new FileInfo("m/MLmodel", false, OptionalLong.of(354)),
            new FileInfo("m/data", true, OptionalLong.empty()),
            new FileInfo("m/empty", false, OptionalLong.of(0)));
    assertThat(repository.listArtifacts("m/data/"))
        .containsExactly(new FileInfo("m/data/x.bin", false, OptionalLong.of(3)));
    assertThat(repository.listArtifacts("m/MLmodel")).isEmpty();
    assertThat(repository.listArtifacts("missing")).isEmpty();
  }

  @Test
  void namesWithSpacesAndUnicodeRoundTrip() throws IOException {
    // "50%.txt" is left out: our server's Jetty refuses "%25" in a path (reported to artserver)
    for (String name : List.of("with space.txt", "ünï €.txt", "a+b=c&d;e.txt", "x@y:z.txt")) {
      write("odd/" + name, name.getBytes(StandardCharsets.UTF_8));
      assertThat(new String(read("odd/" + name), StandardCharsets.UTF_8)).isEqualTo(name);
    }
    assertThat(repository.listArtifacts("odd")).extracting(FileInfo::path).hasSize(4);
  }

  @Test
  void openingAMissingFileOrADirectoryIsResourceDoesNotExist() {
    write("d/f", new byte[1]);
    for (String path : List.of("missing", "d/missing", "d", "")) {
      assertThatThrownBy(() -> repository.openArtifact(path))
          .as(path)
          .isInstanceOfSatisfying(
              MlflowException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST));
    }
  }

  @Test
  void deleteRemovesFilesAndTreesAndIgnoresMissingPaths() {
    write("d/f", new byte[1]);
    write("d/e/g", new byte[1]);
    write("keep", new byte[1]);
    repository.deleteArtifacts("d/e");
    assertThat(repository.listArtifacts("d")).extracting(FileInfo::path).containsExactly("d/f");
    repository.deleteArtifacts("d/f");
    repository.deleteArtifacts("never/was");
    assertThat(repository.listArtifacts("")).extracting(FileInfo::path).contains("keep");
  }

  @Test
  void logArtifactsAndDownloadArtifactsMirrorTheTree() throws IOException {
    Path source = Files.createDirectories(local.resolve("src"));
    Files.createDirectories(source.resolve("inner"));
    Files.writeString(source.resolve("a.txt"), "a");
    Files.writeString(source.resolve("inner/b.txt"), "b");
    repository.logArtifacts(source, "out", TransferListener.NONE);

    Path destination = Files.createDirectories(local.resolve("dst"));
    Path got = repository.downloadArtifacts("out", destination, TransferListener.NONE);
    assertThat(got).isEqualTo(destination.resolve("out"));
    assertThat(Files.readString(got.resolve("a.txt"))).isEqualTo("a");
    assertThat(Files.readString(got.resolve("inner/b.txt"))).isEqualTo("b");
  }
}
