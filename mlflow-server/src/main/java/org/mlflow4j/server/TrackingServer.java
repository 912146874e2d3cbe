package org.mlflow4j.server;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.client.MlflowClient;
import org.mlflow4j.store.ArtifactRepository;
import org.mlflow4j.store.ArtifactRepositoryContext;
import org.mlflow4j.store.StoreContext;
import org.mlflow4j.store.TrackingStore;
import org.mlflow4j.store.TrackingUris;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MLflow tracking server: serves every tracking endpoint of MLflow's REST API under {@code
 * /api/2.0/mlflow} and {@code /ajax-api/2.0/mlflow}, plus {@code /health} and {@code /version},
 * over any {@link TrackingStore}, on embedded Jetty, and proxies artifacts as {@code mlflow server
 * --serve-artifacts} does.
 *
 * <pre>{@code
 * try (TrackingServer server =
 *     TrackingServer.builder().backendStoreUri("./mlruns").port(0).build().start()) {
 *   URI uri = server.uri(); // e.g. http://127.0.0.1:41234
 * }
 * }</pre>
 *
 * <h2>Behaviour</h2>
 *
 * Requests are read as MLflow's server reads them: POST bodies must be {@code application/json};
 * GET requests take their parameters from the query string, else from a JSON body. Errors are
 * MLflow's JSON body {@code {"error_code", "message"}} with the code's HTTP status. Unlike MLflow,
 * an unknown path is answered with a JSON 404 {@code ENDPOINT_NOT_FOUND} (MLflow: an HTML page), a
 * known path with the wrong method with a JSON 405, a body that is not JSON with 400 (MLflow: 500
 * HTML), a body over {@link Builder#maxRequestSize} with a JSON 413, and a request arriving during
 * shutdown with 503 {@code TEMPORARILY_UNAVAILABLE}.
 *
 * <h2>Artifacts</h2>
 *
 * With {@link Builder#serveArtifacts} on (the default) the artifact proxy under {@code
 * /api/2.0/mlflow-artifacts/} reads and writes the {@link Builder#artifactsDestination} (default
 * {@code ./mlartifacts}; a local path or {@code file:} URI), and experiments created without a
 * location get {@code mlflow-artifacts:/<id>}, so their runs' artifacts go through the proxy to
 * {@code <destination>/<id>/<run id>/artifacts}. {@link Builder#defaultArtifactRoot} sets another
 * root; the server hands the root to the store it opens as the setting {@value
 * #ARTIFACT_ROOT_SETTING}, as {@code mlflow server} does. A store given to {@link Builder#store}
 * keeps its own default root. With serving off, every proxy route answers 503 text/plain, as
 * MLflow's. With {@link Builder#artifactsOnly} the tracking routes answer 503 and no store is
 * opened. Uploads and downloads are streamed; the request size limit does not apply to them.
 *
 * <h2>Lifecycle</h2>
 *
 * {@link #start()} opens the artifacts destination (when serving artifacts) and the store (when
 * built from a URI), and binds; {@link #stop()} stops accepting connections, lets in-flight
 * requests finish (up to {@link Builder#stopTimeout}), then closes the destination and the store
 * it opened (never a store given to {@link Builder#store}). A stopped server cannot be started
 * again; build a new one.
 *
 * <p>Thread-safe.
 */
public final class TrackingServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TrackingServer.class);

  /** The default host: loopback only, as {@code mlflow server}. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** The default port, as {@code mlflow server}. */
  public static final int DEFAULT_PORT = 5000;

  /** The default number of request-handling threads. */
  public static final int DEFAULT_WORKERS = 16;

  /** The default limit of a request body: 10 MiB. */
  public static final long DEFAULT_MAX_REQUEST_SIZE = 10L * 1024 * 1024;

  /** The default artifacts destination, as {@code mlflow server --artifacts-destination}. */
  public static final String DEFAULT_ARTIFACTS_DESTINATION = "./mlartifacts";

  /** The default artifact root of new experiments while the server serves artifacts. */
  public static final String PROXIED_ARTIFACT_ROOT = "mlflow-artifacts:/";

  /**
   * The store setting naming the default artifact root of new experiments, MLflow's name for it
   * ({@code mlflow server} passes {@code --default-artifact-root} to its store the same way). The
   * file and SQL stores honour it.
   */
  public static final String ARTIFACT_ROOT_SETTING = "_MLFLOW_SERVER_ARTIFACT_ROOT";

  /** The default time in-flight requests get to finish when the server stops. */
  public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(30);

  /**
   * The text {@code /version} answers: the MLflow version whose REST API this server speaks, since
   * MLflow's clients read it as an MLflow version for feature detection.
   */
  public static final String MLFLOW_API_VERSION = "2.22.1";

  /**
   * Jetty's default URI rules plus {@code %25} in a path, so an artifact named {@code 50%.txt}
   * can be sent as MLflow's clients send it. The artifact routes check every path raw and decoded
   * ({@link ArtifactRoutes}), so the other ambiguities ({@code %2e}, {@code %2f}, {@code ;} after
   * {@code ..}, empty segments) stay refused by Jetty as a second line.
   */
  static final UriCompliance URI_COMPLIANCE =
      UriCompliance.DEFAULT.with(
          "MLFLOW_ARTIFACT_NAMES", UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING);

  private enum State {
    NEW,
    STARTED,
    STOPPING,
    STOPPED
  }

  private final Optional<TrackingStore> givenStore;
  private final String backendStoreUri;
  private final Map<String, String> environment;
  private final Optional<String> defaultArtifactRoot;
  private final boolean serveArtifacts;
  private final String artifactsDestination;
  private final boolean artifactsOnly;
  private final String host;
  private final int port;
  private final int workers;
  private final long maxRequestSize;
  private final Duration stopTimeout;

  private final Object lock = new Object();
  private State state = State.NEW; // guarded by lock
  private Server jetty; // guarded by lock
  private MlflowClient ownedClient; // guarded by lock; the store's owner when we opened it
  private Optional<ArtifactRepository> openedDestination = Optional.empty(); // guarded by lock
  private volatile int boundPort = -1; // set once by start()

  private TrackingServer(Builder b) {
    this.givenStore = Optional.ofNullable(b.store);
    this.backendStoreUri =
        b.backendStoreUri.orElseGet(() -> MlflowClient.resolveTrackingUri(Map.of()));
    this.environment = Map.copyOf(b.environment);
    this.defaultArtifactRoot = b.defaultArtifactRoot;
    this.serveArtifacts = b.serveArtifacts;
    this.artifactsDestination = b.artifactsDestination;
    this.artifactsOnly = b.artifactsOnly;
    this.host = b.host;
    this.port = b.port;
    this.workers = b.workers;
    this.maxRequestSize = b.maxRequestSize;
    this.stopTimeout = b.stopTimeout;
  }

  /** A builder with the defaults of {@code mlflow server}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Opens the artifacts destination (when serving artifacts) and the store (unless one was given),
   * and starts serving.
   *
   * @return this server
   * @throws IllegalStateException if it was already started
   * @throws MlflowException if the destination or the store cannot be opened (e.g. {@code
   *     INVALID_PARAMETER_VALUE} naming the scheme and the artifact to add when no provider serves
   *     the destination's scheme) or the port cannot be bound
   */
  public TrackingServer start() {
    synchronized (lock) {
      if (state != State.NEW) {
        throw new IllegalStateException("a tracking server starts only once (it is " + state + ")");
      }
      // The destination first: a URI no provider serves fails before a store is opened.
      Optional<ArtifactRepository> destination;
      Optional<TrackingStore> store;
      Function<String, ArtifactRepository> repositories;
      try {
        repositories = repositoryOpener();
        destination =
            serveArtifacts ? Optional.of(openDestination(repositories)) : Optional.empty();
      } catch (RuntimeException e) {
        state = State.STOPPED;
        throw e;
      }
      try {
        store = openStore();
      } catch (RuntimeException e) {
        destination.ifPresent(d -> closeQuietly(d, e));
        state = State.STOPPED;
        throw e;
      }
      Server server = newJetty(store, destination, repositories);
      try {
        server.start();
      } catch (Exception e) {
        try {
          server.stop();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
        closeOwnedStore();
        destination.ifPresent(d -> closeQuietly(d, e));
        state = State.STOPPED;
        throw new MlflowException(
            ErrorCode.INTERNAL_ERROR,
            "Could not start the tracking server on " + host + ":" + port + ": " + e,
            e);
      }
      jetty = server;
      openedDestination = destination;
      boundPort = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
      state = State.STARTED;
      LOG.info(
          "Tracking server listening at {} (backend store {}, artifacts {})",
          uri(),
          artifactsOnly
              ? "none: --artifacts-only"
              : givenStore.isPresent() ? store.get() : TrackingUris.maskCredentials(backendStoreUri),
          destination.isPresent()
              ? "served from " + TrackingUris.maskCredentials(destination.get().rootUri())
              : "not served: --no-serve-artifacts");
      return this;
    }
  }

  /** The store to serve: none, the given one, or one opened from the backend store URI. */
  private Optional<TrackingStore> openStore() {
    if (artifactsOnly) {
      return Optional.empty();
    }
    if (givenStore.isPresent()) {
      return givenStore;
    }
    ownedClient =
        MlflowClient.builder()
            .trackingUri(backendStoreUri)
            .environment(storeSettings())
            .asyncShutdownHook(false)
            .build();
    return Optional.of(ownedClient.store());
  }

  /** The artifacts destination, opened as any artifact URI (see {@link #repositoryOpener}). */
  private ArtifactRepository openDestination(Function<String, ArtifactRepository> repositories) {
    try {
      return repositories.apply(artifactsDestination);
    } catch (MlflowException e) {
      throw new MlflowException(
          e.errorCode(), "Cannot open the artifacts destination: " + e.getMessage(), e);
    }
  }

  /**
   * Opens a new repository for an artifact URI, found as {@link MlflowClient} finds one (the local
   * repository, with its canonical-path check, for a path or {@code file:} URI); the tracking URI
   * it is given is the backend store URI, its settings the server's environment. The providers
   * are discovered once, here, not on each request.
   */
  private Function<String, ArtifactRepository> repositoryOpener() {
    Function<ArtifactRepositoryContext, ArtifactRepository> open =
        MlflowClient.artifactRepositoryOpener();
    StoreContext tracking = new StoreContext(backendStoreUri, environment);
    return artifactUri -> open.apply(new ArtifactRepositoryContext(artifactUri, tracking));
  }

  private static void closeQuietly(ArtifactRepository repository, Throwable failure) {
    try {
      repository.close();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  /**
   * The settings of the store the server opens: its environment, with the server's default
   * artifact root as {@value #ARTIFACT_ROOT_SETTING} (removed when the store's own default
   * applies).
   */
  Map<String, String> storeSettings() {
    Map<String, String> settings = new HashMap<>(environment);
    Optional<String> root = defaultArtifactRoot();
    if (root.isPresent()) {
      settings.put(ARTIFACT_ROOT_SETTING, root.get());
    } else {
      settings.remove(ARTIFACT_ROOT_SETTING);
    }
    return settings;
  }

  /**
   * The default artifact root new experiments get, as {@code mlflow server} resolves it: the
   * configured one, else {@value #PROXIED_ARTIFACT_ROOT} while serving artifacts, else none (the
   * store's own default). Not used with a store given to {@link Builder#store}.
   */
  public Optional<String> defaultArtifactRoot() {
    if (defaultArtifactRoot.isPresent()) {
      return defaultArtifactRoot;
    }
    return serveArtifacts ? Optional.of(PROXIED_ARTIFACT_ROOT) : Optional.empty();
  }

  private Server newJetty(
      Optional<TrackingStore> store,
      Optional<ArtifactRepository> destination,
      Function<String, ArtifactRepository> repositories) {
    // One acceptor and one selector thread besides the workers that run the (blocking) handlers.
    QueuedThreadPool threads = new QueuedThreadPool(workers + 3, Math.min(workers + 3, 4));
    threads.setName("mlflow-server");
    threads.setReservedThreads(0);
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setUriCompliance(URI_COMPLIANCE);
    ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);

    ArtifactService artifacts = new ArtifactService(destination, repositories);
    TrackingHandler handler =
        new TrackingHandler(
            store.map(s -> new TrackingService(s, artifacts)),
            new ArtifactRoutes(artifacts, store),
            maxRequestSize,
            MLFLOW_API_VERSION);
    ShutdownAwareGracefulHandler graceful = new ShutdownAwareGracefulHandler();
    graceful.setHandler(handler);
    server.setHandler(graceful);
    server.setErrorHandler(new JsonErrorHandler());
    server.setStopTimeout(stopTimeout.toMillis());
    server.setStopAtShutdown(false);
    return server;
  }

  /**
   * Stops gracefully: stops accepting, lets in-flight requests finish (up to the stop timeout),
   * then closes the artifacts destination and the store if this server opened it. Idempotent; a
   * never started server just becomes stopped.
   */
  public void stop() {
    Server server;
    MlflowClient client;
    Optional<ArtifactRepository> destination;
    synchronized (lock) {
      if (state == State.STOPPING || state == State.STOPPED) {
        // Another thread stops it: return once it is stopped, as a first caller would.
        while (state != State.STOPPED) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        return;
      }
      boolean wasStarted = state == State.STARTED;
      state = State.STOPPING;
      server = wasStarted ? jetty : null;
      client = ownedClient;
      ownedClient = null;
      destination = openedDestination;
      openedDestination = Optional.empty();
    }
    // Not under the lock: in-flight requests may take a while, and port()/uri() stay readable.
    RuntimeException failure = null;
    try {
      if (server != null) {
        try {
          server.stop();
        } catch (TimeoutException e) {
          // Jetty has stopped nevertheless; what was still running was cut off.
          LOG.warn(
              "Requests still running after the stop timeout of {} ms were aborted",
              stopTimeout.toMillis());
        } catch (Exception e) {
          failure =
              new MlflowException(
                  ErrorCode.INTERNAL_ERROR, "Stopping the tracking server failed: " + e, e);
        }
        LOG.info("Tracking server at {}:{} stopped", host, boundPort);
      }
      // The destination, then the store: each is closed even if another failed to close.
      List<Runnable> closes = new ArrayList<>();
      destination.ifPresent(d -> closes.add(d::close));
      if (client != null) {
        closes.add(client::close);
      }
      for (Runnable close : closes) {
        try {
          close.run();
        } catch (RuntimeException e) {
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        }
      }
    } finally {
      synchronized (lock) {
        state = State.STOPPED;
        lock.notifyAll();
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void closeOwnedStore() {
    if (ownedClient != null) {
      MlflowClient client = ownedClient;
      ownedClient = null;
      client.close();
    }
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  /** Blocks until the server is stopped (by {@link #stop()} from another thread). */
  public void awaitStop() throws InterruptedException {
    synchronized (lock) {
      while (state != State.STOPPED) {
        lock.wait();
      }
    }
  }

  /** Whether the server is started and not yet stopped. */
  public boolean isRunning() {
    synchronized (lock) {
      return state == State.STARTED;
    }
  }

  /**
   * The port the server is bound to (the chosen one when built with port 0).
   *
   * @throws IllegalStateException if the server was never started
   */
  public int port() {
    int p = boundPort;
    if (p < 0) {
      throw new IllegalStateException("the tracking server was not started");
    }
    return p;
  }

  /** The host the server binds to, as configured. */
  public String host() {
    return host;
  }

  /**
   * The server's base URI, e.g. {@code http://127.0.0.1:5000}, for use as a tracking URI; a
   * wildcard host ({@code 0.0.0.0}, {@code ::}) is given as loopback.
   *
   * @throws IllegalStateException if the server was never started
   */
  public URI uri() {
    String h = host;
    if (h.equals("0.0.0.0") || h.isEmpty()) {
      h = "127.0.0.1";
    } else if (h.equals("::") || h.equals("[::]")) {
      h = "[::1]";
    } else if (h.contains(":") && !h.startsWith("[")) {
      h = "[" + h + "]";
    }
    return URI.create("http://" + h + ":" + port());
  }

  /** The backend store URI the server opens (unused when a store was given). */
  public String backendStoreUri() {
    return backendStoreUri;
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "TrackingServer{"
          + host
          + ":"
          + (boundPort >= 0 ? boundPort : port)
          + ", "
          + state
          + ", store="
          + (givenStore.isPresent()
              ? givenStore.get().getClass().getSimpleName()
              : TrackingUris.maskCredentials(backendStoreUri))
          + "}";
    }
  }

  /**
   * Builds a {@link TrackingServer}. Defaults: backend store {@code sqlite:///<cwd>/mlflow.db}, or {@code
   * file://<cwd>/mlruns} when that holds experiments (MLflow's, shared
   * with {@link MlflowClient}), host {@value #DEFAULT_HOST}, port {@value #DEFAULT_PORT}, {@value
   * #DEFAULT_WORKERS} workers, 10 MiB requests, 30 s for in-flight requests at stop, the process
   * environment as the store's settings. Confined to one thread.
   */
  public static final class Builder {
    private TrackingStore store;
    private Optional<String> backendStoreUri = Optional.empty();
    private Map<String, String> environment = System.getenv();
    private Optional<String> defaultArtifactRoot = Optional.empty();
    private boolean serveArtifacts = true;
    private String artifactsDestination = DEFAULT_ARTIFACTS_DESTINATION;
    private boolean artifactsOnly;
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private int workers = DEFAULT_WORKERS;
    private long maxRequestSize = DEFAULT_MAX_REQUEST_SIZE;
    private Duration stopTimeout = DEFAULT_STOP_TIMEOUT;

    private Builder() {}

    /** Serves this store; the server never closes it. Wins over {@link #backendStoreUri}. */
    public Builder store(TrackingStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * The store to open, found as {@link MlflowClient} finds a tracking URI's store ({@code
     * --backend-store-uri}); default {@code ./mlruns}. The server closes it when it stops.
     */
    public Builder backendStoreUri(String backendStoreUri) {
      Objects.requireNonNull(backendStoreUri, "backendStoreUri");
      if (backendStoreUri.isBlank()) {
        throw MlflowException.invalidParameter("backendStoreUri must not be blank");
      }
      this.backendStoreUri = Optional.of(backendStoreUri.trim());
      return this;
    }

    /** The settings ({@code MLFLOW_*} variables) handed to the store (default: the environment). */
    public Builder environment(Map<String, String> environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    /**
     * {@code --default-artifact-root}: where experiments created without a location keep
     * artifacts ({@code <root>/<experiment id>}); a relative local path is made absolute. Default:
     * {@value #PROXIED_ARTIFACT_ROOT} while serving artifacts, else the store's own default. Not
     * used with a store given to {@link #store}, which keeps its own default.
     */
    public Builder defaultArtifactRoot(String defaultArtifactRoot) {
      Objects.requireNonNull(defaultArtifactRoot, "defaultArtifactRoot");
      if (defaultArtifactRoot.isBlank()) {
        throw MlflowException.invalidParameter("defaultArtifactRoot must not be blank");
      }
      this.defaultArtifactRoot = Optional.of(defaultArtifactRoot.trim());
      return this;
    }

    /**
     * {@code --serve-artifacts} / {@code --no-serve-artifacts}: whether the artifact proxy routes
     * are served (else they answer 503); default true.
     */
    public Builder serveArtifacts(boolean serveArtifacts) {
      this.serveArtifacts = serveArtifacts;
      return this;
    }

    /**
     * {@code --artifacts-destination}: where the proxy keeps artifacts, any artifact URI an {@link
     * org.mlflow4j.store.ArtifactRepositoryProvider} on the class path serves, found by {@link
     * MlflowClient#openArtifactRepository} when the server starts: a local path or {@code file:}
     * URI (relative to the working directory) out of the box; default {@value
     * #DEFAULT_ARTIFACTS_DESTINATION}.
     *
     * @throws MlflowException {@code INVALID_PARAMETER_VALUE} for a blank URI
     */
    public Builder artifactsDestination(String artifactsDestination) {
      Objects.requireNonNull(artifactsDestination, "artifactsDestination");
      String uri = artifactsDestination.trim();
      if (uri.isEmpty()) {
        throw MlflowException.invalidParameter("artifactsDestination must not be blank");
      }
      this.artifactsDestination = uri;
      return this;
    }

    /**
     * {@code --artifacts-only}: serve only the artifact proxy; the tracking routes answer 503 and
     * no store is opened. Default false.
     */
    public Builder artifactsOnly(boolean artifactsOnly) {
      this.artifactsOnly = artifactsOnly;
      return this;
    }

    /** The interface to bind ({@code 0.0.0.0} for all); default {@value #DEFAULT_HOST}. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** The port to bind, 0 for an ephemeral one (see {@link #port()}); default 5000. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw MlflowException.invalidParameter("port must be within 0..65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /** How many requests are handled at once (threads); default {@value #DEFAULT_WORKERS}. */
    public Builder workers(int workers) {
      if (workers < 1) {
        throw MlflowException.invalidParameter("workers must be at least 1, got " + workers);
      }
      this.workers = workers;
      return this;
    }

    /** The largest request body accepted, in bytes (larger: 413); default 10 MiB. */
    public Builder maxRequestSize(long maxRequestSize) {
      if (maxRequestSize < 1) {
        throw MlflowException.invalidParameter(
            "maxRequestSize must be positive, got " + maxRequestSize);
      }
      this.maxRequestSize = maxRequestSize;
      return this;
    }

    /** How long {@link TrackingServer#stop()} waits for in-flight requests; default 30 s. */
    public Builder stopTimeout(Duration stopTimeout) {
      Objects.requireNonNull(stopTimeout, "stopTimeout");
      if (stopTimeout.isNegative()) {
        throw MlflowException.invalidParameter("stopTimeout must not be negative");
      }
      this.stopTimeout = stopTimeout;
      return this;
    }

    /** The server, not yet started. */
    public TrackingServer build() {
      return new TrackingServer(this);
    }
  }
}
