package org.mlflow4j.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.DatasetInput;
import org.mlflow4j.entity.Experiment;
import org.mlflow4j.entity.ExperimentTag;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.MlflowTags;
import org.mlflow4j.entity.Page;
import org.mlflow4j.entity.Param;
import org.mlflow4j.entity.Run;
import org.mlflow4j.entity.RunInfo;
import org.mlflow4j.entity.RunStatus;
import org.mlflow4j.entity.RunTag;
import org.mlflow4j.store.ExperimentSearch;
import org.mlflow4j.store.RunCreate;
import org.mlflow4j.store.RunSearch;
import org.mlflow4j.store.RunUpdate;
import org.mlflow4j.store.StoreContext;
import org.mlflow4j.store.TrackingStore;
import org.mlflow4j.store.TrackingStoreProvider;

/**
 * The MLflow tracking client: experiments, runs, metrics, params, tags and dataset inputs, kept in
 * the {@link TrackingStore} the tracking URI selects. Logging through this class is synchronous:
 * when a call returns, the data is stored. For logging that never waits on storage, use {@link
 * #asyncLogger()}.
 *
 * <h2>Tracking URI</h2>
 *
 * The builder's {@link Builder#trackingUri(String)}, else the environment variable {@code
 * MLFLOW_TRACKING_URI}, else {@code ./mlruns}. A plain path means the file store (scheme {@code
 * file}).
 *
 * <h2>Which store</h2>
 *
 * <ol>
 *   <li>A store given to {@link Builder#store(TrackingStore)} is used as is; nothing is
 *       discovered. The client does not close it unless {@link Builder#closeStore(boolean)} says so.
 *   <li>Else a provider given to {@link Builder#storeProvider(TrackingStoreProvider)} creates the
 *       store; nothing is discovered.
 *   <li>Else {@link java.util.ServiceLoader} lists the {@link TrackingStoreProvider}s registered in
 *       {@code META-INF/services/org.mlflow4j.store.TrackingStoreProvider}; a provider that fails to
 *       load (a missing class, a throwing constructor, a linkage error) is logged as a warning and
 *       skipped, and the others are still found.
 *   <li>The providers whose {@link TrackingStoreProvider#schemes()} hold the URI's scheme are the
 *       candidates. The system property {@code mlflow4j.store.provider.<scheme>}, when set, names
 *       the provider class to use among them (naming none of them is an error).
 *   <li>Exactly one candidate: it is used. None: an {@code INVALID_PARAMETER_VALUE} error naming
 *       the scheme, the URI (password masked) and the artifact to add ({@code
 *       org.mlflow4j:mlflow-store-file} for {@code file}, {@code org.mlflow4j:mlflow-store-sql} for
 *       {@code sqlite}, {@code postgresql}, {@code mysql}, {@code org.mlflow4j:mlflow-store-rest}
 *       for {@code http}, {@code https}). Two or more: an error naming every candidate and the
 *       system property that picks one.
 *   <li>Only the chosen provider's {@link TrackingStoreProvider#create} runs, with a {@link
 *       StoreContext} of the URI and the environment map as settings.
 * </ol>
 *
 * <h2>Configuration</h2>
 *
 * Every {@code MLFLOW_*} variable is read from one map, {@link Builder#environment(Map)} (default:
 * the process environment), so tests never touch the real environment.
 *
 * <p>Thread-safe. Close it to flush the asynchronous writer and release the store.
 */
public final class MlflowClient implements AutoCloseable {
  /** The user id of runs created without a {@code mlflow.user} tag, as MLflow's client. */
  static final String UNKNOWN_USER = "unknown";

  private final TrackingStore store;
  private final boolean ownsStore;
  private final String trackingUri;
  private final Map<String, String> environment;
  private final Map<String, String> systemProperties;
  private final AsyncRunLogger.Options asyncOptions;
  private final Object lock = new Object();
  private AsyncRunLogger asyncLogger; // guarded by lock; created on first use
  private boolean closed; // guarded by lock

  private MlflowClient(Builder builder) {
    this.environment = Map.copyOf(builder.environment);
    this.systemProperties = Map.copyOf(builder.systemProperties);
    this.trackingUri =
        TrackingUriResolver.resolve(
            builder.trackingUri, environment, workingDirectory(systemProperties));
    this.asyncOptions = builder.asyncOptions();
    if (builder.store != null) {
      this.store = builder.store;
      this.ownsStore = builder.closeStore;
    } else {
      TrackingStoreProvider provider =
          builder.storeProvider != null
              ? builder.storeProvider
              : StoreDiscovery.choose(
                  trackingUri, StoreDiscovery.load(builder.classLoader), systemProperties);
      this.store =
          Objects.requireNonNull(
              provider.create(new StoreContext(trackingUri, environment)),
              () -> provider.getClass().getName() + ".create returned null");
      this.ownsStore = true;
    }
  }

  /** A client configured from the process environment and system properties. */
  public static MlflowClient create() {
    return builder().build();
  }

  /** A builder for a client. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The tracking URI a client built from the given environment without an explicit URI would use
   * in this process's working directory: {@code MLFLOW_TRACKING_URI}, else the default (see {@link
   * #resolveTrackingUri(Map, Path)}).
   */
  public static String resolveTrackingUri(Map<String, String> environment) {
    return resolveTrackingUri(environment, Path.of(""));
  }

  /**
   * The tracking URI a client built from the given environment without an explicit URI would use
   * in the given working directory: {@code MLFLOW_TRACKING_URI}, else MLflow's default — {@code
   * file://<dir>/mlruns} when {@code <dir>/mlruns} already holds an experiment, otherwise {@code
   * sqlite:///<dir>/mlflow.db}.
   */
  public static String resolveTrackingUri(Map<String, String> environment, Path workingDirectory) {
    return TrackingUriResolver.resolve(Optional.empty(), environment, workingDirectory);
  }

  /** The {@code user.dir} of the given system properties, else this process's. */
  private static Path workingDirectory(Map<String, String> systemProperties) {
    String dir = systemProperties.get("user.dir");
    return dir == null || dir.isBlank() ? Path.of("") : Path.of(dir);
  }

  /** The resolved tracking URI. */
  public String trackingUri() {
    return trackingUri;
  }

  /** The environment map this client reads {@code MLFLOW_*} variables from (unmodifiable). */
  public Map<String, String> environment() {
    return environment;
  }

  /** The system properties this client was configured with (unmodifiable snapshot). */
  public Map<String, String> systemProperties() {
    return systemProperties;
  }

  /** The store this client delegates to. */
  public TrackingStore store() {
    return store;
  }

  // ---- experiments ----

  /** Creates an experiment with the store's default artifact location and returns its id. */
  public String createExperiment(String name) {
    return createExperiment(name, "", Map.of());
  }

  /**
   * Creates an experiment and returns its id.
   *
   * @param name a unique name
   * @param artifactLocation where its runs keep artifacts; empty for the store's default; never a
   *     {@code runs:/} URI
   * @param tags experiment tags by key
   */
  public String createExperiment(String name, String artifactLocation, Map<String, String> tags) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(artifactLocation, "artifactLocation");
    Objects.requireNonNull(tags, "tags");
    if (artifactLocation.startsWith("runs:")) {
      throw MlflowException.invalidParameter(
          "Artifact location cannot be a runs:/ URI. Given: '" + artifactLocation + "'");
    }
    List<ExperimentTag> experimentTags = new ArrayList<>();
    tags.forEach((k, v) -> experimentTags.add(ExperimentTag.of(k, v)));
    return store.createExperiment(
        name,
        artifactLocation.isEmpty() ? Optional.empty() : Optional.of(artifactLocation),
        experimentTags);
  }

  /** The experiment of the given id (deleted ones included); {@code RESOURCE_DOES_NOT_EXIST} if none. */
  public Experiment getExperiment(String experimentId) {
    return store.getExperiment(Objects.requireNonNull(experimentId, "experimentId"));
  }

  /** The experiment of the given name, deleted ones included. */
  public Optional<Experiment> getExperimentByName(String name) {
    return store.getExperimentByName(Objects.requireNonNull(name, "name"));
  }

  /** One page of the experiments that match the search. */
  public Page<Experiment> searchExperiments(ExperimentSearch search) {
    return store.searchExperiments(Objects.requireNonNull(search, "search"));
  }

  /** The first page (up to 1000) of active experiments. */
  public Page<Experiment> searchExperiments() {
    return searchExperiments(ExperimentSearch.builder().build());
  }

  /** Every experiment that matches the search, fetching pages lazily as the stream is consumed. */
  public Stream<Experiment> streamExperiments(ExperimentSearch search) {
    Objects.requireNonNull(search, "search");
    return stream(new PagedIterator<>(token -> searchExperiments(search.withPageToken(token))));
  }

  /** Renames an active experiment. */
  public void renameExperiment(String experimentId, String newName) {
    store.renameExperiment(
        Objects.requireNonNull(experimentId, "experimentId"),
        Objects.requireNonNull(newName, "newName"));
  }

  /** Soft-deletes an experiment and its runs. */
  public void deleteExperiment(String experimentId) {
    store.deleteExperiment(Objects.requireNonNull(experimentId, "experimentId"));
  }

  /** Restores a deleted experiment and its runs. */
  public void restoreExperiment(String experimentId) {
    store.restoreExperiment(Objects.requireNonNull(experimentId, "experimentId"));
  }

  /** Sets (or overwrites) a tag of an active experiment. */
  public void setExperimentTag(String experimentId, String key, String value) {
    store.setExperimentTag(
        Objects.requireNonNull(experimentId, "experimentId"), ExperimentTag.of(key, value));
  }

  /** Deletes a tag of an active experiment. */
  public void deleteExperimentTag(String experimentId, String key) {
    store.deleteExperimentTag(
        Objects.requireNonNull(experimentId, "experimentId"), Objects.requireNonNull(key, "key"));
  }

  // ---- runs ----

  /**
   * Creates a run in the experiment, starting now, with user id {@code unknown} and no tags (the
   * store names it), as MLflow's {@code MlflowClient.create_run}.
   */
  public Run createRun(String experimentId) {
    return createRun(RunCreate.builder(Objects.requireNonNull(experimentId, "experimentId")).build());
  }

  /**
   * Creates a run as described. An empty user id becomes the value of the tag {@code mlflow.user},
   * else {@code unknown}, as MLflow's client does.
   */
  public Run createRun(RunCreate create) {
    Objects.requireNonNull(create, "create");
    if (create.userId().isEmpty()) {
      String user =
          create.tags().stream()
              .filter(t -> t.key().equals(MlflowTags.USER))
              .map(RunTag::value)
              .reduce((first, last) -> last)
              .orElse(UNKNOWN_USER);
      create =
          new RunCreate(
              create.experimentId(), user, create.runName(), create.startTime(), create.tags());
    }
    return store.createRun(create);
  }

  /** The run of the given id (deleted ones included); {@code RESOURCE_DOES_NOT_EXIST} if none. */
  public Run getRun(String runId) {
    return store.getRun(Objects.requireNonNull(runId, "runId"));
  }

  /** The parent of a nested run (named by its tag {@code mlflow.parentRunId}), if it has one. */
  public Optional<Run> getParentRun(String runId) {
    return getRun(runId).data().tag(MlflowTags.PARENT_RUN_ID).map(this::getRun);
  }

  /** Changes the status, end time or name of an active run; returns its new info. */
  public RunInfo updateRun(String runId, RunUpdate update) {
    return store.updateRun(
        Objects.requireNonNull(runId, "runId"), Objects.requireNonNull(update, "update"));
  }

  /** Ends a run FINISHED now. */
  public RunInfo setTerminated(String runId) {
    return setTerminated(runId, RunStatus.FINISHED);
  }

  /** Ends a run with the given status now. */
  public RunInfo setTerminated(String runId, RunStatus status) {
    return setTerminated(runId, status, System.currentTimeMillis());
  }

  /**
   * Ends a run with the given status at the given time (epoch milliseconds). Waits first until
   * whatever the {@linkplain #asyncLogger() asynchronous writer} holds for the run is written, so
   * that the run ends after its data; a failed asynchronous write is not reported here but at the
   * next {@code flush}.
   */
  public RunInfo setTerminated(String runId, RunStatus status, long endTime) {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(status, "status");
    AsyncRunLogger logger;
    synchronized (lock) {
      logger = asyncLogger;
    }
    if (logger != null) {
      logger.awaitRun(runId);
    }
    return store.updateRun(runId, RunUpdate.terminated(status, endTime));
  }

  /** Soft-deletes a run. */
  public void deleteRun(String runId) {
    store.deleteRun(Objects.requireNonNull(runId, "runId"));
  }

  /** Restores a deleted run. */
  public void restoreRun(String runId) {
    store.restoreRun(Objects.requireNonNull(runId, "runId"));
  }

  /** One page of runs that match the search. */
  public Page<Run> searchRuns(RunSearch search) {
    return store.searchRuns(Objects.requireNonNull(search, "search"));
  }

  /**
   * The first page (up to 1000) of active runs of the experiments that match the filter (empty
   * matches all).
   */
  public Page<Run> searchRuns(List<String> experimentIds, String filter) {
    return searchRuns(RunSearch.builder().experimentIds(experimentIds).filter(filter).build());
  }

  /**
   * Every run that matches the search, over all pages; the next page is fetched only when the
   * stream needs it.
   */
  public Stream<Run> streamRuns(RunSearch search) {
    return stream(runIterator(search));
  }

  /** Every run that matches the search, over all pages, fetched lazily page by page. */
  public Iterator<Run> runIterator(RunSearch search) {
    Objects.requireNonNull(search, "search");
    return new PagedIterator<>(token -> searchRuns(search.withPageToken(token)));
  }

  // ---- logging ----

  /** Logs a metric point at step 0, timestamped now. */
  public void logMetric(String runId, String key, double value) {
    logMetric(runId, key, value, System.currentTimeMillis(), 0);
  }

  /** Logs a metric point. */
  public void logMetric(String runId, String key, double value, long timestamp, long step) {
    store.logMetric(Objects.requireNonNull(runId, "runId"), Metric.of(key, value, timestamp, step));
  }

  /** Logs a param (write-once: logging another value for the key is an error). */
  public void logParam(String runId, String key, String value) {
    store.logParam(Objects.requireNonNull(runId, "runId"), Param.of(key, value));
  }

  /** Sets (or overwrites) a tag of a run. */
  public void setTag(String runId, String key, String value) {
    store.setTag(Objects.requireNonNull(runId, "runId"), RunTag.of(key, value));
  }

  /** Deletes a tag of a run. */
  public void deleteTag(String runId, String key) {
    store.deleteTag(Objects.requireNonNull(runId, "runId"), Objects.requireNonNull(key, "key"));
  }

  /**
   * Logs metrics, params and tags of any size, split into calls within MLflow's limits as MLflow's
   * Python client splits them: params and tags in paired chunks of 100, each call topped up with
   * metrics to 1000 items, then the remaining metrics in chunks of 1000. Empty input sends nothing.
   * Each call is all or nothing; when one fails, the calls before it stay stored.
   */
  public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<RunTag> tags) {
    Objects.requireNonNull(runId, "runId");
    for (BatchSplitter.Chunk chunk :
        BatchSplitter.split(List.copyOf(metrics), List.copyOf(params), List.copyOf(tags))) {
      store.logBatch(runId, chunk.metrics(), chunk.params(), chunk.tags());
    }
  }

  /** Records that the run used the given datasets. */
  public void logInputs(String runId, List<DatasetInput> inputs) {
    store.logInputs(Objects.requireNonNull(runId, "runId"), List.copyOf(inputs));
  }

  /** Every point logged for a metric of a run. */
  public List<Metric> getMetricHistory(String runId, String key) {
    return store.getMetricHistory(
        Objects.requireNonNull(runId, "runId"), Objects.requireNonNull(key, "key"));
  }

  // ---- asynchronous writer and lifecycle ----

  /**
   * The asynchronous writer of this client, created (with its thread) on first use: logging
   * through it never waits on storage until its queue is full.
   *
   * @throws MlflowException {@code INVALID_STATE} after {@link #close()}
   */
  public AsyncRunLogger asyncLogger() {
    synchronized (lock) {
      if (closed) {
        throw MlflowException.invalidState("The MlflowClient is closed.");
      }
      if (asyncLogger == null) {
        asyncLogger = new AsyncRunLogger(store, asyncOptions);
      }
      return asyncLogger;
    }
  }

  /**
   * Flushes the asynchronous writer (if it was used), then closes the store if this client owns
   * it. Idempotent.
   *
   * @throws MlflowException if an asynchronous write failed and was not yet reported; the store is
   *     closed nevertheless
   */
  @Override
  public void close() {
    AsyncRunLogger logger;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      logger = asyncLogger;
    }
    MlflowException failure = null;
    if (logger != null) {
      try {
        logger.close();
      } catch (MlflowException e) {
        failure = e;
      }
    }
    if (ownsStore) {
      try {
        store.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          throw e;
        }
        failure.addSuppressed(e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static <T> Stream<T> stream(Iterator<T> iterator) {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  /**
   * Builds a {@link MlflowClient}. Confined to one thread.
   *
   * <p>Defaults: the tracking URI from {@code MLFLOW_TRACKING_URI} or {@code ./mlruns}; the store
   * discovered by {@link java.util.ServiceLoader}; the process environment; a snapshot of the
   * system properties; the thread's context class loader (else this class's loader); an
   * asynchronous queue of 10,000 items; a JVM shutdown hook that flushes the writer.
   */
  public static final class Builder {
    private Optional<String> trackingUri = Optional.empty();
    private TrackingStore store;
    private boolean closeStore;
    private TrackingStoreProvider storeProvider;
    private Map<String, String> environment = System.getenv();
    private Map<String, String> systemProperties = snapshotSystemProperties();
    private ClassLoader classLoader = defaultClassLoader();
    private int asyncQueueCapacity = AsyncRunLogger.Options.DEFAULT_QUEUE_CAPACITY;
    private boolean asyncShutdownHook = true;

    private Builder() {}

    /** Sets the tracking URI (wins over {@code MLFLOW_TRACKING_URI}). */
    public Builder trackingUri(String trackingUri) {
      this.trackingUri = Optional.of(Objects.requireNonNull(trackingUri, "trackingUri"));
      return this;
    }

    /**
     * Uses the given store: nothing is discovered. The client does not close it unless {@link
     * #closeStore(boolean)} is set.
     */
    public Builder store(TrackingStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** Whether {@link MlflowClient#close()} closes a store given to {@link #store} (default no). */
    public Builder closeStore(boolean closeStore) {
      this.closeStore = closeStore;
      return this;
    }

    /** Creates the store with this provider: nothing is discovered. The client owns the store. */
    public Builder storeProvider(TrackingStoreProvider storeProvider) {
      this.storeProvider = Objects.requireNonNull(storeProvider, "storeProvider");
      return this;
    }

    /**
     * The one map every {@code MLFLOW_*} variable is read from (default {@link System#getenv()});
     * also handed to the store as its settings.
     */
    public Builder environment(Map<String, String> environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    /**
     * The system properties consulted, e.g. {@code mlflow4j.store.provider.<scheme>} (default: a
     * snapshot of {@link System#getProperties()} taken when the builder was made).
     */
    public Builder systemProperties(Map<String, String> systemProperties) {
      this.systemProperties = Objects.requireNonNull(systemProperties, "systemProperties");
      return this;
    }

    /** The class loader {@link java.util.ServiceLoader} searches for providers. */
    public Builder classLoader(ClassLoader classLoader) {
      this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
      return this;
    }

    /**
     * How many items (metrics, params, tags) the asynchronous writer holds before a logging call
     * blocks (default 10,000). An item counts until it is stored.
     */
    public Builder asyncQueueCapacity(int capacity) {
      if (capacity < 1) {
        throw MlflowException.invalidParameter(
            "asyncQueueCapacity must be at least 1, got " + capacity);
      }
      this.asyncQueueCapacity = capacity;
      return this;
    }

    /** Whether the asynchronous writer is flushed by a JVM shutdown hook (default yes). */
    public Builder asyncShutdownHook(boolean enabled) {
      this.asyncShutdownHook = enabled;
      return this;
    }

    /**
     * Builds the client: resolves the URI and creates or discovers the store.
     *
     * @throws MlflowException if no store can be chosen (see {@link MlflowClient})
     */
    public MlflowClient build() {
      return new MlflowClient(this);
    }

    AsyncRunLogger.Options asyncOptions() {
      return new AsyncRunLogger.Options(asyncQueueCapacity, asyncShutdownHook);
    }

    private static Map<String, String> snapshotSystemProperties() {
      Map<String, String> copy = new HashMap<>();
      System.getProperties().forEach((k, v) -> copy.put(String.valueOf(k), String.valueOf(v)));
      return copy;
    }

    private static ClassLoader defaultClassLoader() {
      ClassLoader context = Thread.currentThread().getContextClassLoader();
      return context != null ? context : MlflowClient.class.getClassLoader();
    }
  }

  @Override
  public String toString() {
    return "MlflowClient{" + org.mlflow4j.store.TrackingUris.maskCredentials(trackingUri) + "}";
  }
}
