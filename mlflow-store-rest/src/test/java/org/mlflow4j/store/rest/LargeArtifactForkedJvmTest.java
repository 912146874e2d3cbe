package org.mlflow4j.store.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow4j.server.Main;

/**
 * A 1 GiB artifact round-trips through our tracking server's proxy with the server and the client
 * each in its own JVM of 128 MiB heap: both sides must stream. The bytes come from a seeded
 * generator; the client compares the SHA-256 of what it sent with that of what it got back, and the
 * file on the server's disk has the full size.
 */
class LargeArtifactForkedJvmTest {
  private static final long SIZE = 1L << 30;
  private static final String HEAP = "-Xmx128m";

  @TempDir Path dir;

  @Test
  @DisplayName("1 GiB up and down, server and client at -Xmx128m each, SHA-256 equal")
  void oneGibibyteRoundTrips() throws Exception {
    Path destination = Files.createDirectories(dir.resolve("mlartifacts"));
    Process server =
        java(
                List.of(
                    Main.class.getName(),
                    "--backend-store-uri",
                    dir.resolve("mlruns").toString(),
                    "--artifacts-destination",
                    destination.toString(),
                    "--port",
                    "0"),
                "server")
            .start();
    try {
      String listening = awaitLine(dir.resolve("server.out"), "Listening at: ", server);
      URI uri = URI.create(listening.substring("Listening at: ".length()).trim());
      String root = uri + HttpArtifactRepository.ARTIFACTS_ROUTE + "/big-test";
      long started = System.nanoTime();
      Process client =
          java(
                  List.of(
                      LargeArtifactClientMain.class.getName(),
                      root,
                      Long.toString(SIZE),
                      "20261204"),
                  "client")
              .start();
      assertThat(client.waitFor(15, TimeUnit.MINUTES)).as("client finished").isTrue();
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      String out = Files.readString(dir.resolve("client.out"));
      assertThat(client.exitValue())
          .as("client exit; stderr:\n%s", Files.readString(dir.resolve("client.err")))
          .isZero();
      Map<String, String> lines =
          out.lines()
              .filter(l -> l.contains(" "))
              .collect(
                  Collectors.toMap(
                      l -> l.substring(0, l.indexOf(' ')), l -> l.substring(l.indexOf(' ') + 1)));
      System.out.println(
          "1 GiB round trip through the proxy took " + took.toMillis() + " ms; client: " + lines);

      assertThat(lines.get("SENT")).hasSize(64);
      assertThat(lines.get("RECEIVED")).isEqualTo(lines.get("SENT"));
      assertThat(lines.get("COUNT")).isEqualTo(Long.toString(SIZE));
      assertThat(lines.get("LISTED")).isEqualTo(Long.toString(SIZE));
      assertThat(lines.get("HEAP")).isEqualTo(HEAP);
      server.info().arguments().ifPresent(a -> assertThat(a).contains(HEAP));
      assertThat(Files.size(destination.resolve("big-test/big/blob.bin"))).isEqualTo(SIZE);
      assertThat(server.isAlive()).as("server survived").isTrue();
    } finally {
      server.destroy();
      if (!server.waitFor(20, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  private ProcessBuilder java(List<String> mainAndArgs, String name) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add(HEAP);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.addAll(mainAndArgs);
    return new ProcessBuilder(command)
        .redirectOutput(dir.resolve(name + ".out").toFile())
        .redirectError(dir.resolve(name + ".err").toFile());
  }

  private static String awaitLine(Path file, String prefix, Process process)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (Files.exists(file)) {
        for (String line : Files.readAllLines(file)) {
          if (line.startsWith(prefix)) {
            return line;
          }
        }
      }
      if (!process.isAlive()) {
        throw new AssertionError("the server exited with " + process.exitValue());
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no line starting with '" + prefix + "' in " + file);
  }
}
