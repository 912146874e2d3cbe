package org.mlflow4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The mlflow-server command: options as mlflow server's, startup line, SIGTERM. */
class MainTest {
  @TempDir Path dir;

  @Test
  @DisplayName("the options of mlflow server parse, and the server answers /health")
  void startsOnEphemeralPort() {
    Main main = new Main(Map.of());
    Path store = dir.resolve("store");
    Main.newCommandLine(main)
        .parseArgs(
            "--backend-store-uri", store.toString(),
            "--default-artifact-root", dir.resolve("artifacts").toString(),
            "--host", "127.0.0.1",
            "--port", "0",
            "--workers", "2");
    StringWriter out = new StringWriter();
    try (TrackingServer server = main.startServer(new PrintWriter(out))) {
      assertThat(out.toString())
          .isEqualTo("Listening at: " + server.uri() + System.lineSeparator());
      Http.Reply health = new Http(server.uri()).get("/health");
      assertThat(health.status()).isEqualTo(200);
      assertThat(health.body()).isEqualTo("OK");
      assertThat(Files.isDirectory(store.resolve("0")))
          .as("the file store made its Default experiment")
          .isTrue();
    }
  }

  @Test
  @DisplayName("defaults are mlflow server's: 127.0.0.1:5000, the default tracking URI")
  void defaults() {
    Main main = new Main(Map.of());
    Main.newCommandLine(main).parseArgs();
    assertThat(main.host).isEqualTo("127.0.0.1");
    assertThat(main.port).isEqualTo(5000);
    assertThat(main.backendStoreUri).isNull();
    StringWriter usage = new StringWriter();
    Main.newCommandLine(new Main(Map.of())).usage(new PrintWriter(usage));
    assertThat(usage.toString())
        .contains(
            "--backend-store-uri", "--default-artifact-root", "--host", "--port", "--workers");
    assertThat(Main.newCommandLine(new Main(Map.of())).execute("--no-such-option")).isEqualTo(2);
  }

  @Test
  @DisplayName("options fall back to mlflow server's MLFLOW_* variables; flags win")
  void environmentFallbacks() {
    Main main =
        new Main(
            Map.of(
                "MLFLOW_BACKEND_STORE_URI", "/tmp/from-env",
                "MLFLOW_HOST", "0.0.0.0",
                "MLFLOW_PORT", "6000",
                "MLFLOW_WORKERS", "3"));
    Main.newCommandLine(main).parseArgs("--port", "7000");
    assertThat(main.backendStoreUri).isEqualTo("/tmp/from-env");
    assertThat(main.host).isEqualTo("0.0.0.0");
    assertThat(main.port).isEqualTo(7000);
    assertThat(main.workers).isEqualTo(3);
  }

  @Test
  @DisplayName("artifact options: mlflow server's defaults, flags, negation and MLFLOW_* variables")
  void artifactOptions() {
    Main defaults = new Main(Map.of());
    Main.newCommandLine(defaults).parseArgs();
    assertThat(defaults.serveArtifacts).isTrue();
    assertThat(defaults.artifactsDestination).isEqualTo("./mlartifacts");
    assertThat(defaults.artifactsOnly).isFalse();
    assertThat(defaults.defaultArtifactRoot).isNull();

    Main flags = new Main(Map.of());
    Main.newCommandLine(flags)
        .parseArgs(
            "--no-serve-artifacts",
            "--artifacts-destination",
            "/data/art",
            "--artifacts-only",
            "--default-artifact-root",
            "s3://b/x");
    assertThat(flags.serveArtifacts).isFalse();
    assertThat(flags.artifactsDestination).isEqualTo("/data/art");
    assertThat(flags.artifactsOnly).isTrue();
    assertThat(flags.defaultArtifactRoot).isEqualTo("s3://b/x");
    Main on = new Main(Map.of());
    Main.newCommandLine(on).parseArgs("--serve-artifacts");
    assertThat(on.serveArtifacts).isTrue();

    Main env =
        new Main(
            Map.of(
                "MLFLOW_SERVE_ARTIFACTS", "off",
                "MLFLOW_ARTIFACTS_DESTINATION", "/env/art",
                "MLFLOW_ARTIFACTS_ONLY", "1",
                "MLFLOW_DEFAULT_ARTIFACT_ROOT", "/env/root"));
    Main.newCommandLine(env).parseArgs();
    assertThat(env.serveArtifacts).isFalse();
    assertThat(env.artifactsDestination).isEqualTo("/env/art");
    assertThat(env.artifactsOnly).isTrue();
    assertThat(env.defaultArtifactRoot).isEqualTo("/env/root");
    Main flagWins = new Main(Map.of("MLFLOW_SERVE_ARTIFACTS", "false"));
    Main.newCommandLine(flagWins).parseArgs("--serve-artifacts");
    assertThat(flagWins.serveArtifacts).isTrue();

    StringWriter err = new StringWriter();
    CommandLine bad = Main.newCommandLine(new Main(Map.of("MLFLOW_SERVE_ARTIFACTS", "maybe")));
    bad.setErr(new PrintWriter(err));
    assertThat(bad.execute()).isEqualTo(2);
    assertThat(err.toString()).contains("MLFLOW_SERVE_ARTIFACTS='maybe'");
  }

  @Test
  @DisplayName("as a process: prints its URL, serves, and stops gracefully on SIGTERM")
  void processStopsOnSigterm() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "--backend-store-uri",
                dir.resolve("mlruns").toString(),
                "--port",
                "0")
            .redirectError(dir.resolve("stderr.txt").toFile())
            .redirectOutput(dir.resolve("stdout.txt").toFile())
            .start();
    try {
      String first = awaitLine(dir.resolve("stdout.txt"), "Listening at: ");
      assertThat(first).startsWith("Listening at: http://127.0.0.1:");
      URI uri = URI.create(first.substring("Listening at: ".length()));
      Http http = new Http(uri);
      assertThat(http.get("/health").body()).isEqualTo("OK");
      assertThat(http.post("/api/2.0/mlflow/experiments/create", "{\"name\": \"cli\"}").status())
          .isEqualTo(200);
      process.destroy(); // SIGTERM
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.readAllLines(dir.resolve("stdout.txt"))).contains("Stopped.");
    } finally {
      process.destroyForcibly();
    }
  }

  private static String awaitLine(Path file, String prefix) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith(prefix)) {
          return line;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no line starting with '" + prefix + "' in " + Files.readString(file));
  }
}
