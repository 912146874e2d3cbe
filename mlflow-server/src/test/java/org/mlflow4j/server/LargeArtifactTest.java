package org.mlflow4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads and downloads are streamed: a server in its own JVM with a 128 MiB heap takes and
 * gives back 1 GiB, byte for byte.
 */
class LargeArtifactTest {
  static final long SIZE = 1L << 30;

  @TempDir Path dir;

  @Test
  @DisplayName("1 GiB goes up and comes back through a server with -Xmx128m")
  void gibibyteThroughASmallHeap() throws Exception {
    Process process =
        MainTest.fork(
            dir,
            List.of("-Xmx128m"),
            "--backend-store-uri",
            dir.resolve("mlruns").toString(),
            "--artifacts-destination",
            dir.resolve("mlartifacts").toString(),
            "--port",
            "0");
    try {
      URI base =
          URI.create(
              MainTest.awaitLine(dir.resolve("stdout.txt"), "Listening at: ")
                  .substring("Listening at: ".length()));
      URI file = base.resolve("/api/2.0/mlflow-artifacts/artifacts/big/blob.bin");
      HttpClient client = HttpClient.newHttpClient();

      MessageDigest sent = MessageDigest.getInstance("SHA-256");
      long start = System.nanoTime();
      HttpResponse<String> put =
          client.send(
              HttpRequest.newBuilder(file)
                  .PUT(
                      HttpRequest.BodyPublishers.fromPublisher(
                          HttpRequest.BodyPublishers.ofInputStream(
                              () -> new DigestInputStream(new SeededBytes(42, SIZE), sent)),
                          SIZE))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      long uploaded = System.nanoTime();
      assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
      assertThat(Files.size(dir.resolve("mlartifacts/big/blob.bin"))).isEqualTo(SIZE);

      MessageDigest received = MessageDigest.getInstance("SHA-256");
      HttpResponse<InputStream> get =
          client.send(HttpRequest.newBuilder(file).build(), HttpResponse.BodyHandlers.ofInputStream());
      assertThat(get.statusCode()).isEqualTo(200);
      long count = 0;
      try (InputStream in = new DigestInputStream(get.body(), received)) {
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) >= 0; ) {
          count += n;
        }
      }
      long downloaded = System.nanoTime();
      System.out.printf(
          "1 GiB through a -Xmx128m server: upload %d ms, download %d ms%n",
          TimeUnit.NANOSECONDS.toMillis(uploaded - start),
          TimeUnit.NANOSECONDS.toMillis(downloaded - uploaded));
      assertThat(count).isEqualTo(SIZE);
      assertThat(HexFormat.of().formatHex(received.digest()))
          .isEqualTo(HexFormat.of().formatHex(sent.digest()));
      assertThat(process.isAlive()).as("the server did not run out of memory").isTrue();
    } finally {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    assertThat(Files.readString(dir.resolve("stderr.txt"))).doesNotContain("OutOfMemoryError");
  }

  /** A stream of {@code size} pseudo-random bytes from a seed: nothing kept on disk or in memory. */
  static final class SeededBytes extends InputStream {
    private final SplittableRandom random;
    private long remaining;

    SeededBytes(long seed, long size) {
      this.random = new SplittableRandom(seed);
      this.remaining = size;
    }

    @Override
    public int read() {
      if (remaining <= 0) {
        return -1;
      }
      remaining--;
      return random.nextInt(256);
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (remaining <= 0) {
        return -1;
      }
      int n = (int) Math.min(len, remaining);
      int i = 0;
      for (; i + 8 <= n; i += 8) {
        long v = random.nextLong();
        for (int k = 0; k < 8; k++) {
          b[off + i + k] = (byte) (v >>> (8 * k));
        }
      }
      for (; i < n; i++) {
        b[off + i] = (byte) random.nextInt(256);
      }
      remaining -= n;
      return n;
    }
  }
}
