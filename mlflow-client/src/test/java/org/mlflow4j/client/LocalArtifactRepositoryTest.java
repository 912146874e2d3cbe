package org.mlflow4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.client.internal.LocalArtifactRepositoryProvider;
import org.mlflow4j.entity.FileInfo;
import org.mlflow4j.store.ArtifactRepository;
import org.mlflow4j.store.ArtifactRepositoryContext;
import org.mlflow4j.store.ArtifactRepositoryProvider;
import org.mlflow4j.store.support.FileUris;
import org.mlflow4j.store.support.TransferListener;

/**
 * What only the local repository does, beyond the kit: root URIs, symbolic links, MLflow's on-disk
 * layout, nothing beside the artifacts on disk, discovery.
 */
class LocalArtifactRepositoryTest {
  @TempDir Path dir;

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void write(ArtifactRepository repository, String path, String content) {
    byte[] bytes = utf8(content);
    repository.writeArtifact(path, new ByteArrayInputStream(bytes), OptionalLong.of(bytes.length));
  }

  private static String read(ArtifactRepository repository, String path) throws IOException {
    try (InputStream in = repository.openArtifact(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void assertInvalid(ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            MlflowException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
  }

  /** Every file and directory below a local directory, as relative POSIX paths. */
  private static List<String> onDisk(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> !p.equals(root))
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }

  @Nested
  @DisplayName("root URIs")
  class Roots {

    @Test
    @DisplayName("a plain absolute path is the root directory")
    void plainPath() throws IOException {
      Path root = dir.resolve("plain");
      LocalArtifactRepository repository = new LocalArtifactRepository(root.toString());
      assertThat(repository.rootDirectory()).isEqualTo(root);
      assertThat(repository.rootUri()).isEqualTo(root.toString());
      write(repository, "a/f.txt", "plain");
      assertThat(root.resolve("a/f.txt")).hasContent("plain");
    }

    @Test
    @DisplayName("file:///abs, file:/abs and file://localhost/abs name the same directory")
    void fileUris() throws IOException {
      Path root = dir.resolve("uri");
      String abs = root.toString().replace('\\', '/');
      for (String uri : List.of("file://" + abs, "file:" + abs, "file://localhost" + abs)) {
        assertThat(new LocalArtifactRepository(uri).rootDirectory()).as(uri).isEqualTo(root);
      }
      LocalArtifactRepository repository = new LocalArtifactRepository(FileUris.toFileUri(root));
      write(repository, "f.txt", "uri");
      assertThat(root.resolve("f.txt")).hasContent("uri");
    }

    @Test
    @DisplayName("a percent-encoded file: URI is decoded: %20 is a space, %C3%A9 an é")
    void percentEncoded() throws IOException {
      Path root = dir.resolve("with space/café");
      String uri = FileUris.toFileUri(root);
      assertThat(uri).endsWith("/with%20space/caf%C3%A9");
      LocalArtifactRepository repository = new LocalArtifactRepository(uri);
      assertThat(repository.rootDirectory()).isEqualTo(root);
      write(repository, "model/MLmodel", "encoded");
      assertThat(root.resolve("model/MLmodel")).hasContent("encoded");
      assertThat(repository.listArtifacts("model"))
          .containsExactly(new FileInfo("model/MLmodel", false, OptionalLong.of(7)));
    }

    @Test
    @DisplayName("a relative plain path or file: URI is resolved against the working directory")
    void relative() {
      Path expected = Path.of("rel/artifacts").toAbsolutePath().normalize();
      assertThat(new LocalArtifactRepository("rel/artifacts").rootDirectory()).isEqualTo(expected);
      assertThat(new LocalArtifactRepository("file:rel/artifacts").rootDirectory())
          .isEqualTo(expected);
      assertThat(new LocalArtifactRepository("./rel/./artifacts").rootDirectory())
          .isEqualTo(expected);
      assertThat(Path.of("rel")).as("nothing is created by the constructor").doesNotExist();
    }

    @Test
    @DisplayName("a file: URI naming another host is INVALID_PARAMETER_VALUE")
    void remoteHost() {
      assertInvalid(() -> new LocalArtifactRepository("file://fileserver/share/artifacts"));
    }

    @Test
    @DisplayName("the root need not exist: it lists as nothing and is made by the first write")
    void missingRoot() throws IOException {
      Path root = dir.resolve("not/yet");
      LocalArtifactRepository repository = LocalArtifactRepository.of(root);
      assertThat(repository.listArtifacts("")).isEmpty();
      assertThat(root).doesNotExist();
      write(repository, "f.txt", "now");
      assertThat(onDisk(root)).containsExactly("f.txt");
    }
  }

  @Nested
  @DisplayName("symbolic links")
  class SymbolicLinks {
    private Path root;
    private Path outside;
    private LocalArtifactRepository repository;

    private void links() throws IOException {
      root = Files.createDirectories(dir.resolve("root"));
      outside = Files.createDirectories(dir.resolve("outside"));
      Files.writeString(outside.resolve("secret.txt"), "secret");
      Files.createSymbolicLink(root.resolve("link"), outside);
      Files.createSymbolicLink(root.resolve("file-link"), outside.resolve("secret.txt"));
      Files.createDirectories(root.resolve("inner"));
      Files.writeString(root.resolve("inner/ok.txt"), "ok");
      Files.createSymbolicLink(root.resolve("inner-link"), root.resolve("inner"));
      repository = LocalArtifactRepository.of(root);
    }

    @Test
    @DisplayName("a link inside the root to a directory outside is refused for read, write, list")
    void directoryLinkOutside() throws IOException {
      links();
      assertInvalid(() -> repository.openArtifact("link/secret.txt"));
      assertInvalid(() -> repository.listArtifacts("link"));
      assertInvalid(() -> write(repository, "link/new.txt", "escape"));
      assertInvalid(() -> write(repository, "link/secret.txt", "overwritten"));
      assertInvalid(() -> repository.deleteArtifacts("link/secret.txt"));
      Path destination = Files.createDirectories(dir.resolve("dst"));
      assertInvalid(() -> repository.downloadArtifacts("link", destination, TransferListener.NONE));
      assertThat(destination).isEmptyDirectory();
      assertThat(onDisk(outside)).containsExactly("secret.txt");
      assertThat(outside.resolve("secret.txt")).hasContent("secret");
    }

    @Test
    @DisplayName("a link inside the root to a file outside is refused for reading")
    void fileLinkOutside() throws IOException {
      links();
      assertInvalid(() -> repository.openArtifact("file-link"));
      assertThat(outside.resolve("secret.txt")).hasContent("secret");
    }

    @Test
    @DisplayName("writing over a link to an outside file replaces the link, never the file")
    void writeOverFileLink() throws IOException {
      links();
      write(repository, "file-link", "replaced");
      assertThat(Files.isSymbolicLink(root.resolve("file-link"))).isFalse();
      assertThat(read(repository, "file-link")).isEqualTo("replaced");
      assertThat(outside.resolve("secret.txt")).hasContent("secret");
    }

    @Test
    @DisplayName("deleting a link removes the link, never what it points to")
    void deleteLink() throws IOException {
      links();
      repository.deleteArtifacts("link");
      repository.deleteArtifacts("file-link");
      assertThat(root.resolve("link")).doesNotExist();
      assertThat(onDisk(outside)).containsExactly("secret.txt");
    }

    @Test
    @DisplayName("a link that stays inside the root is followed")
    void linkInside() throws IOException {
      links();
      assertThat(read(repository, "inner-link/ok.txt")).isEqualTo("ok");
      assertThat(repository.listArtifacts("inner-link"))
          .containsExactly(new FileInfo("inner-link/ok.txt", false, OptionalLong.of(2)));
    }
  }

  @Nested
  @DisplayName("MLflow's on-disk layout")
  class MlflowLayout {
    private static final Pattern FILE_INFO =
        Pattern.compile(
            "\\{\\s*\"path\":\\s*\"([^\"]*)\",\\s*\"is_dir\":\\s*(true|false)"
                + "(?:,\\s*\"file_size\":\\s*(\\d+))?\\s*}");

    private Path resource(String name) throws URISyntaxException {
      return Path.of(getClass().getResource("/mlflow-fixtures/" + name).toURI());
    }

    /** The {@code files} of a recorded {@code artifacts/list} response. */
    private List<FileInfo> mlflowListed(String fixture) throws IOException, URISyntaxException {
      String json = Files.readString(resource("rest/" + fixture));
      String files = json.substring(json.indexOf("\"files\""));
      List<FileInfo> listed = new ArrayList<>();
      Matcher m = FILE_INFO.matcher(files);
      while (m.find()) {
        OptionalLong size =
            m.group(3) == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(m.group(3)));
        listed.add(new FileInfo(m.group(1), Boolean.parseBoolean(m.group(2)), size));
      }
      assertThat(listed).as("files of %s", fixture).isNotEmpty();
      return listed;
    }

    @Test
    @DisplayName("a run's artifacts written by MLflow list as MLflow listed the same files")
    void listingMatchesMlflow() throws Exception {
      LocalArtifactRepository repository =
          LocalArtifactRepository.of(resource("filestore-run-artifacts"));
      assertThat(repository.listArtifacts("")).isEqualTo(mlflowListed("35-artifacts-list.json"));
      assertThat(repository.listArtifacts("sub"))
          .isEqualTo(mlflowListed("36-artifacts-list-subdir.json"));
    }

    @Test
    @DisplayName("a run's artifacts written by MLflow read and download byte for byte")
    void contentMatchesMlflow() throws Exception {
      LocalArtifactRepository repository =
          LocalArtifactRepository.of(resource("filestore-run-artifacts"));
      assertThat(read(repository, "hello.txt")).isEqualTo("hello golden\n");
      assertThat(read(repository, "sub/data.json")).isEqualTo("{\"k\": 1}\n");
      Path copy = Files.createDirectories(dir.resolve("copy"));
      assertThat(repository.downloadArtifacts("", copy, TransferListener.NONE)).isEqualTo(copy);
      assertThat(onDisk(copy)).containsExactly("hello.txt", "sub", "sub/data.json");
      assertThat(copy.resolve("hello.txt")).hasContent("hello golden\n");
    }

    @Test
    @DisplayName("files logged here lie on disk exactly where MLflow puts them, nothing beside")
    void nothingBesideTheArtifacts() throws IOException {
      Path root = dir.resolve("mlruns/1/0123456789abcdef0123456789abcdef/artifacts");
      LocalArtifactRepository repository = LocalArtifactRepository.of(root);
      Path local = Files.createDirectories(dir.resolve("local"));
      Files.writeString(local.resolve("hello.txt"), "hello golden\n");
      Files.createDirectories(local.resolve("sub"));
      Files.writeString(local.resolve("sub/data.json"), "{\"k\": 1}\n");
      repository.logArtifacts(local, "", TransferListener.NONE);
      repository.logArtifact(local.resolve("hello.txt"), "", TransferListener.NONE);
      write(repository, "sub/data.json", "{\"k\": 1}\n");
      assertThatThrownBy(
              () ->
                  repository.writeArtifact("sub/broken.bin", failingStream(), OptionalLong.empty()))
          .isInstanceOf(MlflowException.class);
      assertThat(onDisk(root)).containsExactly("hello.txt", "sub", "sub/data.json");
      assertThat(root.resolve("hello.txt")).hasContent("hello golden\n");
    }

    private InputStream failingStream() {
      return new InputStream() {
        private int left = 10_000;

        @Override
        public int read() throws IOException {
          if (left == 0) {
            throw new IOException("simulated failure"); // and again on every later read
          }
          left--;
          return 'x';
        }
      };
    }
  }

  @Test
  @DisplayName("ServiceLoader finds LocalArtifactRepositoryProvider for the file scheme")
  void serviceLoaderFindsProvider() {
    List<ArtifactRepositoryProvider> forFile =
        ServiceLoader.load(ArtifactRepositoryProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.schemes().contains("file"))
            .toList();
    assertThat(forFile).singleElement().isInstanceOf(LocalArtifactRepositoryProvider.class);
    ArtifactRepositoryProvider provider = forFile.get(0);
    assertThat(provider.artifact()).isEqualTo("org.mlflow4j:mlflow-client");
    try (ArtifactRepository repository =
        provider.create(ArtifactRepositoryContext.of(FileUris.toFileUri(dir)))) {
      assertThat(repository).isInstanceOf(LocalArtifactRepository.class);
      assertThat(((LocalArtifactRepository) repository).rootDirectory()).isEqualTo(dir);
    }
    assertThat(ArtifactRepositoryContext.of(dir.toString()).scheme()).isEqualTo("file");
  }
}
