package org.mlflow4j.client;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.DatasetInput;
import org.mlflow4j.entity.Experiment;
import org.mlflow4j.entity.ExperimentTag;
import org.mlflow4j.entity.FileInfo;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.MlflowTags;
import org.mlflow4j.entity.Page;
import org.mlflow4j.entity.Param;
import org.mlflow4j.entity.Run;
import org.mlflow4j.entity.RunInfo;
import org.mlflow4j.entity.RunStatus;
import org.mlflow4j.entity.RunTag;
import org.mlflow4j.internal.PythonJson;
import org.mlflow4j.internal.YamlWriter;
import org.mlflow4j.store.ArtifactRepository;
import org.mlflow4j.store.ArtifactRepositoryContext;
import org.mlflow4j.store.ArtifactRepositoryProvider;
import org.mlflow4j.store.ExperimentSearch;
import org.mlflow4j.store.RunCreate;
import org.mlflow4j.store.RunSearch;
import org.mlflow4j.store.RunUpdate;
import org.mlflow4j.store.StoreContext;
import org.mlflow4j.store.TrackingStore;
import org.mlflow4j.store.TrackingStoreProvider;
import org.mlflow4j.store.TrackingUris;
import org.mlflow4j.store.support.ArtifactTransfers;
import org.mlflow4j.store.support.TransferListener;
import org.mlflow4j.store.support.Validation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <h2>Artifacts</h2>
 *
 * The artifact methods ({@link #logArtifact}, {@link #logArtifacts}, {@link #logText}, {@link
 * #logDict}, {@link #listArtifacts}, {@link #downloadArtifacts}) act on the run's {@code
 * artifact_uri}, read with {@link #getRun}. Every artifact path a caller passes is checked here
 * before any repository is asked ({@code INVALID_PARAMETER_VALUE}, nothing written). The {@link
 * ArtifactRepository} of a URI comes from {@link Builder#artifactRepositoryProvider} if given, else
 * from the {@link ArtifactRepositoryProvider}s {@link java.util.ServiceLoader} finds, by the same
 * rules as stores above: the system property {@code mlflow4j.artifact.provider.<scheme>} picks one
 * of several; none is an error naming the artifact to add ({@code org.mlflow4j:mlflow-client} for
 * {@code file} and plain paths, {@code org.mlflow4j:mlflow-store-rest} for {@code http}, {@code
 * https}, {@code mlflow-artifacts}). Its {@link ArtifactRepositoryContext} holds the artifact URI,
 * this client's tracking URI and its environment map. Repositories are kept per artifact root URI
 * (every run has its own) for the 32 most recently used roots; one pushed out, or all of them at
 * {@link #close()}, is closed as soon as no call uses it.
 *
 * <p>File transfers draw a one-line progress report on standard error when it is a terminal, or
 * when {@link Builder#transferProgress(boolean)} or {@code MLFLOW4J_PROGRESS=true} asks for it
 * ({@code false} turns it off).
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

  /** The setting that turns the transfer progress line on or off ({@code true/false/1/0}). */
  static final String PROGRESS_VARIABLE = "MLFLOW4J_PROGRESS";

  private final TrackingStore store;
  private final boolean ownsStore;
  private final String trackingUri;
  private final Map<String, String> environment;
  private final Map<String, String> systemProperties;
  private final AsyncRunLogger.Options asyncOptions;
  private final ClassLoader classLoader;
  private final ArtifactRepositoryProvider artifactProvider; // null: discover
  private final boolean transferProgress;
  private final PrintStream progressOutput;
  private final LongSupplier nanoClock;
  private final Object lock = new Object();
  // guarded by lock: what opens artifact repositories (providers loaded on first use) and the
  // repositories opened
  private Function<ArtifactRepositoryContext, ArtifactRepository> artifactOpener;
  private static final Logger LOG = LoggerFactory.getLogger(MlflowClient.class);
  private static final int MAX_CACHED_REPOSITORIES = 32;

  private final Map<String, Lease> repositories = new LinkedHashMap<>(16, 0.75f, true);
  private AsyncRunLogger asyncLogger; // guarded by lock; created on first use
  private boolean closed; // guarded by lock

  private MlflowClient(Builder builder) {
    this.environment = Map.copyOf(builder.environment);
    this.systemProperties = Map.copyOf(builder.systemProperties);
    this.trackingUri =
        TrackingUriResolver.resolve(
            builder.trackingUri, environment, workingDirectory(systemProperties));
    this.asyncOptions = builder.asyncOptions();
    this.classLoader = builder.classLoader;
    this.artifactProvider = builder.artifactProvider;
    this.progressOutput = builder.progressOutput;
    this.nanoClock = builder.nanoClock;
    this.transferProgress =
        builder.transferProgress.orElseGet(
            () ->
                new StoreContext(trackingUri, environment)
                    .booleanSetting(PROGRESS_VARIABLE, System.console() != null));
    if (builder.store != null) {
      this.store = builder.store;
      this.ownsStore = builder.closeStore;
    } else {
      TrackingStoreProvider provider =
          builder.storeProvider != null
              ? builder.storeProvider
              : ProviderDiscovery.TRACKING.choose(
                  trackingUri,
                  ProviderDiscovery.TRACKING.load(builder.classLoader),
                  systemProperties);
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

  // ---- artifacts ----

  /**
   * Stores a local file at the root of the run's artifacts, as MLflow's {@code log_artifact}; a
   * directory is stored with its contents under its own name.
   *
   * @see #logArtifact(String, Path, String)
   */
  public void logArtifact(String runId, Path localPath) {
    logArtifact(runId, localPath, "");
  }

  /**
   * Stores a local file as {@code <artifactPath>/<file name>} among the run's artifacts, replacing
   * a file of that path, as MLflow's {@code log_artifact}. A directory is stored recursively as
   * {@code <artifactPath>/<directory name>/...}.
   *
   * @param runId the run
   * @param localPath a regular file or a directory
   * @param artifactPath the directory below the run's artifact root, empty for the root; a
   *     relative POSIX path in normal form ({@code a/b}, not {@code a//b}, {@code ./a} or {@code
   *     a/../b})
   * @throws MlflowException {@code INVALID_PARAMETER_VALUE} for an unsafe or non-normal path, or a
   *     local path that is neither file nor directory; {@code RESOURCE_DOES_NOT_EXIST} for an
   *     unknown run
   */
  public void logArtifact(String runId, Path localPath, String artifactPath) {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(localPath, "localPath");
    String base = checkedDirectory(artifactPath);
    Path name = localPath.toAbsolutePath().normalize().getFileName();
    if (name == null) {
      throw MlflowException.invalidParameter("Cannot log the file system root as an artifact");
    }
    String target =
        ArtifactTransfers.safeRelativePath(ArtifactTransfers.join(base, name.toString()));
    if (Files.isDirectory(localPath)) {
      upload(runId, (repository, listener) -> repository.logArtifacts(localPath, target, listener));
    } else {
      upload(runId, (repository, listener) -> repository.logArtifact(localPath, base, listener));
    }
  }

  /** Stores the contents of a local directory, recursively, at the root of the run's artifacts. */
  public void logArtifacts(String runId, Path localDir) {
    logArtifacts(runId, localDir, "");
  }

  /**
   * Stores the contents of a local directory, recursively, under {@code artifactPath} (the
   * directory's own name is not included), as MLflow's {@code log_artifacts}.
   *
   * @param runId the run
   * @param localDir a directory
   * @param artifactPath the directory below the run's artifact root, empty for the root; as for
   *     {@link #logArtifact(String, Path, String)}
   * @throws MlflowException {@code INVALID_PARAMETER_VALUE} for an unsafe path or if {@code
   *     localDir} is not a directory
   */
  public void logArtifacts(String runId, Path localDir, String artifactPath) {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(localDir, "localDir");
    String base = checkedDirectory(artifactPath);
    upload(runId, (repository, listener) -> repository.logArtifacts(localDir, base, listener));
  }

  /**
   * Stores text, encoded as UTF-8, as the artifact file {@code artifactFile} (e.g. {@code
   * notes/summary.txt}), as MLflow's {@code log_text}.
   *
   * @param artifactFile the file's path below the run's artifact root, POSIX-normalised first as
   *     Python's {@code posixpath.normpath} ({@code a/./b.txt} is {@code a/b.txt})
   * @throws MlflowException {@code INVALID_PARAMETER_VALUE} for an unsafe path or one that names
   *     no file ({@code ""}, {@code .}, {@code ..})
   */
  public void logText(String runId, String text, String artifactFile) {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(text, "text");
    String path = ArtifactFiles.checkedFile(artifactFile);
    writeArtifact(runId, path, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Stores a map as the artifact file {@code artifactFile}, as MLflow's {@code log_dict}: YAML if
   * the file name ends in {@code .yml} or {@code .yaml}, else JSON, byte for byte as Python writes
   * them.
   *
   * <ul>
   *   <li>JSON as {@code json.dump(d, f, indent=2, default=str)}: keys in the map's iteration
   *       order, two-space indentation, non-ASCII characters escaped as {@code \}{@code uXXXX},
   *       floats in Python's spelling ({@code 1e-05}, {@code NaN}), no final newline; a value that
   *       is not a string, boolean, number, {@code null}, map or list is written as the string of
   *       its {@code toString()}.
   *   <li>YAML as {@code yaml.dump(d, f, indent=2, default_flow_style=False)}: block style, keys
   *       sorted, non-ASCII characters escaped; only strings, booleans, integers, floats, {@code
   *       null}, maps with string keys and lists (anything else is {@code INVALID_PARAMETER_VALUE};
   *       PyYAML would write a Python-specific tag).
   * </ul>
   *
   * @param dictionary the values; a {@link Float} is written as its decimal {@link
   *     Float#toString}
   * @param artifactFile as for {@link #logText}
   * @throws MlflowException {@code INVALID_PARAMETER_VALUE} for an unsafe path, a map or list that
   *     contains itself, or a value YAML cannot hold
   */
  public void logDict(String runId, Map<String, ?> dictionary, String artifactFile) {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(dictionary, "dictionary");
    String path = ArtifactFiles.checkedFile(artifactFile);
    String extension = ArtifactFiles.extension(artifactFile);
    String text;
    try {
      text =
          extension.equals(".yml") || extension.equals(".yaml")
              ? YamlWriter.write(dictionary, false)
              : PythonJson.dump(dictionary);
    } catch (IllegalArgumentException e) {
      throw MlflowException.invalidParameter(
          "Cannot write the dictionary as '" + artifactFile + "': " + e.getMessage());
    }
    writeArtifact(runId, path, text.getBytes(StandardCharsets.UTF_8));
  }

  /** The files and directories at the root of the run's artifacts (see the two-argument form). */
  public List<FileInfo> listArtifacts(String runId) {
    return listArtifacts(runId, "");
  }

  /**
   * The direct children of the directory {@code path} among the run's artifacts, sorted by path,
   * as MLflow's {@code list_artifacts}: each path is relative to the run's artifact root (listing
   * {@code model} gives {@code model/MLmodel}); directories have no size. A file or missing path
   * lists as nothing.
   *
   * @param path a directory below the run's artifact root, empty for the root
   * @throws MlflowException {@code INVALID_PARAMETER_VALUE} for an unsafe path
   */
  public List<FileInfo> listArtifacts(String runId, String path) {
    Objects.requireNonNull(runId, "runId");
    String checked = ArtifactTransfers.safeRelativePath(path);
    try (Lease lease = leaseOf(runId)) {
      return lease.repository.listArtifacts(checked);
    }
  }

  /**
   * Downloads the artifact file or directory {@code path} of the run into {@code destination},
   * mirroring its relative path, as MLflow's {@code download_artifacts}: {@code
   * destination/<path>}; a directory recursively, empty sub-directories included.
   *
   * @param path the file or directory below the run's artifact root, empty for everything
   * @param destination an existing local directory
   * @return the local path of the downloaded file or directory
   * @throws MlflowException {@code INVALID_PARAMETER_VALUE} for an unsafe path or a destination
   *     that is not a directory, {@code RESOURCE_DOES_NOT_EXIST} if nothing is at the path
   */
  public Path downloadArtifacts(String runId, String path, Path destination) {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(destination, "destination");
    String checked = ArtifactTransfers.safeRelativePath(path);
    ArtifactTransfers.checkDownloadDestination(destination);
    TransferProgress progress = progress("Downloading", "Downloaded");
    boolean done = false;
    try (Lease lease = leaseOf(runId)) {
      Path local = lease.repository.downloadArtifacts(checked, destination, listener(progress));
      done = true;
      return local;
    } finally {
      finish(progress, done);
    }
  }

  /** {@code artifactPath} checked as MLflow's {@code verify_artifact_path} and made canonical. */
  private static String checkedDirectory(String artifactPath) {
    Objects.requireNonNull(artifactPath, "artifactPath");
    Validation.validateArtifactPath(artifactPath);
    return ArtifactTransfers.safeRelativePath(artifactPath);
  }

  /** Stores bytes as one artifact file at a checked path. */
  private void writeArtifact(String runId, String path, byte[] content) {
    try (Lease lease = leaseOf(runId)) {
      lease.repository.writeArtifact(
          path, new ByteArrayInputStream(content), OptionalLong.of(content.length));
    }
  }

  /** A file transfer through the run's repository, with a progress line if it is on. */
  private interface Transfer {
    void run(ArtifactRepository repository, TransferListener listener);
  }

  private void upload(String runId, Transfer transfer) {
    TransferProgress progress = progress("Uploading", "Uploaded");
    boolean done = false;
    try (Lease lease = leaseOf(runId)) {
      transfer.run(lease.repository, listener(progress));
      done = true;
    } finally {
      finish(progress, done);
    }
  }

  private TransferProgress progress(String verb, String pastVerb) {
    return transferProgress
        ? new TransferProgress(verb, pastVerb, progressOutput, nanoClock)
        : null;
  }

  private static TransferListener listener(TransferProgress progress) {
    return progress == null ? TransferListener.NONE : progress;
  }

  private static void finish(TransferProgress progress, boolean completed) {
    if (progress != null) {
      progress.finish(completed);
    }
  }

  /** The repository of the run's artifact URI, leased for one call. */
  private Lease leaseOf(String runId) {
    return lease(getRun(runId).info().artifactUri());
  }

  /**
   * The repository of an artifact root URI, leased: cached, else created by the chosen provider.
   * Every run has its own root, so the cache keeps only the {@value #MAX_CACHED_REPOSITORIES}
   * most recently used; one pushed out is closed once no call uses it any more.
   */
  private Lease lease(String artifactUri) {
    List<Lease> retired = new ArrayList<>();
    Lease lease;
    synchronized (lock) {
      if (closed) {
        throw MlflowException.invalidState("The MlflowClient is closed.");
      }
      lease = repositories.get(artifactUri);
      if (lease == null) {
        lease = new Lease(createRepository(artifactUri));
        repositories.put(artifactUri, lease);
        Iterator<Lease> eldest = repositories.values().iterator();
        while (repositories.size() > MAX_CACHED_REPOSITORIES) {
          Lease out = eldest.next();
          eldest.remove();
          if (out.retire()) {
            retired.add(out);
          }
        }
      }
      lease.users++;
    }
    closeRetired(retired);
    return lease;
  }

  private ArtifactRepository createRepository(String artifactUri) {
    if (artifactOpener == null) {
      ArtifactRepositoryProvider given = artifactProvider;
      artifactOpener =
          given != null
              ? context -> create(given, context)
              : opener(ProviderDiscovery.ARTIFACTS.load(classLoader), systemProperties);
    }
    return artifactOpener.apply(
        new ArtifactRepositoryContext(artifactUri, new StoreContext(trackingUri, environment)));
  }

  private static void closeRetired(List<Lease> retired) {
    for (Lease lease : retired) {
      RuntimeException failure = closeQuietly(lease.repository, null);
      if (failure != null) {
        LOG.warn("Closing the artifact repository {} failed: {}", lease.repository, failure.toString());
      }
    }
  }

  /**
   * A cached repository and the number of calls using it (guarded by the client's lock); a
   * repository dropped from the cache is closed by whoever stops using it last.
   */
  private final class Lease implements AutoCloseable {
    final ArtifactRepository repository;
    int users;
    boolean retired;

    Lease(ArtifactRepository repository) {
      this.repository = repository;
    }

    /** Marks it dropped from the cache; true if nobody uses it, so the caller closes it now. */
    boolean retire() {
      retired = true;
      return users == 0;
    }

    @Override
    public void close() {
      boolean last;
      synchronized (lock) {
        users--;
        last = retired && users == 0;
      }
      if (last) {
        closeRetired(List.of(this));
      }
    }
  }

  /**
   * Opens repositories of artifact URIs without a client, by the rules a client's artifact methods
   * follow (see "Artifacts" above): the {@link ArtifactRepositoryProvider}s that {@link
   * java.util.ServiceLoader} finds with the thread's context class loader (else this class's) are
   * loaded once, now, and the system properties read now ({@code
   * mlflow4j.artifact.provider.<scheme>} picks one of several); each call of the returned function
   * chooses a provider by the URI's scheme and creates a new repository, which the caller closes.
   * For code that opens repositories of its own, such as a tracking server, which opens one per
   * request for run roots it does not serve itself.
   *
   * @return a thread-safe function from a context (the artifact URI, and the tracking URI and
   *     settings the provider is given) to a new repository; it throws {@link MlflowException}
   *     {@code INVALID_PARAMETER_VALUE} if no provider serves the URI's scheme (the message names
   *     the scheme and the artifact to add) or several do
   */
  public static Function<ArtifactRepositoryContext, ArtifactRepository> artifactRepositoryOpener() {
    return opener(
        ProviderDiscovery.ARTIFACTS.load(Builder.defaultClassLoader()),
        Builder.snapshotSystemProperties());
  }

  /**
   * Opens the repository of one artifact URI without a client: {@link #artifactRepositoryOpener()}
   * applied once (the providers are discovered anew on each call).
   *
   * @param context the artifact URI, and the tracking URI and settings the provider is given
   * @return a new repository; the caller closes it
   * @throws MlflowException {@code INVALID_PARAMETER_VALUE} if no provider serves the URI's scheme
   *     (the message names the scheme and the artifact to add) or several do
   */
  public static ArtifactRepository openArtifactRepository(ArtifactRepositoryContext context) {
    Objects.requireNonNull(context, "context");
    return artifactRepositoryOpener().apply(context);
  }

  /** Chooses among already loaded providers by each URI's scheme, then creates the repository. */
  private static Function<ArtifactRepositoryContext, ArtifactRepository> opener(
      List<ArtifactRepositoryProvider> providers, Map<String, String> systemProperties) {
    return context ->
        create(
            ProviderDiscovery.ARTIFACTS.choose(context.artifactUri(), providers, systemProperties),
            context);
  }

  private static ArtifactRepository create(
      ArtifactRepositoryProvider provider, ArtifactRepositoryContext context) {
    return Objects.requireNonNull(
        provider.create(context), () -> provider.getClass().getName() + ".create returned null");
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
   * Flushes the asynchronous writer (if it was used), closes the artifact repositories this
   * client created, then closes the store if this client owns it. Idempotent.
   *
   * @throws MlflowException if an asynchronous write failed and was not yet reported; the store is
   *     closed nevertheless
   */
  @Override
  public void close() {
    AsyncRunLogger logger;
    List<ArtifactRepository> openRepositories = new ArrayList<>();
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      logger = asyncLogger;
      // A repository still in use by a call is closed when that call ends.
      for (Lease lease : repositories.values()) {
        if (lease.retire()) {
          openRepositories.add(lease.repository);
        }
      }
      repositories.clear();
    }
    RuntimeException failure = null;
    if (logger != null) {
      try {
        logger.close();
      } catch (MlflowException e) {
        failure = e;
      }
    }
    for (ArtifactRepository repository : openRepositories) {
      failure = closeQuietly(repository, failure);
    }
    if (ownsStore) {
      failure = closeQuietly(store, failure);
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Closes the resource; returns the first failure so far, later ones added as suppressed. */
  private static RuntimeException closeQuietly(AutoCloseable resource, RuntimeException failure) {
    try {
      resource.close();
      return failure;
    } catch (RuntimeException e) {
      if (failure == null) {
        return e;
      }
      failure.addSuppressed(e);
      return failure;
    } catch (Exception e) {
      RuntimeException wrapped =
          new MlflowException(
              ErrorCode.INTERNAL_ERROR, "Could not close " + resource + ": " + e, e);
      if (failure == null) {
        return wrapped;
      }
      failure.addSuppressed(wrapped);
      return failure;
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
    private ArtifactRepositoryProvider artifactProvider;
    private Optional<Boolean> transferProgress = Optional.empty();
    private PrintStream progressOutput = System.err;
    private LongSupplier nanoClock = System::nanoTime;

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
     * Creates every artifact repository with this provider, whatever the artifact URI's scheme:
     * nothing is discovered. The client closes the repositories it creates.
     */
    public Builder artifactRepositoryProvider(ArtifactRepositoryProvider provider) {
      this.artifactProvider = Objects.requireNonNull(provider, "provider");
      return this;
    }

    /**
     * Whether file transfers draw a progress line on standard error. Default: the setting {@code
     * MLFLOW4J_PROGRESS} ({@code true/false/1/0}) of the environment map, else on only when the
     * JVM has a console (standard error is then a terminal).
     */
    public Builder transferProgress(boolean enabled) {
      this.transferProgress = Optional.of(enabled);
      return this;
    }

    /** Where the progress line goes, and the clock that paces it (for tests). */
    Builder progressOutput(PrintStream output, LongSupplier nanoClock) {
      this.progressOutput = Objects.requireNonNull(output, "output");
      this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
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

    static Map<String, String> snapshotSystemProperties() {
      Map<String, String> copy = new HashMap<>();
      System.getProperties().forEach((k, v) -> copy.put(String.valueOf(k), String.valueOf(v)));
      return copy;
    }

    static ClassLoader defaultClassLoader() {
      ClassLoader context = Thread.currentThread().getContextClassLoader();
      return context != null ? context : MlflowClient.class.getClassLoader();
    }
  }

  @Override
  public String toString() {
    return "MlflowClient{" + TrackingUris.maskCredentials(trackingUri) + "}";
  }
}
