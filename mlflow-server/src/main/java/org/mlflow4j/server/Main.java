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
 * MLFLOW_BACKEND_STORE_URI}, {@code MLFLOW_DEFAULT_ARTIFACT_ROOT}, {@code MLFLOW_SERVE_ARTIFACTS},
 * {@code MLFLOW_ARTIFACTS_DESTINATION}, {@code MLFLOW_ARTIFACTS_ONLY}, {@code MLFLOW_HOST}, {@code
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
              + " store on the class path serves. Default: sqlite:///mlflow.db in the working directory, or ./mlruns when it holds experiments (as MLflow).")
  String backendStoreUri;

  @Option(
      names = "--default-artifact-root",
      paramLabel = "URI",
      description =
          "Where experiments created without an artifact location keep artifacts"
              + " (<root>/<experiment id>). Default: mlflow-artifacts:/ (the artifact proxy) with"
              + " --serve-artifacts, else the backend store's own default.")
  String defaultArtifactRoot;

  @Option(
      names = "--serve-artifacts",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Serve artifact uploads, downloads and listings from --artifacts-destination through"
              + " /api/2.0/mlflow-artifacts (--no-serve-artifacts: those routes answer 503)."
              + " Default: ${DEFAULT-VALUE}.")
  boolean serveArtifacts = true;

  @Option(
      names = "--artifacts-destination",
      paramLabel = "URI",
      description =
          "Where the artifact proxy keeps artifacts: a local path, a file: URI, or any URI an"
              + " artifact repository provider on the class path serves."
              + " Default: ${DEFAULT-VALUE}.")
  String artifactsDestination = TrackingServer.DEFAULT_ARTIFACTS_DESTINATION;

  @Option(
      names = "--artifacts-only",
      description =
          "Serve only the artifact proxy: no backend store is opened and the tracking routes"
              + " answer 503.")
  boolean artifactsOnly;

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
          "--serve-artifacts", "MLFLOW_SERVE_ARTIFACTS",
          "--artifacts-destination", "MLFLOW_ARTIFACTS_DESTINATION",
          "--artifacts-only", "MLFLOW_ARTIFACTS_ONLY",
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
            if (value == null || value.isBlank()) {
              return null;
            }
            if (option.type() != boolean.class) {
              return value.trim();
            }
            String flag = clickBoolean(value);
            if (flag == null) {
              throw new CommandLine.ParameterException(
                  cli, variable + "='" + value + "' is not a valid boolean");
            }
            return flag;
          }
          return null;
        });
    return cli;
  }

  /**
   * A boolean variable as click reads it (1/0, true/false, t/f, yes/no, y/n, on/off), as {@code
   * "true"} or {@code "false"}; null if it is none of them.
   */
  static String clickBoolean(String value) {
    switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "1":
      case "true":
      case "t":
      case "yes":
      case "y":
      case "on":
        return "true";
      case "0":
      case "false":
      case "f":
      case "no":
      case "n":
      case "off":
        return "false";
      default:
        return null;
    }
  }

  /** Builds and starts the server the options describe, and prints where it listens. */
  TrackingServer startServer(PrintWriter out) {
    TrackingServer.Builder builder =
        TrackingServer.builder()
            .host(host)
            .port(port)
            .workers(workers)
            .maxRequestSize(maxRequestSize)
            .serveArtifacts(serveArtifacts)
            .artifactsDestination(artifactsDestination)
            .artifactsOnly(artifactsOnly)
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
