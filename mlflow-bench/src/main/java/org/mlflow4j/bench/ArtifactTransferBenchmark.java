package org.mlflow4j.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPut;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.mlflow4j.client.LocalArtifactRepository;
import org.mlflow4j.server.TrackingServer;
import org.mlflow4j.store.ArtifactRepository;
import org.mlflow4j.store.rest.HttpArtifactRepository;
import org.mlflow4j.store.rest.RestStoreOptions;
import org.mlflow4j.store.support.TransferListener;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One artifact file (1 MiB or 64 MiB of random bytes) uploaded, downloaded to a stream and
 * downloaded to a file through an {@link ArtifactRepository}: a {@link LocalArtifactRepository}
 * ({@code repository=local}) or an {@link HttpArtifactRepository} proxied through our {@link
 * TrackingServer} on loopback to a local destination ({@code repository=proxied}). Baselines in the
 * same run, on the same disk: {@link Files#copy(Path, Path, java.nio.file.CopyOption...)} of the
 * file (for upload and download to a file) and reading the file to its end (for download to a
 * stream); for the proxied case also a raw HTTP PUT and GET of the same bytes, with the same HTTP
 * client library, against a bare Jetty handler that streams to and from one file (no routing, no
 * checks, no temporary file). Report each transfer as a ratio of its baseline.
 *
 * <p>Each state holds its own parameters, so that the baselines run once per size rather than once
 * per repository. Every write goes to a path that holds no file: what the previous call wrote is
 * deleted before each call, outside the timed part. Replacing a file would measure the file system
 * instead (ext4 flushes a file renamed over another one, as the repositories' temporary file is).
 * Nothing is synced to the device: every figure is of the page cache.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// The servers' start and stop lines would bury JMH's output.
@Fork(value = 1, jvmArgsAppend = "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ArtifactTransferBenchmark {
  static final int BUFFER_SIZE = 64 * 1024;
  static final String FILE_NAME = "payload.bin";

  /** The local file to transfer, and a scratch directory on the same disk. */
  @State(Scope.Benchmark)
  public static class Source {
    @Param({"1", "64"})
    public int sizeMiB;

    Path dir;
    Path file;
    Path copy;
    Path downloads;
    long size;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      dir = Files.createTempDirectory("mlflow4j-artbench");
      file = dir.resolve("source").resolve(FILE_NAME);
      Files.createDirectories(file.getParent());
      copy = dir.resolve("copy.bin");
      downloads = Files.createDirectories(dir.resolve("downloads"));
      size = sizeMiB * 1024L * 1024L;
      // Random bytes: nothing on the way may compress or dedupe them.
      Random random = new Random(42);
      byte[] chunk = new byte[BUFFER_SIZE];
      try (OutputStream out = Files.newOutputStream(file)) {
        for (long written = 0; written < size; written += chunk.length) {
          random.nextBytes(chunk);
          out.write(chunk);
        }
      }
    }

    /** Each call writes a new file, as logging a new artifact does. */
    @Setup(Level.Invocation)
    public void deleteOutputs() throws IOException {
      Files.deleteIfExists(copy);
      Files.deleteIfExists(downloads.resolve("stored").resolve(FILE_NAME));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      deleteTree(dir);
    }
  }

  /** The repository under test, holding a copy of the source file for the downloads. */
  @State(Scope.Benchmark)
  public static class Repository {
    @Param({"local", "proxied"})
    public String repository;

    ArtifactRepository repo;
    TrackingServer server;
    Path dir;
    Path uploaded;

    @Setup(Level.Trial)
    public void setUp(Source source) throws IOException {
      dir = Files.createDirectories(source.dir.resolve("repository"));
      switch (repository) {
        case "local" -> {
          repo = LocalArtifactRepository.of(dir.resolve("artifacts"));
          uploaded = dir.resolve("artifacts/uploaded").resolve(FILE_NAME);
        }
        case "proxied" -> {
          server =
              TrackingServer.builder()
                  .backendStoreUri(dir.resolve("mlruns").toString())
                  .serveArtifacts(true)
                  .artifactsDestination(dir.resolve("artifacts").toString())
                  .host("127.0.0.1")
                  .port(0)
                  .build()
                  .start();
          URI root = server.uri().resolve(HttpArtifactRepository.ARTIFACTS_ROUTE + "/bench");
          repo = HttpArtifactRepository.open(RestStoreOptions.of(root));
          uploaded = dir.resolve("artifacts/bench/uploaded").resolve(FILE_NAME);
        }
        default -> throw new IllegalArgumentException("unknown repository " + repository);
      }
      repo.logArtifact(source.file, "stored", TransferListener.NONE);
    }

    /** Each upload writes a new file (deleted on disk, not through the repository: untimed). */
    @Setup(Level.Invocation)
    public void deleteUpload() throws IOException {
      Files.deleteIfExists(uploaded);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      repo.close();
      if (server != null) {
        server.stop();
      }
    }
  }

  /** A bare Jetty server that PUTs to and GETs from one file, and an HTTP client for it. */
  @State(Scope.Benchmark)
  public static class RawHttp {
    Server jetty;
    CloseableHttpClient client;
    URI getUri;
    URI putUri;
    Path put;

    @Setup(Level.Trial)
    public void setUp(Source source) throws Exception {
      Path dir = Files.createDirectories(source.dir.resolve("raw"));
      Path stored = dir.resolve(FILE_NAME);
      Files.copy(source.file, stored, StandardCopyOption.REPLACE_EXISTING);
      put = dir.resolve("put.bin");
      jetty = new Server();
      // As TrackingServer's connector: one acceptor, one selector.
      ServerConnector connector =
          new ServerConnector(jetty, 1, 1, new HttpConnectionFactory());
      connector.setHost("127.0.0.1");
      connector.setPort(0);
      jetty.addConnector(connector);
      jetty.setHandler(new FileHandler(stored, put));
      jetty.start();
      getUri = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/" + FILE_NAME);
      putUri = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/put.bin");
      client = HttpClients.createDefault();
    }

    /** Each PUT writes a new file. */
    @Setup(Level.Invocation)
    public void deletePut() throws IOException {
      Files.deleteIfExists(put);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
      client.close();
      jetty.stop();
    }
  }

  /** Streams a PUT body to one file and another file to a GET response; nothing else. */
  static final class FileHandler extends Handler.Abstract {
    private final Path file;
    private final Path put;

    FileHandler(Path file, Path put) {
      this.file = file;
      this.put = put;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      switch (request.getMethod()) {
        case "PUT" -> {
          try (InputStream in = Content.Source.asInputStream(request)) {
            Files.copy(in, put, StandardCopyOption.REPLACE_EXISTING);
          }
          response.setStatus(200);
          callback.succeeded();
        }
        case "GET" -> {
          response.setStatus(200);
          response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Files.size(file));
          // The server's own buffer size: transferTo's 8 KiB would make this baseline the slower.
          try (InputStream in = Files.newInputStream(file);
              OutputStream out = Content.Sink.asOutputStream(response)) {
            byte[] buffer = new byte[BUFFER_SIZE];
            for (int n; (n = in.read(buffer)) >= 0; ) {
              out.write(buffer, 0, n);
            }
          }
          callback.succeeded();
        }
        default -> Response.writeError(request, response, callback, 405);
      }
      return true;
    }
  }

  // ---- baselines

  /** Baseline of upload and download to a file: the file copied to another file. */
  @Benchmark
  public void baselineCopyFile(Source source) throws IOException {
    Files.copy(source.file, source.copy, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Not a baseline but where a stream copy's time goes: the file copied to another file through an
   * {@link InputStream} ({@link Files#copy(InputStream, Path, java.nio.file.CopyOption...)}), as
   * the repositories copy.
   */
  @Benchmark
  public void streamCopyFile(Source source) throws IOException {
    try (InputStream in = Files.newInputStream(source.file)) {
      Files.copy(in, source.copy, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Baseline of download to a stream: the file read to its end. */
  @Benchmark
  public long baselineReadFile(Source source, Blackhole blackhole) throws IOException {
    try (InputStream in = Files.newInputStream(source.file)) {
      return readFully(in, source.size, blackhole);
    }
  }

  /** Baseline of the proxied upload: a raw HTTP PUT of the file to a bare handler. */
  @Benchmark
  public void baselineRawHttpPut(Source source, RawHttp raw) throws IOException {
    HttpPut put = new HttpPut(raw.putUri);
    try (InputStream in = Files.newInputStream(source.file)) {
      put.setEntity(new InputStreamEntity(in, source.size, ContentType.APPLICATION_OCTET_STREAM));
      int status =
          raw.client.execute(
              put,
              response -> {
                EntityUtils.consume(response.getEntity());
                return response.getCode();
              });
      if (status != 200) {
        throw new IllegalStateException("PUT answered " + status);
      }
    }
  }

  /** Baseline of the proxied download to a stream: a raw HTTP GET from a bare handler. */
  @Benchmark
  public long baselineRawHttpGet(Source source, RawHttp raw, Blackhole blackhole)
      throws IOException {
    return raw.client.execute(
        new HttpGet(raw.getUri),
        response -> {
          try (InputStream in = response.getEntity().getContent()) {
            return readFully(in, source.size, blackhole);
          }
        });
  }

  // ---- the repository

  /** {@code logArtifact} of the file. */
  @Benchmark
  public void upload(Source source, Repository repository) {
    repository.repo.logArtifact(source.file, "uploaded", TransferListener.NONE);
  }

  /** {@code openArtifact} of the stored file, read to its end. */
  @Benchmark
  public long downloadStream(Source source, Repository repository, Blackhole blackhole)
      throws IOException {
    try (InputStream in = repository.repo.openArtifact("stored/" + FILE_NAME)) {
      return readFully(in, source.size, blackhole);
    }
  }

  /** {@code downloadArtifacts} of the stored file into a local directory. */
  @Benchmark
  public Path downloadFile(Source source, Repository repository) {
    return repository.repo.downloadArtifacts(
        "stored/" + FILE_NAME, source.downloads, TransferListener.NONE);
  }

  /** Reads the stream to its end; fails if it did not hold exactly the expected bytes. */
  static long readFully(InputStream in, long expected, Blackhole blackhole) throws IOException {
    byte[] buffer = new byte[BUFFER_SIZE];
    long total = 0;
    for (int n; (n = in.read(buffer)) >= 0; ) {
      total += n;
    }
    blackhole.consume(buffer);
    if (total != expected) {
      throw new IllegalStateException("read " + total + " bytes, expected " + expected);
    }
    return total;
  }

  static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
