package org.mlflow4j.server;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The {@code mlflow-server} command: starts a {@link TrackingServer} with the options of {@code
 * mlflow server} and runs until SIGTERM or Ctrl-C, which stop it gracefully.
 *
 * <pre>
 * java -jar mlflow-server/target/mlflow-server.jar --backend-store-uri ./mlruns --port 5000
 * </pre>
 *
 * <p>An option not given falls back to the variable {@code mlflow server} reads for it ({@code
 * MLFLOW_BACKEND_STORE_URI}, {@code MLFLOW_DEFAULT_ARTIFACT_ROOT}, {@code MLFLOW_HOST}, {@code
 * MLFLOW_PORT}, {@code MLFLOW_WORKERS}), then to its default.
 *
 * <p>Not thread-safe (one invocation per instance).
 */
@Command(
    name = "mlflow-server",
    versionProvider = Main.Version.class,
    description = "Runs an MLflow tracking server (REST API of MLflow 2.22) over a tracking store.")
public final class Main implements Callable<Integer> {

  @Option(
      names = "--backend-store-uri",
      paramLabel = "URI",
      description =
          "Where experiments and runs are stored: a path or file: URI (file store), or any URI a"
              + " store on the class path serves. Default: ./mlruns.")
  String backendStoreUri;

  @Option(
      names = "--default-artifact-root",
      paramLabel = "URI",
      description = "Accepted for compatibility; not used yet (the store's default applies).")
  String defaultArtifactRoot;

  @Option(
      names = {"-h", "--host"},
      paramLabel = "HOST",
      description = "The interface to bind (0.0.0.0 for all). Default: ${DEFAULT-VALUE}.")
  String host = TrackingServer.DEFAULT_HOST;

  @Option(
      names = {"-p", "--port"},
      paramLabel = "PORT",
      description = "The port to listen on (0: any free port). Default: ${DEFAULT-VALUE}.")
  int port = TrackingServer.DEFAULT_PORT;

  @Option(
      names = {"-w", "--workers"},
      paramLabel = "N",
      description = "How many requests are handled at once. Default: ${DEFAULT-VALUE}.")
  int workers = TrackingServer.DEFAULT_WORKERS;

  @Option(
      names = "--max-request-size",
      paramLabel = "BYTES",
      description = "The largest request body accepted. Default: ${DEFAULT-VALUE}.")
  long maxRequestSize = TrackingServer.DEFAULT_MAX_REQUEST_SIZE;

  @Option(names = "--help", usageHelp = true, description = "Shows this help and exits.")
  boolean help;

  @Option(names = "--version", versionHelp = true, description = "Shows the version and exits.")
  boolean version;

  /** The environment variable {@code mlflow server} reads for each option, as a fallback. */
  static final Map<String, String> VARIABLE_BY_OPTION =
      Map.of(
          "--backend-store-uri", "MLFLOW_BACKEND_STORE_URI",
          "--default-artifact-root", "MLFLOW_DEFAULT_ARTIFACT_ROOT",
          "--host", "MLFLOW_HOST",
          "--port", "MLFLOW_PORT",
          "--workers", "MLFLOW_WORKERS");

  private final Map<String, String> environment;

  /** A command reading its fallbacks from the process environment. */
  public Main() {
    this(System.getenv());
  }

  Main(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /** Runs the command; exits when the server has stopped. */
  public static void main(String[] args) {
    System.exit(newCommandLine(new Main()).execute(args));
  }

  static CommandLine newCommandLine(Main main) {
    // -h is the host, as for mlflow server; help is --help only.
    CommandLine cli = new CommandLine(main);
    // As mlflow server: an option not given falls back to its MLFLOW_* variable, then the default.
    cli.setDefaultValueProvider(
        arg -> {
          if (arg instanceof OptionSpec option) {
            String variable = VARIABLE_BY_OPTION.get(option.longestName());
            String value = variable == null ? null : main.environment.get(variable);
            return value == null || value.isBlank() ? null : value.trim();
          }
          return null;
        });
    return cli;
  }

  /** Builds and starts the server the options describe, and prints where it listens. */
  TrackingServer startServer(PrintWriter out) {
    TrackingServer.Builder builder =
        TrackingServer.builder()
            .host(host)
            .port(port)
            .workers(workers)
            .maxRequestSize(maxRequestSize)
            .environment(environment);
    if (backendStoreUri != null) {
      builder.backendStoreUri(backendStoreUri);
    }
    if (defaultArtifactRoot != null) {
      builder.defaultArtifactRoot(defaultArtifactRoot);
    }
    TrackingServer started = builder.build().start();
    out.println("Listening at: " + started.uri());
    out.flush();
    return started;
  }

  @Override
  public Integer call() throws InterruptedException {
    TrackingServer running = startServer(new PrintWriter(System.out, true));
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  running.stop();
                  System.out.println("Stopped.");
                  System.out.flush();
                },
                "mlflow-server-shutdown"));
    running.awaitStop();
    return 0;
  }

  /** The version picocli prints for {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String implementation = Main.class.getPackage().getImplementationVersion();
      return new String[] {
        "mlflow-server " + (implementation == null ? "(development build)" : implementation),
        "MLflow REST API " + TrackingServer.MLFLOW_API_VERSION
      };
    }
  }
}
