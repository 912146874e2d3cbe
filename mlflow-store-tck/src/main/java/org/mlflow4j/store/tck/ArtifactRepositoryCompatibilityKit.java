package org.mlflow4j.store.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mlflow4j.store.tck.KitSupport.assertError;
import static org.mlflow4j.store.tck.KitSupport.parallel;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.FileInfo;
import org.mlflow4j.store.ArtifactRepository;
import org.mlflow4j.store.support.TransferListener;
import org.mlflow4j.store.support.Validation;

/**
 * The contract every {@link ArtifactRepository} fulfils (spec/artifacts.md §3 and §6, and the
 * Javadoc of {@link ArtifactRepository}), as a JUnit 5 test class to extend: write and open round
 * trips (binary, empty, a 64 MiB stream), overwrites, implicit parent directories, listing rules,
 * delete, the transfers {@code logArtifact}, {@code logArtifacts} and {@code downloadArtifacts}
 * with MLflow's layout rules, {@code artifact_path} validation, failed and concurrent writes, and
 * every {@link PathTraversalVectors path-traversal vector} on every primitive.
 *
 * <p>To run it against a repository, extend it and implement {@link #newRepository()}; JUnit
 * discovers the inherited {@link Nested} test classes:
 *
 * <pre>{@code
 * class MyArtifactRepositoryCompatibilityTest extends ArtifactRepositoryCompatibilityKit {
 *   @TempDir Path dir;
 *
 *   @Override
 *   protected ArtifactRepository newRepository() {
 *     return new MyArtifactRepository(dir.resolve("root"));  // fresh and empty; closed by the kit
 *   }
 *
 *   // Only for a local directory: the kit checks that refused paths leave it unchanged.
 *   @Override
 *   protected Optional<Path> untouchedDirectory() {
 *     return Optional.of(dir);
 *   }
 *
 *   // Only when the repository cannot delete: the delete tests are skipped, visibly.
 *   @Override
 *   protected Set<ArtifactCapability> capabilities() {
 *     return EnumSet.noneOf(ArtifactCapability.class);
 *   }
 * }
 * }</pre>
 *
 * <p>Every test gets its own repository from {@link #newRepository()} (in {@code @BeforeEach}) and
 * closes it afterwards; the path-safety factories share one repository between the vectors of a
 * factory, checking after each vector that nothing changed. File sizes are reported for every file,
 * {@code 0} for an empty one: the uniform rule of MLflow4j (MLflow's REST listing omits the size of
 * an empty file; a client reading such a listing reports 0).
 *
 * <p>Not thread-safe itself: JUnit creates one instance per test.
 */
public abstract class ArtifactRepositoryCompatibilityKit {
  private static final int MIB = 1024 * 1024;
  private static final String SENTINEL_TEXT = "sentinel: must stay as it is\n";

  @TempDir Path kitTemp;

  private ArtifactRepository repository;

  /**
   * Creates the repository under test, fresh and empty. Called once before each test; the kit
   * closes it after the test.
   */
  protected abstract ArtifactRepository newRepository();

  /**
   * The optional features this repository offers; all of them unless overridden. Tests of a feature
   * the repository leaves out are skipped with a message.
   */
  protected Set<ArtifactCapability> capabilities() {
    return EnumSet.allOf(ArtifactCapability.class);
  }

  /**
   * A local directory outside the repository's root that refused paths must leave unchanged, e.g.
   * the parent directory of a local repository's root; empty (the default) when the repository
   * keeps nothing on the local disk. The path-safety tests put sentinel files ({@code x} and {@code
   * secret}) into it and compare its whole tree (the root below it included) before and after each
   * refused call.
   */
  protected Optional<Path> untouchedDirectory() {
    return Optional.empty();
  }

  /** The repository of the current test. */
  protected final ArtifactRepository repository() {
    return repository;
  }

  /** Creates the repository of the test. */
  @BeforeEach
  protected final void openRepositoryUnderTest() {
    repository = newRepository();
    assertThat(repository).as("newRepository() must return a repository").isNotNull();
  }

  /** Closes the repository of the test. */
  @AfterEach
  protected final void closeRepositoryUnderTest() {
    if (repository != null) {
      repository.close();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // helpers

  private void assume(ArtifactCapability capability) {
    Assumptions.assumeTrue(
        capabilities().contains(capability),
        () -> "skipped: the repository does not declare capability " + capability);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private void write(String path, byte[] content) {
    repository.writeArtifact(
        path, new ByteArrayInputStream(content), OptionalLong.of(content.length));
  }

  private void write(String path, String content) {
    write(path, utf8(content));
  }

  private byte[] read(String path) {
    try (InputStream in = repository.openArtifact(path)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static FileInfo file(String path, long size) {
    return new FileInfo(path, false, OptionalLong.of(size));
  }

  private static FileInfo dir(String path) {
    return new FileInfo(path, true, OptionalLong.empty());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }

  private static String digestOf(byte[] content) {
    return hex(sha256().digest(content));
  }

  private static String digestOf(InputStream in) throws IOException {
    MessageDigest digest = sha256();
    byte[] buffer = new byte[64 * 1024];
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      digest.update(buffer, 0, n);
    }
    return hex(digest.digest());
  }

  /**
   * Everything the repository holds, recursively: path to {@code "dir"} or to the file's size and
   * digest, so that two snapshots compare equal when nothing changed.
   */
  private Map<String, String> snapshot() {
    Map<String, String> tree = new TreeMap<>();
    collect("", tree);
    return tree;
  }

  private void collect(String directory, Map<String, String> tree) {
    for (FileInfo info : repository.listArtifacts(directory)) {
      if (info.isDir()) {
        tree.put(info.path(), "dir");
        collect(info.path(), tree);
      } else {
        byte[] content = read(info.path());
        tree.put(info.path(), info.fileSize() + " " + digestOf(content));
      }
    }
  }

  /** A local directory's tree: relative path to {@code "dir"} or to the file's digest. */
  private static Map<String, String> localTree(Path root) {
    Map<String, String> tree = new TreeMap<>();
    if (!Files.exists(root)) {
      return tree;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (p.equals(root)) {
          continue;
        }
        String relative =
            root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
        tree.put(relative, Files.isDirectory(p) ? "dir" : digestOf(Files.readAllBytes(p)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return tree;
  }

  private static Map<String, String> expectedTree(Object... pathsAndContents) {
    Map<String, String> tree = new TreeMap<>();
    for (int i = 0; i < pathsAndContents.length; i += 2) {
      Object content = pathsAndContents[i + 1];
      tree.put(
          (String) pathsAndContents[i],
          content == null
              ? "dir"
              : digestOf(content instanceof byte[] b ? b : utf8((String) content)));
    }
    return tree;
  }

  /** A fresh local directory for the test's own files. */
  private Path localDir(String name) {
    try {
      return Files.createDirectories(Files.createTempDirectory(kitTemp, "local-").resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path localFile(Path dir, String relative, byte[] content) {
    try {
      Path file = dir.resolve(relative);
      Files.createDirectories(file.getParent());
      return Files.write(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Bytes from a seeded generator, so that a large content needs no memory and no disk. */
  private static byte[] seeded(long seed, int size) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /**
   * A stream of {@code size} bytes generated from a seed, digesting what it hands out; if {@code
   * failAfter} is not negative it throws an {@link IOException} once that many bytes were read.
   */
  private static final class GeneratedStream extends InputStream {
    private final Random random;
    private final long size;
    private final long failAfter;
    private final MessageDigest digest = sha256();
    private final byte[] chunk = new byte[64 * 1024];
    private int chunkPosition = chunk.length;
    private long position;

    GeneratedStream(long seed, long size, long failAfter) {
      this.random = new Random(seed);
      this.size = size;
      this.failAfter = failAfter;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (failAfter >= 0 && position >= failAfter) {
        throw new IOException(
            "simulated failure of the content stream after " + position + " bytes");
      }
      if (position >= size) {
        return -1;
      }
      if (length == 0) {
        return 0;
      }
      if (chunkPosition == chunk.length) {
        random.nextBytes(chunk);
        chunkPosition = 0;
      }
      long limit = failAfter >= 0 ? Math.min(size, failAfter) : size;
      int n = (int) Math.min(Math.min(length, chunk.length - chunkPosition), limit - position);
      System.arraycopy(chunk, chunkPosition, buffer, offset, n);
      digest.update(chunk, chunkPosition, n);
      chunkPosition += n;
      position += n;
      return n;
    }

    String digest() {
      return hex(digest.digest());
    }
  }

  /** Hears a transfer: the files in order, with the bytes each one moved. */
  private static final class RecordingListener implements TransferListener {
    final List<String> started = new ArrayList<>();
    final List<String> finished = new ArrayList<>();
    final Map<String, OptionalLong> announcedSizes = new TreeMap<>();
    final Map<String, Long> bytes = new TreeMap<>();
    private String current;

    @Override
    public void fileStarted(String artifactPath, OptionalLong size) {
      started.add(artifactPath);
      announcedSizes.put(artifactPath, size);
      bytes.put(artifactPath, 0L);
      current = artifactPath;
    }

    @Override
    public void bytesTransferred(long count) {
      bytes.merge(current, count, Long::sum);
    }

    @Override
    public void fileFinished(String artifactPath) {
      finished.add(artifactPath);
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Test
  @DisplayName("a fresh repository lists nothing and has no file to open")
  void freshRepositoryIsEmpty() {
    assertThat(repository.listArtifacts("")).isEmpty();
    assertError(ErrorCode.RESOURCE_DOES_NOT_EXIST, "open 'MLmodel'", () -> read("MLmodel"));
  }

  @Nested
  @DisplayName("writing and opening files")
  class WriteAndOpen {

    @Test
    @DisplayName("binary content (every byte value) reads back byte for byte")
    void binaryRoundTrip() {
      byte[] content = new byte[256 * 4 + 1000];
      for (int i = 0; i < 256 * 4; i++) {
        content[i] = (byte) i;
      }
      System.arraycopy(seeded(1, 1000), 0, content, 256 * 4, 1000);
      write("model.bin", content);
      assertThat(read("model.bin")).as("content read back").isEqualTo(content);
    }

    @Test
    @DisplayName("an empty file is stored, reads back empty and lists with size 0")
    void emptyFile() {
      write("empty.txt", new byte[0]);
      assertThat(read("empty.txt")).isEmpty();
      assertThat(repository.listArtifacts("")).containsExactly(file("empty.txt", 0));
    }

    @Test
    @DisplayName("content of unknown size is stored whole")
    void unknownSize() {
      byte[] content = seeded(2, 300_000);
      repository.writeArtifact(
          "unknown.bin", new ByteArrayInputStream(content), OptionalLong.empty());
      assertThat(read("unknown.bin")).isEqualTo(content);
      assertThat(repository.listArtifacts("")).containsExactly(file("unknown.bin", content.length));
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    @DisplayName("a 64 MiB stream is stored and read back whole (compared by SHA-256)")
    void largeStream() throws IOException {
      long size = 64L * MIB;
      GeneratedStream content = new GeneratedStream(64, size, -1);
      repository.writeArtifact("big/weights.bin", content, OptionalLong.of(size));
      assertThat(repository.listArtifacts("big")).containsExactly(file("big/weights.bin", size));
      try (InputStream in = repository.openArtifact("big/weights.bin")) {
        assertThat(digestOf(in)).as("SHA-256 of the bytes read back").isEqualTo(content.digest());
      }
    }

    @Test
    @DisplayName("writing an existing file replaces it whole, a shorter content included")
    void overwriteReplaces() {
      write("notes.txt", "a long first version of the file");
      write("notes.txt", "short");
      assertThat(read("notes.txt")).isEqualTo(utf8("short"));
      assertThat(repository.listArtifacts("")).containsExactly(file("notes.txt", 5));
    }

    @Test
    @DisplayName("parent directories are implicit: writing a/b/c/f.txt makes a, a/b and a/b/c")
    void parentDirectoriesImplicit() {
      write("a/b/c/f.txt", "deep");
      assertThat(repository.listArtifacts("")).containsExactly(dir("a"));
      assertThat(repository.listArtifacts("a")).containsExactly(dir("a/b"));
      assertThat(repository.listArtifacts("a/b")).containsExactly(dir("a/b/c"));
      assertThat(repository.listArtifacts("a/b/c")).containsExactly(file("a/b/c/f.txt", 4));
      assertThat(read("a/b/c/f.txt")).isEqualTo(utf8("deep"));
    }

    @Test
    @DisplayName("names with spaces, '+', '%'-free punctuation and non-ASCII letters round-trip")
    void unusualNames() {
      List<String> paths =
          List.of("my dir/naïve café.txt", "a+b (1),x=y@z.txt", "数据/模型.bin", "~tilde/.hidden");
      for (String path : paths) {
        write(path, path);
      }
      for (String path : paths) {
        assertThat(read(path)).as("content of '%s'", path).isEqualTo(utf8(path));
      }
      assertThat(repository.listArtifacts("my dir"))
          .containsExactly(file("my dir/naïve café.txt", utf8("my dir/naïve café.txt").length));
      assertThat(repository.listArtifacts(""))
          .extracting(FileInfo::path)
          .containsExactlyInAnyOrder("a+b (1),x=y@z.txt", "my dir", "~tilde", "数据");
    }

    @Test
    @DisplayName("writing needs a file path: the empty path (the root) is INVALID_PARAMETER_VALUE")
    void writeRootRefused() {
      assertError(ErrorCode.INVALID_PARAMETER_VALUE, "write ''", () -> write("", "x"));
      assertThat(repository.listArtifacts("")).isEmpty();
    }

    @Test
    @DisplayName("opening a missing file, a directory or the root is RESOURCE_DOES_NOT_EXIST")
    void openMissing() {
      write("dir/f.txt", "f");
      for (String path :
          List.of("missing.txt", "dir/missing.txt", "nope/nope", "dir", "", "dir/f.txt/x")) {
        assertError(ErrorCode.RESOURCE_DOES_NOT_EXIST, "open '" + path + "'", () -> read(path));
      }
    }
  }

  @Nested
  @DisplayName("listing")
  class Listing {

    @BeforeEach
    void someArtifacts() {
      for (String path :
          List.of(
              "b.txt",
              "a.txt",
              "A.txt",
              "10.txt",
              "9.txt",
              "model/MLmodel",
              "model/conda.yaml",
              "model/data/weights.bin",
              "z/deep/deeper/f")) {
        write(path, "content of " + path);
      }
      write("empty", new byte[0]);
    }

    private long size(String path) {
      return utf8("content of " + path).length;
    }

    @Test
    @DisplayName("the root lists its direct children only, sorted by path, files with exact sizes")
    void rootListing() {
      assertThat(repository.listArtifacts(""))
          .containsExactly(
              file("10.txt", size("10.txt")),
              file("9.txt", size("9.txt")),
              file("A.txt", size("A.txt")),
              file("a.txt", size("a.txt")),
              file("b.txt", size("b.txt")),
              file("empty", 0),
              dir("model"),
              dir("z"));
    }

    @Test
    @DisplayName(
        "listing model gives model/MLmodel: paths are relative to the root, not the directory")
    void subdirectoryListing() {
      assertThat(repository.listArtifacts("model"))
          .containsExactly(
              file("model/MLmodel", size("model/MLmodel")),
              file("model/conda.yaml", size("model/conda.yaml")),
              dir("model/data"));
      assertThat(repository.listArtifacts("model/data"))
          .containsExactly(file("model/data/weights.bin", size("model/data/weights.bin")));
      assertThat(repository.listArtifacts("z")).containsExactly(dir("z/deep"));
      assertThat(repository.listArtifacts("z/deep/deeper"))
          .containsExactly(file("z/deep/deeper/f", size("z/deep/deeper/f")));
    }

    @Test
    @DisplayName("directories have no size; every file has one")
    void sizes() {
      assertThat(snapshotInfos())
          .allSatisfy(
              info ->
                  assertThat(info.fileSize().isPresent())
                      .as("size present for %s", info.path())
                      .isEqualTo(!info.isDir()));
    }

    private List<FileInfo> snapshotInfos() {
      List<FileInfo> all = new ArrayList<>();
      List<String> pending = new ArrayList<>(List.of(""));
      while (!pending.isEmpty()) {
        for (FileInfo info : repository.listArtifacts(pending.remove(0))) {
          all.add(info);
          if (info.isDir()) {
            pending.add(info.path());
          }
        }
      }
      return all;
    }

    @Test
    @DisplayName("listing a file or a missing path gives an empty list, not an error")
    void fileOrMissingListsNothing() {
      for (String path :
          List.of("a.txt", "empty", "model/MLmodel", "missing", "model/missing", "x/y/z")) {
        assertThat(repository.listArtifacts(path)).as("listing '%s'", path).isEmpty();
      }
    }
  }

  @Nested
  @DisplayName("deleting")
  class Deleting {

    @BeforeEach
    void canDelete() {
      assume(ArtifactCapability.DELETE);
      write("keep.txt", "keep");
      write("d/a.txt", "a");
      write("d/e/f.txt", "f");
      write("d/e/g.txt", "g");
    }

    @Test
    @DisplayName("deleting a file removes it and nothing else")
    void deleteFile() {
      repository.deleteArtifacts("d/e/f.txt");
      assertError(
          ErrorCode.RESOURCE_DOES_NOT_EXIST, "open the deleted file", () -> read("d/e/f.txt"));
      assertThat(repository.listArtifacts("d/e")).containsExactly(file("d/e/g.txt", 1));
      assertThat(read("keep.txt")).isEqualTo(utf8("keep"));
      assertThat(read("d/a.txt")).isEqualTo(utf8("a"));
    }

    @Test
    @DisplayName("deleting a directory removes its whole tree and nothing else")
    void deleteDirectory() {
      repository.deleteArtifacts("d");
      assertThat(repository.listArtifacts("")).containsExactly(file("keep.txt", 4));
      assertThat(repository.listArtifacts("d")).isEmpty();
      assertThat(repository.listArtifacts("d/e")).isEmpty();
      assertError(
          ErrorCode.RESOURCE_DOES_NOT_EXIST, "open a deleted file", () -> read("d/e/g.txt"));
    }

    @Test
    @DisplayName("deleting a missing path is not an error and changes nothing")
    void deleteMissing() {
      Map<String, String> before = snapshot();
      repository.deleteArtifacts("missing.txt");
      repository.deleteArtifacts("d/missing/deeper");
      assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    @DisplayName("deleting the root empties the repository, which takes writes again")
    void deleteRoot() {
      repository.deleteArtifacts("");
      assertThat(repository.listArtifacts("")).isEmpty();
      repository.deleteArtifacts("");
      write("again/f.txt", "again");
      assertThat(repository.listArtifacts("again")).containsExactly(file("again/f.txt", 5));
    }
  }

  @Test
  @DisplayName("a repository that cannot delete says NOT_IMPLEMENTED")
  void deleteNotImplemented() {
    Assumptions.assumeFalse(
        capabilities().contains(ArtifactCapability.DELETE),
        "skipped: the repository declares capability DELETE");
    write("f.txt", "f");
    assertError(ErrorCode.NOT_IMPLEMENTED, "delete", () -> repository.deleteArtifacts("f.txt"));
  }

  @Nested
  @DisplayName("logArtifact")
  class LogArtifact {

    @Test
    @DisplayName("stores the file as <artifact_path>/<file name>; the empty path is the root")
    void layout() {
      Path file = localFile(localDir("src"), "model.bin", seeded(3, 5000));
      repository.logArtifact(file, "", TransferListener.NONE);
      repository.logArtifact(file, "a/b", TransferListener.NONE);
      assertThat(repository.listArtifacts("")).containsExactly(dir("a"), file("model.bin", 5000));
      assertThat(repository.listArtifacts("a/b")).containsExactly(file("a/b/model.bin", 5000));
      assertThat(read("a/b/model.bin")).isEqualTo(seeded(3, 5000));
    }

    @Test
    @DisplayName("logging the same name again overwrites the stored file")
    void relogOverwrites() throws IOException {
      Path file = localFile(localDir("src"), "metrics.json", utf8("{\"version\": 1}"));
      repository.logArtifact(file, "out", TransferListener.NONE);
      Files.write(file, utf8("{\"v\": 2}"));
      repository.logArtifact(file, "out", TransferListener.NONE);
      assertThat(read("out/metrics.json")).isEqualTo(utf8("{\"v\": 2}"));
      assertThat(repository.listArtifacts("out")).hasSize(1);
    }

    @Test
    @DisplayName("an empty local file is stored as an empty artifact")
    void emptyLocalFile() {
      Path file = localFile(localDir("src"), "empty.txt", new byte[0]);
      repository.logArtifact(file, "", TransferListener.NONE);
      assertThat(repository.listArtifacts("")).containsExactly(file("empty.txt", 0));
    }

    @Test
    @DisplayName("the listener hears the file start with its size, all of its bytes, and its end")
    void listener() {
      Path file = localFile(localDir("src"), "data.bin", seeded(4, 200_000));
      RecordingListener listener = new RecordingListener();
      repository.logArtifact(file, "x", listener);
      assertThat(listener.started).containsExactly("x/data.bin");
      assertThat(listener.announcedSizes).containsEntry("x/data.bin", OptionalLong.of(200_000));
      assertThat(listener.bytes).containsEntry("x/data.bin", 200_000L);
      assertThat(listener.finished).containsExactly("x/data.bin");
    }

    @Test
    @DisplayName(
        "a directory or a missing local file is INVALID_PARAMETER_VALUE; nothing is stored")
    void notAFile() {
      Path dir = localDir("src");
      assertError(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "logArtifact of a directory",
          () -> repository.logArtifact(dir, "", TransferListener.NONE));
      assertError(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "logArtifact of a missing file",
          () -> repository.logArtifact(dir.resolve("missing"), "", TransferListener.NONE));
      assertThat(repository.listArtifacts("")).isEmpty();
    }
  }

  @Nested
  @DisplayName("logArtifacts")
  class LogArtifacts {

    private Path tree() {
      Path dir = localDir("mydir");
      localFile(dir, "a.txt", utf8("a"));
      localFile(dir, "sub/b.txt", utf8("bb"));
      localFile(dir, "sub/deeper/c.bin", seeded(5, 1000));
      localFile(dir, "empty.txt", new byte[0]);
      return dir;
    }

    @Test
    @DisplayName("copies the directory's contents (not its name) under the artifact path")
    void contentsNotName() {
      Path dir = tree();
      repository.logArtifacts(dir, "", TransferListener.NONE);
      repository.logArtifacts(dir, "run/files", TransferListener.NONE);
      assertThat(repository.listArtifacts(""))
          .containsExactly(file("a.txt", 1), file("empty.txt", 0), dir("run"), dir("sub"));
      assertThat(repository.listArtifacts("sub"))
          .containsExactly(file("sub/b.txt", 2), dir("sub/deeper"));
      assertThat(repository.listArtifacts("run/files"))
          .containsExactly(
              file("run/files/a.txt", 1), file("run/files/empty.txt", 0), dir("run/files/sub"));
      assertThat(read("run/files/sub/deeper/c.bin")).isEqualTo(seeded(5, 1000));
    }

    @Test
    @DisplayName("the listener hears every file with its size and bytes")
    void listener() {
      RecordingListener listener = new RecordingListener();
      repository.logArtifacts(tree(), "t", listener);
      assertThat(listener.started)
          .containsExactlyInAnyOrder("t/a.txt", "t/empty.txt", "t/sub/b.txt", "t/sub/deeper/c.bin");
      assertThat(listener.finished).containsExactlyInAnyOrderElementsOf(listener.started);
      assertThat(listener.bytes)
          .containsEntry("t/a.txt", 1L)
          .containsEntry("t/empty.txt", 0L)
          .containsEntry("t/sub/deeper/c.bin", 1000L);
      assertThat(listener.announcedSizes).containsEntry("t/sub/b.txt", OptionalLong.of(2));
    }

    @Test
    @DisplayName("a local file name that is not a safe artifact path stores nothing at all")
    void unsafeLocalNameStoresNothing() {
      Path dir = tree();
      localFile(dir, "sub/bad#name.txt", utf8("bad"));
      assertError(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "logArtifacts with a file named 'bad#name.txt'",
          () -> repository.logArtifacts(dir, "", TransferListener.NONE));
      assertThat(repository.listArtifacts("")).isEmpty();
    }

    @Test
    @DisplayName("a file or a missing local directory is INVALID_PARAMETER_VALUE")
    void notADirectory() {
      Path dir = tree();
      assertError(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "logArtifacts of a file",
          () -> repository.logArtifacts(dir.resolve("a.txt"), "", TransferListener.NONE));
      assertError(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "logArtifacts of a missing directory",
          () -> repository.logArtifacts(dir.resolve("missing"), "", TransferListener.NONE));
      assertThat(repository.listArtifacts("")).isEmpty();
    }
  }

  /** One primitive taking a caller's path, for the factories of dynamic tests. */
  @FunctionalInterface
  private interface PathCall {
    void call(String path) throws Exception;
  }

  /** The artifact paths MLflow's {@code verify_artifact_path} refuses (artifacts.md §6). */
  private static final List<String> NOT_PATH_UNIQUE =
      List.of("a/../b", "./a", "a/./b", "a//b", "a/", "/a", "..", ".", "../a");

  /** A dynamic test per non-unique artifact path: refused, and nothing is stored. */
  private Stream<DynamicTest> refusesNonUniquePaths(String primitive, PathCall call) {
    return NOT_PATH_UNIQUE.stream()
        .map(
            artifactPath ->
                DynamicTest.dynamicTest(
                    "artifact_path '" + artifactPath + "'",
                    () -> {
                      assertError(
                          ErrorCode.INVALID_PARAMETER_VALUE,
                          primitive + " to '" + artifactPath + "'",
                          () -> call.call(artifactPath));
                      assertThat(repository.listArtifacts("")).isEmpty();
                    }));
  }

  @TestFactory
  @DisplayName("logArtifact refuses artifact paths that are not path-unique")
  Stream<DynamicTest> logArtifactPathUnique() {
    Path file = localFile(localDir("src"), "f.txt", utf8("f"));
    return refusesNonUniquePaths(
        "logArtifact", path -> repository.logArtifact(file, path, TransferListener.NONE));
  }

  @TestFactory
  @DisplayName("logArtifacts refuses artifact paths that are not path-unique")
  Stream<DynamicTest> logArtifactsPathUnique() {
    Path dir = localDir("src");
    localFile(dir, "f.txt", utf8("f"));
    return refusesNonUniquePaths(
        "logArtifacts", path -> repository.logArtifacts(dir, path, TransferListener.NONE));
  }

  @Nested
  @DisplayName("downloadArtifacts")
  class Download {
    private Path destination;

    @BeforeEach
    void someArtifacts() {
      destination = localDir("dst");
      write("model/MLmodel", "flavors: {}\n");
      write("model/data/weights.bin", seeded(6, 3000));
      write("model/empty.txt", new byte[0]);
      write("hello.txt", "hello\n");
    }

    @Test
    @DisplayName("a file lands at destination/<artifact path>; its path is returned")
    void file() {
      Path result =
          repository.downloadArtifacts("model/MLmodel", destination, TransferListener.NONE);
      assertThat(result).isEqualTo(destination.resolve("model/MLmodel"));
      assertThat(localTree(destination))
          .isEqualTo(expectedTree("model", null, "model/MLmodel", "flavors: {}\n"));
    }

    @Test
    @DisplayName(
        "a directory is downloaded recursively to destination/<artifact path>, nothing else")
    void directory() {
      Path result = repository.downloadArtifacts("model", destination, TransferListener.NONE);
      assertThat(result).isEqualTo(destination.resolve("model"));
      assertThat(localTree(destination))
          .isEqualTo(
              expectedTree(
                  "model",
                  null,
                  "model/MLmodel",
                  "flavors: {}\n",
                  "model/data",
                  null,
                  "model/data/weights.bin",
                  seeded(6, 3000),
                  "model/empty.txt",
                  new byte[0]));
    }

    @Test
    @DisplayName("the empty path downloads everything into the destination itself")
    void everything() {
      Path result = repository.downloadArtifacts("", destination, TransferListener.NONE);
      assertThat(result).isEqualTo(destination);
      assertThat(localTree(destination))
          .isEqualTo(
              expectedTree(
                  "hello.txt",
                  "hello\n",
                  "model",
                  null,
                  "model/MLmodel",
                  "flavors: {}\n",
                  "model/data",
                  null,
                  "model/data/weights.bin",
                  seeded(6, 3000),
                  "model/empty.txt",
                  new byte[0]));
    }

    @Test
    @DisplayName("downloading again replaces the local copy with the stored file")
    void downloadAgain() {
      repository.downloadArtifacts("hello.txt", destination, TransferListener.NONE);
      write("hello.txt", "hello again\n");
      Path result = repository.downloadArtifacts("hello.txt", destination, TransferListener.NONE);
      assertThat(result).hasContent("hello again\n");
      assertThat(localTree(destination)).isEqualTo(expectedTree("hello.txt", "hello again\n"));
    }

    @Test
    @DisplayName("an empty sub-directory the repository lists is recreated")
    void emptySubdirectory() {
      assume(ArtifactCapability.DELETE);
      write("model/void/f.txt", "f");
      repository.deleteArtifacts("model/void/f.txt");
      Assumptions.assumeTrue(
          repository.listArtifacts("model").contains(dir("model/void")),
          "skipped: the repository keeps no empty directories");
      repository.downloadArtifacts("model", destination, TransferListener.NONE);
      assertThat(destination.resolve("model/void")).isEmptyDirectory();
    }

    @Test
    @DisplayName("the listener hears every downloaded file and its bytes")
    void listener() {
      RecordingListener listener = new RecordingListener();
      repository.downloadArtifacts("model", destination, listener);
      assertThat(listener.started)
          .containsExactlyInAnyOrder("model/MLmodel", "model/data/weights.bin", "model/empty.txt");
      assertThat(listener.finished).containsExactlyInAnyOrderElementsOf(listener.started);
      assertThat(listener.bytes).containsEntry("model/data/weights.bin", 3000L);
    }

    @Test
    @DisplayName("a missing path is RESOURCE_DOES_NOT_EXIST and creates nothing")
    void missing() {
      for (String path : List.of("missing.txt", "model/missing", "no/such/dir/file")) {
        assertError(
            ErrorCode.RESOURCE_DOES_NOT_EXIST,
            "download '" + path + "'",
            () -> repository.downloadArtifacts(path, destination, TransferListener.NONE));
      }
      assertThat(destination).isEmptyDirectory();
    }

    @Test
    @DisplayName("the destination must be an existing directory: INVALID_PARAMETER_VALUE otherwise")
    void destinationMustBeADirectory() {
      Path missing = destination.resolve("missing");
      assertError(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "download into a missing directory",
          () -> repository.downloadArtifacts("hello.txt", missing, TransferListener.NONE));
      assertThat(missing).doesNotExist();
      Path file = localFile(destination, "a-file", utf8("x"));
      assertError(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "download into a file",
          () -> repository.downloadArtifacts("hello.txt", file, TransferListener.NONE));
      assertThat(file).hasContent("x");
    }
  }

  @Nested
  @DisplayName("failed writes")
  class FailedWrites {

    @Test
    @DisplayName("a content stream failing half-way leaves no file and no listing entry")
    void noPartialFile() {
      write("existing/other.txt", "other");
      Map<String, String> before = snapshot();
      for (String path : List.of("broken.bin", "existing/broken.bin")) {
        Throwable thrown =
            catchThrowable(
                () ->
                    repository.writeArtifact(
                        path, new GeneratedStream(7, 4L * MIB, MIB), OptionalLong.of(4L * MIB)));
        assertThat(thrown)
            .as("writing '%s' from a failing stream", path)
            .isInstanceOf(MlflowException.class);
        assertError(ErrorCode.RESOURCE_DOES_NOT_EXIST, "open '" + path + "'", () -> read(path));
      }
      assertThat(snapshot()).as("the repository after the failed writes").isEqualTo(before);
    }

    @Test
    @DisplayName(
        "a failed overwrite leaves the previous version whole (or no file), never a torn one")
    void failedOverwrite() {
      byte[] previous = seeded(8, 2 * MIB);
      write("model.bin", previous);
      Throwable thrown =
          catchThrowable(
              () ->
                  repository.writeArtifact(
                      "model.bin",
                      new GeneratedStream(9, 4L * MIB, MIB),
                      OptionalLong.of(4L * MIB)));
      assertThat(thrown).isInstanceOf(MlflowException.class);
      List<FileInfo> listing = repository.listArtifacts("");
      if (listing.isEmpty()) {
        assertError(ErrorCode.RESOURCE_DOES_NOT_EXIST, "open 'model.bin'", () -> read("model.bin"));
      } else {
        assertThat(listing).containsExactly(file("model.bin", previous.length));
        assertThat(read("model.bin")).isEqualTo(previous);
      }
    }
  }

  @Nested
  @DisplayName("concurrent use")
  class Concurrency {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    @DisplayName("8 threads writing distinct files, some into one shared new directory: all land")
    void distinctFiles() {
      int files = 96;
      parallel(
          8,
          files,
          i -> {
            write("own-" + (i % 8) + "/f" + i + ".bin", seeded(100 + i, 10_000 + i));
            write("shared/new/f" + i + ".txt", "file " + i);
          });
      List<FileInfo> shared = repository.listArtifacts("shared/new");
      assertThat(shared).hasSize(files);
      for (int i = 0; i < files; i++) {
        assertThat(read("shared/new/f" + i + ".txt")).isEqualTo(utf8("file " + i));
        String own = "own-" + (i % 8) + "/f" + i + ".bin";
        assertThat(read(own)).as(own).isEqualTo(seeded(100 + i, 10_000 + i));
        assertThat(repository.listArtifacts("own-" + (i % 8))).contains(file(own, 10_000 + i));
      }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    @DisplayName(
        "8 threads overwriting one file while others read: every read and the end are whole")
    void sameFile() {
      int size = 512 * 1024;
      int versions = 8;
      Set<String> digests = ConcurrentHashMap.newKeySet();
      for (int v = 0; v <= versions; v++) {
        digests.add(digestOf(seeded(200 + v, size)));
      }
      write("contended.bin", seeded(200 + versions, size));
      AtomicBoolean writing = new AtomicBoolean(true);
      AtomicInteger reads = new AtomicInteger();
      List<String> torn = Collections.synchronizedList(new ArrayList<>());
      Thread reader =
          new Thread(
              () -> {
                while (writing.get() || reads.get() == 0) {
                  byte[] content = read("contended.bin");
                  reads.incrementAndGet();
                  if (!digests.contains(digestOf(content))) {
                    torn.add(content.length + " bytes");
                  }
                }
              },
              "kit-reader");
      List<Throwable> readerFailure = Collections.synchronizedList(new ArrayList<>());
      reader.setUncaughtExceptionHandler((t, e) -> readerFailure.add(e));
      reader.start();
      try {
        parallel(
            versions, versions * 4, i -> write("contended.bin", seeded(200 + i % versions, size)));
      } finally {
        writing.set(false);
        try {
          reader.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      assertThat(readerFailure).as("the reader's failures").isEmpty();
      assertThat(torn).as("reads that matched no whole version").isEmpty();
      assertThat(digests).contains(digestOf(read("contended.bin")));
      assertThat(repository.listArtifacts("")).containsExactly(file("contended.bin", size));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // path safety

  /**
   * A dynamic test per vector: the call is refused with INVALID_PARAMETER_VALUE, and neither the
   * repository nor the untouched directory changes.
   */
  private Stream<DynamicTest> refusesEveryVector(String primitive, PathCall call) {
    AtomicBoolean seeded = new AtomicBoolean();
    return PathTraversalVectors.all().stream()
        .map(
            vector ->
                DynamicTest.dynamicTest(
                    vector.toString(),
                    () -> {
                      // Never send a vector our own validation lets through: it would reach the
                      // disk of the machine running the kit if the repository were broken.
                      assertError(
                          ErrorCode.INVALID_PARAMETER_VALUE,
                          "Validation.validatePathIsSafe of vector " + vector,
                          () -> Validation.validatePathIsSafe(vector.path()));
                      if (!seeded.getAndSet(true)) {
                        seedForSafety();
                      }
                      Map<String, String> repositoryBefore = snapshot();
                      Optional<Path> outside = untouchedDirectory();
                      Map<String, String> outsideBefore =
                          outside.map(d -> localTree(d)).orElse(Map.of());
                      assertError(
                          ErrorCode.INVALID_PARAMETER_VALUE,
                          primitive + " of vector " + vector,
                          () -> call.call(vector.path()));
                      assertThat(snapshot())
                          .as("the repository after %s of vector %s", primitive, vector)
                          .isEqualTo(repositoryBefore);
                      if (outside.isPresent()) {
                        assertThat(localTree(outside.get()))
                            .as("the untouched directory after %s of vector %s", primitive, vector)
                            .isEqualTo(outsideBefore);
                      }
                    }));
  }

  /** Files a wrongly resolved vector would hit: in the repository and outside it. */
  private void seedForSafety() throws IOException {
    write("x", "inside x");
    write("a/b", "inside a/b");
    write("a/x", "inside a/x");
    write("etc/passwd", "inside etc/passwd");
    if (untouchedDirectory().isPresent()) {
      Path outside = untouchedDirectory().get();
      Files.createDirectories(outside);
      for (String name : List.of("x", "secret", "b")) {
        Path sentinel = outside.resolve(name);
        if (!Files.exists(sentinel)) {
          Files.writeString(sentinel, SENTINEL_TEXT);
        }
      }
    }
  }

  @TestFactory
  @DisplayName("path safety: writeArtifact refuses every traversal vector")
  Stream<DynamicTest> writeRefusesVectors() {
    return refusesEveryVector("writeArtifact", path -> write(path, "attack"));
  }

  @TestFactory
  @DisplayName("path safety: openArtifact refuses every traversal vector")
  Stream<DynamicTest> openRefusesVectors() {
    return refusesEveryVector("openArtifact", path -> repository.openArtifact(path).close());
  }

  @TestFactory
  @DisplayName("path safety: listArtifacts refuses every traversal vector")
  Stream<DynamicTest> listRefusesVectors() {
    return refusesEveryVector("listArtifacts", path -> repository.listArtifacts(path));
  }

  @TestFactory
  @DisplayName("path safety: deleteArtifacts refuses every traversal vector")
  Stream<DynamicTest> deleteRefusesVectors() {
    assume(ArtifactCapability.DELETE);
    return refusesEveryVector("deleteArtifacts", path -> repository.deleteArtifacts(path));
  }

  @TestFactory
  @DisplayName("path safety: logArtifact refuses every traversal vector as artifact_path")
  Stream<DynamicTest> logArtifactRefusesVectors() {
    Path file = localFile(localDir("src"), "payload.txt", utf8("attack"));
    return refusesEveryVector(
        "logArtifact", path -> repository.logArtifact(file, path, TransferListener.NONE));
  }

  @TestFactory
  @DisplayName("path safety: logArtifacts refuses every traversal vector as artifact_path")
  Stream<DynamicTest> logArtifactsRefusesVectors() {
    Path dir = localDir("src");
    localFile(dir, "payload.txt", utf8("attack"));
    return refusesEveryVector(
        "logArtifacts", path -> repository.logArtifacts(dir, path, TransferListener.NONE));
  }

  @TestFactory
  @DisplayName("path safety: downloadArtifacts refuses every traversal vector, creating nothing")
  Stream<DynamicTest> downloadRefusesVectors() {
    Path destination = localDir("dst");
    return refusesEveryVector(
        "downloadArtifacts",
        path -> {
          try {
            repository.downloadArtifacts(path, destination, TransferListener.NONE);
          } finally {
            assertThat(destination).as("the download destination").isEmptyDirectory();
          }
        });
  }
}
