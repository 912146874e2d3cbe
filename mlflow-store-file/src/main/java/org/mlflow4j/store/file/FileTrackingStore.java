package org.mlflow4j.store.file;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.Dataset;
import org.mlflow4j.entity.DatasetInput;
import org.mlflow4j.entity.Experiment;
import org.mlflow4j.entity.ExperimentTag;
import org.mlflow4j.entity.LifecycleStage;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.MlflowTags;
import org.mlflow4j.entity.Page;
import org.mlflow4j.entity.Param;
import org.mlflow4j.entity.Run;
import org.mlflow4j.entity.RunData;
import org.mlflow4j.entity.RunInfo;
import org.mlflow4j.entity.RunStatus;
import org.mlflow4j.entity.RunTag;
import org.mlflow4j.entity.ViewType;
import org.mlflow4j.internal.YamlWriter;
import org.mlflow4j.store.ExperimentSearch;
import org.mlflow4j.store.RunCreate;
import org.mlflow4j.store.RunSearch;
import org.mlflow4j.store.RunUpdate;
import org.mlflow4j.store.TrackingStore;
import org.mlflow4j.store.support.FileUris;
import org.mlflow4j.store.support.ArtifactUris;
import org.mlflow4j.store.support.Ids;
import org.mlflow4j.store.support.InMemorySearch;
import org.mlflow4j.store.support.PythonFloats;
import org.mlflow4j.store.support.RunNames;
import org.mlflow4j.store.support.StoreErrors;
import org.mlflow4j.store.support.Validation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MLflow's local file store ({@code mlruns}): reads everything MLflow 2.22 and 3.x write there and
 * writes what they read (spec/file-store.md).
 *
 * <p>Metadata files ({@code meta.yaml}) and param/tag value files are replaced atomically (a temp
 * file in the owning run or experiment directory, then an atomic move), metric points are appended
 * with one write per key and batch, and read-modify-write sections (the write-once check of params,
 * {@code meta.yaml} rewrites) hold a per-run lock that works between threads and between processes
 * (a file lock kept outside the store root). Several threads and processes may log to one run.
 *
 * <p>Where it differs from MLflow's own file store, on purpose:
 *
 * <ul>
 *   <li>Errors are those of every MLflow4j store (MLflow's SQL store, 4xx): a conflicting param in
 *       a batch is INVALID_PARAMETER_VALUE, not INTERNAL_ERROR; a run in a deleted experiment,
 *       400; renaming a deleted experiment, INVALID_STATE; unknown runs and experiments use the
 *       SQL store's messages; the default experiment {@code 0} may be deleted.
 *   <li>Single {@code setTag} and experiment tags are held to the log-batch limits (MLflow's file
 *       store checks only the key's characters there).
 *   <li>An existing but empty root directory also gets the default experiment.
 *   <li>Writes are atomic and locked (MLflow truncates in place and does not lock); a new run or
 *       experiment becomes visible only when complete (meta.yaml is moved in last).
 *   <li>Keys that would be both a file and a folder ({@code loss} and {@code loss/val}) are
 *       refused up front with INVALID_PARAMETER_VALUE instead of failing half way.
 *   <li>5-field metric lines (MLflow 3, with a dataset) are read with their step; MLflow's reader
 *       returns step 0 for them.
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class FileTrackingStore implements TrackingStore {
  private static final Logger LOG = LoggerFactory.getLogger(FileTrackingStore.class);

  static final String TRASH = ".trash";
  static final String META = "meta.yaml";
  static final String METRICS = "metrics";
  static final String PARAMS = "params";
  static final String TAGS = "tags";
  static final String ARTIFACTS = "artifacts";
  static final String DATASETS = "datasets";
  static final String INPUTS = "inputs";
  static final String DEFAULT_EXPERIMENT_ID = "0";
  static final String DEFAULT_EXPERIMENT_NAME = "Default";

  /** Children of an experiment directory that are never runs. */
  private static final Set<String> RESERVED_EXPERIMENT_CHILDREN =
      Set.of(TAGS, DATASETS, "traces", "models");

  /** Children of the root that are never experiments. */
  private static final Set<String> RESERVED_ROOT_CHILDREN = Set.of(TRASH, "models");

  private final Path root;
  private final Path trash;
  private final String artifactRoot;
  private final boolean truncate;
  private final PathLocks locks;

  /** Run id to run directory; verified on use because another process may move it. */
  private final ConcurrentHashMap<String, Path> runDirs = new ConcurrentHashMap<>();

  /** Parsed meta.yaml files, validated against the file on every use. */
  private final ConcurrentHashMap<Path, CachedMeta> metaCache = new ConcurrentHashMap<>();

  private static final int META_CACHE_LIMIT = 100_000;

  /** Malformed experiment directories already warned about. */
  private final Set<Path> warnedMalformed = ConcurrentHashMap.newKeySet();

  private FileTrackingStore(FileStoreOptions options) {
    this.root = options.root().toAbsolutePath().normalize();
    this.trash = root.resolve(TRASH);
    this.artifactRoot = options.defaultArtifactRoot().orElse(root.toString());
    this.truncate = options.truncateLongValues();
    this.locks = new PathLocks(options.lockDirectory().orElseGet(PathLocks::defaultLockDir));
  }

  /** Opens (creating if needed) the store at the given root with default options. */
  public static FileTrackingStore open(Path root) {
    return open(FileStoreOptions.of(root));
  }

  /**
   * Opens the store of the options. A root that does not exist, or is an empty directory, is
   * created with the default experiment {@code 0} ("Default"); {@code .trash} is created if
   * missing.
   */
  public static FileTrackingStore open(FileStoreOptions options) {
    FileTrackingStore store = new FileTrackingStore(options);
    store.initialise();
    return store;
  }

  /** The absolute root directory of this store. */
  public Path root() {
    return root;
  }

  private void initialise() {
    try {
      if (Files.exists(root) && !Files.isDirectory(root)) {
        throw MlflowException.invalidParameter("'" + root + "' is not a directory.");
      }
      Files.createDirectories(root);
      PathLocks.Held lock = locks.lock(root);
      try {
        if (isEmptyDirectory(root)) {
          createExperimentWithId(
              DEFAULT_EXPERIMENT_ID, DEFAULT_EXPERIMENT_NAME, Optional.empty(), List.of());
        }
        Files.createDirectories(trash);
      } finally {
        lock.close();
      }
    } catch (IOException e) {
      throw ioError("open the file store at " + root, e);
    }
  }

  private static boolean isEmptyDirectory(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }

  @Override
  public void close() {
    // Nothing is held between calls.
  }

  // ====================================================================== experiments

  @Override
  public String createExperiment(
      String name, Optional<String> artifactLocation, List<ExperimentTag> tags) {
    Validation.validateExperimentName(name);
    tags.forEach(Validation::validateExperimentTag);
    for (ExperimentTag tag : tags) {
      keyPath(root, tag.key());
    }
    PathLocks.Held lock = locks.lock(root);
    try {
      ensureNameFree(name, null);
      for (int attempt = 0; ; attempt++) {
        String id = Ids.newExperimentId();
        if (Files.exists(root.resolve(id)) || Files.exists(trash.resolve(id))) {
          if (attempt > 10) {
            throw new MlflowException(ErrorCode.INTERNAL_ERROR, "Could not allocate an id");
          }
          continue;
        }
        createExperimentWithId(id, name, artifactLocation, tags);
        return id;
      }
    } finally {
      lock.close();
    }
  }

  /** Creates the directory, the tags, and last the meta.yaml that makes readers see it. */
  private void createExperimentWithId(
      String id, String name, Optional<String> location, List<ExperimentTag> tags) {
    String resolved =
        location
            .filter(l -> !l.isEmpty())
            .map(FileUris::resolveIfLocal)
            .orElseGet(() -> ArtifactUris.append(artifactRoot, id));
    long now = System.currentTimeMillis();
    Experiment experiment =
        Experiment.builder()
            .experimentId(id)
            .name(name)
            .artifactLocation(resolved)
            .lifecycleStage(LifecycleStage.ACTIVE)
            .creationTime(now)
            .lastUpdateTime(now)
            .build();
    Path dir = childDir(root, id);
    try {
      Files.createDirectory(dir);
    } catch (FileAlreadyExistsException e) {
      throw new MlflowException(
          ErrorCode.RESOURCE_ALREADY_EXISTS, "Experiment with id " + id + " already exists.", e);
    } catch (IOException e) {
      throw ioError("create experiment directory " + dir, e);
    }
    for (ExperimentTag tag : tags) {
      writeValueFile(dir, keyPath(dir.resolve(TAGS), tag.key()), tag.value());
    }
    writeYaml(dir, dir.resolve(META), MetaFiles.experiment(experiment, false));
  }

  private void ensureNameFree(String name, String exceptId) {
    for (Experiment e : allExperiments(ViewType.ALL)) {
      if (e.name().equals(name) && !e.experimentId().equals(exceptId)) {
        throw StoreErrors.experimentNameExists(name);
      }
    }
  }

  @Override
  public Experiment getExperiment(String experimentId) {
    Validation.validateExperimentId(experimentId);
    Path dir = findExperimentDir(experimentId);
    Experiment e = dir == null ? null : readExperiment(dir);
    if (e == null) {
      throw StoreErrors.experimentNotFound(experimentId);
    }
    return e;
  }

  @Override
  public Optional<Experiment> getExperimentByName(String name) {
    return allExperiments(ViewType.ALL).stream().filter(e -> e.name().equals(name)).findFirst();
  }

  @Override
  public Page<Experiment> searchExperiments(ExperimentSearch search) {
    return InMemorySearch.searchExperiments(allExperiments(search.viewType()), search);
  }

  @Override
  public void deleteExperiment(String experimentId) {
    Validation.validateExperimentId(experimentId);
    PathLocks.Held lock = locks.lock(root);
    try {
      Path dir = childDir(root, experimentId);
      Experiment experiment = Files.isDirectory(dir) ? readExperiment(dir) : null;
      if (experiment == null) {
        throw Files.isDirectory(childDir(trash, experimentId))
            ? StoreErrors.experimentAlreadyDeleted(experimentId)
            : StoreErrors.experimentNotFound(experimentId);
      }
      Path target = childDir(trash, experimentId);
      createDirectories(trash);
      if (Files.exists(target)) {
        throw MlflowException.invalidState(
            "Cannot delete experiment " + experimentId + ": " + target + " already exists.");
      }
      long now = System.currentTimeMillis();
      for (Path runDir : runDirsOf(dir)) {
        PathLocks.Held runLock = locks.lock(runDir);
        try {
          Map<String, Object> meta = readMeta(runDir.resolve(META));
          if (meta == null) {
            continue;
          }
          RunInfo info = MetaFiles.run(meta);
          if (info.isActive()) {
            RunInfo deleted = info.toBuilder().lifecycleStage(LifecycleStage.DELETED).build();
            writeYaml(runDir, runDir.resolve(META), MetaFiles.run(deleted, OptionalLong.of(now)));
          }
        } finally {
          runLock.close();
        }
      }
      Experiment updated =
          experiment.toBuilder().lifecycleStage(LifecycleStage.DELETED).lastUpdateTime(now).build();
      writeYaml(dir, dir.resolve(META), MetaFiles.experiment(updated, true));
      moveDirectory(dir, target);
    } finally {
      lock.close();
    }
  }

  @Override
  public void restoreExperiment(String experimentId) {
    Validation.validateExperimentId(experimentId);
    PathLocks.Held lock = locks.lock(root);
    try {
      Path source = childDir(trash, experimentId);
      Experiment experiment = Files.isDirectory(source) ? readExperiment(source) : null;
      if (experiment == null) {
        throw StoreErrors.experimentNotDeleted(experimentId);
      }
      Path dir = childDir(root, experimentId);
      if (Files.exists(dir)) {
        throw MlflowException.alreadyExists(
            "Cannot restore experiment with ID "
                + experimentId
                + ". An experiment with same ID already exists.");
      }
      moveDirectory(source, dir);
      long now = System.currentTimeMillis();
      Experiment updated =
          experiment.toBuilder().lifecycleStage(LifecycleStage.ACTIVE).lastUpdateTime(now).build();
      for (Path runDir : runDirsOf(dir)) {
        PathLocks.Held runLock = locks.lock(runDir);
        try {
          Map<String, Object> meta = readMeta(runDir.resolve(META));
          if (meta == null) {
            continue;
          }
          RunInfo info = MetaFiles.run(meta);
          if (!info.isActive()) {
            RunInfo active = info.toBuilder().lifecycleStage(LifecycleStage.ACTIVE).build();
            writeYaml(runDir, runDir.resolve(META), MetaFiles.run(active, OptionalLong.empty()));
          }
        } finally {
          runLock.close();
        }
      }
      writeYaml(dir, dir.resolve(META), MetaFiles.experiment(updated, true));
    } finally {
      lock.close();
    }
  }

  @Override
  public void renameExperiment(String experimentId, String newName) {
    Validation.validateExperimentId(experimentId);
    Validation.validateExperimentName(newName);
    PathLocks.Held lock = locks.lock(root);
    try {
      Experiment experiment = getExperiment(experimentId);
      if (!experiment.isActive()) {
        throw StoreErrors.cannotRenameDeletedExperiment(experimentId);
      }
      ensureNameFree(newName, experimentId);
      Experiment updated =
          experiment.toBuilder().name(newName).lastUpdateTime(System.currentTimeMillis()).build();
      Path dir = childDir(root, experimentId);
      writeYaml(dir, dir.resolve(META), MetaFiles.experiment(updated, true));
    } finally {
      lock.close();
    }
  }

  @Override
  public void setExperimentTag(String experimentId, ExperimentTag tag) {
    Validation.validateExperimentId(experimentId);
    Validation.validateExperimentTag(tag);
    Experiment experiment = getExperiment(experimentId);
    if (!experiment.isActive()) {
      throw StoreErrors.experimentNotActive(experimentId);
    }
    Path dir = childDir(root, experimentId);
    writeValueFile(dir, keyPath(dir.resolve(TAGS), tag.key()), tag.value());
  }

  @Override
  public void deleteExperimentTag(String experimentId, String key) {
    Validation.validateExperimentId(experimentId);
    Validation.validateTagKey(key);
    Experiment experiment = getExperiment(experimentId);
    if (!experiment.isActive()) {
      throw StoreErrors.experimentNotActive(experimentId);
    }
    Path file = keyPath(childDir(root, experimentId).resolve(TAGS), key);
    try {
      if (!Files.isRegularFile(file)) {
        throw StoreErrors.experimentTagNotFound(experimentId, key);
      }
      Files.delete(file);
    } catch (NoSuchFileException e) {
      throw StoreErrors.experimentTagNotFound(experimentId, key);
    } catch (IOException e) {
      throw ioError("delete " + file, e);
    }
  }

  /** The directory of an experiment, active ones first; null if there is none. */
  private Path findExperimentDir(String experimentId) {
    Path active = childDir(root, experimentId);
    if (Files.isDirectory(active)) {
      return active;
    }
    Path deleted = childDir(trash, experimentId);
    return Files.isDirectory(deleted) ? deleted : null;
  }

  /** Every readable experiment of the view; malformed directories are logged and skipped. */
  private List<Experiment> allExperiments(ViewType viewType) {
    List<Experiment> result = new ArrayList<>();
    if (viewType.includes(LifecycleStage.ACTIVE)) {
      for (Path dir : subdirectories(root)) {
        if (!RESERVED_ROOT_CHILDREN.contains(dir.getFileName().toString())) {
          addIfReadable(result, dir);
        }
      }
    }
    if (viewType.includes(LifecycleStage.DELETED)) {
      for (Path dir : subdirectories(trash)) {
        addIfReadable(result, dir);
      }
    }
    return result;
  }

  private void addIfReadable(List<Experiment> result, Path dir) {
    Experiment e = readExperiment(dir);
    if (e != null) {
      result.add(e);
    }
  }

  /** The experiment of a directory with its tags; null (and a log line) when malformed. */
  private Experiment readExperiment(Path dir) {
    String id = dir.getFileName().toString();
    Map<String, Object> meta;
    try {
      meta = readMeta(dir.resolve(META));
    } catch (RuntimeException e) {
      logMalformed(dir, "Malformed experiment '" + id + "' in " + dir + ": " + e);
      return null;
    }
    if (meta == null) {
      logMalformed(
          dir, "Malformed experiment '" + id + "': missing or empty " + META + " in " + dir);
      return null;
    }
    Experiment e;
    try {
      e = MetaFiles.experiment(meta);
    } catch (RuntimeException ex) {
      logMalformed(dir, "Malformed experiment '" + id + "' in " + dir + ": " + ex);
      return null;
    }
    if (!e.experimentId().equals(id)) {
      logMalformed(
          dir,
          "Experiment ID mismatch for exp "
              + id
              + ". ID recorded as '"
              + e.experimentId()
              + "' in meta data. Experiment will be ignored.");
      return null;
    }
    List<ExperimentTag> tags = new ArrayList<>();
    readKeyFiles(dir.resolve(TAGS)).forEach((k, v) -> tags.add(ExperimentTag.of(k, v)));
    return e.toBuilder().tags(tags).build();
  }

  /** Warns once per directory, then logs at debug: every search meets the same bad folder. */
  private void logMalformed(Path dir, String message) {
    if (warnedMalformed.add(dir)) {
      LOG.warn(message);
    } else {
      LOG.debug(message);
    }
  }

  // ====================================================================== runs

  /** A run located on disk with its parsed meta.yaml. */
  private record RunRef(Path dir, RunInfo info, OptionalLong deletedTime) {}

  @Override
  public Run createRun(RunCreate create) {
    String experimentId = create.experimentId();
    Validation.validateExperimentId(experimentId);
    Experiment experiment = getExperiment(experimentId);
    if (!experiment.isActive()) {
      throw StoreErrors.experimentNotActive(experimentId);
    }
    String runId = Ids.newRunId();
    RunNames.NamedRun named = RunNames.resolve(create);
    String runName = named.runName();
    List<RunTag> tags = named.tags();
    var batch = Validation.validateBatch(runId, List.of(), List.of(), tags, truncate);
    Path expDir = childDir(root, experimentId);
    Path runDir = childDir(expDir, runId);
    for (RunTag t : batch.tags()) {
      keyPath(runDir.resolve(TAGS), t.key());
    }
    RunInfo info =
        RunInfo.builder()
            .runId(runId)
            .experimentId(experimentId)
            .runName(runName)
            .userId(create.userId())
            .status(RunStatus.RUNNING)
            .startTime(create.startTime())
            .artifactUri(ArtifactUris.append(experiment.artifactLocation(), runId, ARTIFACTS))
            .lifecycleStage(LifecycleStage.ACTIVE)
            .build();
    // The run becomes visible to readers (MLflow's and ours skip a directory without meta.yaml)
    // only when its meta.yaml is moved in, last, with every folder and tag already there; until
    // then no reader looks inside, so the tag files are written in place.
    try {
      Files.createDirectory(runDir);
      Files.createDirectory(runDir.resolve(METRICS));
      Files.createDirectory(runDir.resolve(PARAMS));
      Files.createDirectory(runDir.resolve(ARTIFACTS));
      for (RunTag t : batch.tags()) {
        Path file = keyPath(runDir.resolve(TAGS), t.key());
        Files.createDirectories(file.getParent());
        Files.write(
            file, t.value().getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE_NEW);
      }
    } catch (IOException e) {
      throw ioError("create run directory " + runDir, e);
    }
    writeYaml(runDir, runDir.resolve(META), MetaFiles.run(info, OptionalLong.empty()));
    runDirs.put(runId, runDir);
    return new Run(info, new RunData(List.of(), List.of(), sortedTags(batch.tags())), List.of());
  }

  private static List<RunTag> sortedTags(List<RunTag> tags) {
    List<RunTag> sorted = new ArrayList<>(tags);
    sorted.sort(java.util.Comparator.comparing(RunTag::key));
    return sorted;
  }

  @Override
  public Run getRun(String runId) {
    Validation.validateRunId(runId);
    return toRun(findRun(runId));
  }

  @Override
  public RunInfo updateRun(String runId, RunUpdate update) {
    Validation.validateRunId(runId);
    RunRef ref = findRun(runId);
    requireActive(ref);
    Optional<String> name = update.runName().filter(n -> !n.isEmpty());
    List<RunTag> nameTag = new ArrayList<>();
    if (name.isPresent()) {
      var batch =
          Validation.validateBatch(
              runId,
              List.of(),
              List.of(),
              List.of(RunTag.of(MlflowTags.RUN_NAME, name.get())),
              truncate);
      nameTag.addAll(batch.tags());
    }
    PathLocks.Held lock = locks.lock(ref.dir());
    try {
      RunRef current = reload(ref);
      requireActive(current);
      for (RunTag t : nameTag) {
        writeValueFile(current.dir(), keyPath(current.dir().resolve(TAGS), t.key()), t.value());
      }
      RunInfo.Builder b = current.info().toBuilder();
      update.status().ifPresent(b::status);
      if (update.endTime().isPresent()) {
        b.endTime(update.endTime().getAsLong());
      }
      nameTag.forEach(t -> b.runName(t.value()));
      RunInfo info = b.build();
      writeYaml(
          current.dir(), current.dir().resolve(META), MetaFiles.run(info, OptionalLong.empty()));
      return withNameFallback(info, current.dir());
    } finally {
      lock.close();
    }
  }

  @Override
  public void deleteRun(String runId) {
    setRunLifecycle(runId, LifecycleStage.DELETED);
  }

  @Override
  public void restoreRun(String runId) {
    setRunLifecycle(runId, LifecycleStage.ACTIVE);
  }

  private void setRunLifecycle(String runId, LifecycleStage stage) {
    Validation.validateRunId(runId);
    RunRef ref = findRun(runId);
    PathLocks.Held lock = locks.lock(ref.dir());
    try {
      RunRef current = reload(ref);
      RunInfo info = current.info().toBuilder().lifecycleStage(stage).build();
      OptionalLong deletedTime =
          stage == LifecycleStage.DELETED
              ? OptionalLong.of(System.currentTimeMillis())
              : OptionalLong.empty();
      writeYaml(current.dir(), current.dir().resolve(META), MetaFiles.run(info, deletedTime));
    } finally {
      lock.close();
    }
  }

  @Override
  public Page<Run> searchRuns(RunSearch search) {
    // When neither filter nor order looks at metrics, params, tags, datasets or names, runs are
    // filtered and sorted on their meta.yaml alone and only the returned page is read in full:
    // paging through thousands of runs then reads one small file per run instead of five folders.
    boolean light =
        attributesOnly(search.filter())
            && search.orderBy().stream().allMatch(FileTrackingStore::attributesOnly);
    Map<Run, RunRef> refs = new IdentityHashMap<>();
    List<Run> runs = new ArrayList<>();
    for (String experimentId : search.experimentIds()) {
      Validation.validateExperimentId(experimentId);
      Path dir = findExperimentDir(experimentId);
      if (dir == null) {
        continue;
      }
      for (Path runDir : runDirsOf(dir)) {
        RunRef ref = readRunDir(runDir, experimentId);
        if (ref != null && search.viewType().includes(ref.info().lifecycleStage())) {
          Run run = light ? new Run(ref.info(), RunData.EMPTY, List.of()) : toRun(ref);
          refs.put(run, ref);
          runs.add(run);
        }
      }
    }
    Page<Run> page = InMemorySearch.searchRuns(runs, search);
    if (!light) {
      return page;
    }
    List<Run> full = new ArrayList<>(page.items().size());
    page.items().forEach(r -> full.add(toRun(refs.get(r))));
    return new Page<>(full, page.nextPageToken());
  }

  private static boolean attributesOnly(String clause) {
    String c = clause.toLowerCase(Locale.ROOT);
    return !(c.contains("metric")
        || c.contains("param")
        || c.contains("tag")
        || c.contains("dataset")
        || c.contains("name"));
  }

  @Override
  public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<RunTag> tags) {
    var batch = Validation.validateBatch(runId, metrics, params, tags, truncate);
    RunRef ref = findRun(runId);
    requireActive(ref);
    Path runDir = ref.dir();
    // Resolve every path first: a key that would leave the run directory fails the whole batch.
    Map<String, Path> paramPaths = new LinkedHashMap<>();
    for (Param p : batch.params()) {
      paramPaths.put(p.key(), keyPath(runDir.resolve(PARAMS), p.key()));
    }
    Map<String, List<Metric>> metricsByKey = new LinkedHashMap<>();
    Map<String, Path> metricPaths = new LinkedHashMap<>();
    for (Metric m : batch.metrics()) {
      metricsByKey.computeIfAbsent(m.key(), k -> new ArrayList<>()).add(m);
      metricPaths.computeIfAbsent(m.key(), k -> keyPath(runDir.resolve(METRICS), k));
    }
    Map<String, Path> tagPaths = new LinkedHashMap<>();
    for (RunTag t : batch.tags()) {
      tagPaths.put(t.key(), keyPath(runDir.resolve(TAGS), t.key()));
    }
    checkKeyLayout("Param", runDir.resolve(PARAMS), paramPaths);
    checkKeyLayout("Metric", runDir.resolve(METRICS), metricPaths);
    checkKeyLayout("Tag", runDir.resolve(TAGS), tagPaths);
    try {
      if (!batch.params().isEmpty()) {
        PathLocks.Held lock = locks.lock(runDir);
        try {
          requireActive(reload(ref));
          Map<String, String> existing = new LinkedHashMap<>();
          for (Param p : batch.params()) {
            Path file = paramPaths.get(p.key());
            String value = readValueFile(file);
            if (value != null) {
              existing.put(p.key(), value);
            }
          }
          Validation.checkParamsUnchanged(runId, existing, batch.params());
          for (Param p : batch.params()) {
            if (!existing.containsKey(p.key())) {
              writeValueFile(runDir, paramPaths.get(p.key()), p.value());
            }
          }
        } finally {
          lock.close();
        }
      }
      metricsByKey.forEach((key, points) -> appendMetrics(runDir, metricPaths.get(key), points));
      if (!batch.tags().isEmpty()) {
        PathLocks.Held lock = locks.lock(runDir);
        try {
          RunRef current = reload(ref);
          requireActive(current);
          String newName = null;
          for (RunTag t : batch.tags()) {
            writeValueFile(runDir, tagPaths.get(t.key()), t.value());
            if (t.key().equals(MlflowTags.RUN_NAME)) {
              newName = t.value();
            }
          }
          if (newName != null && !newName.equals(current.info().runName())) {
            RunInfo info = current.info().toBuilder().runName(newName).build();
            writeYaml(runDir, runDir.resolve(META), MetaFiles.run(info, OptionalLong.empty()));
          }
        } finally {
          lock.close();
        }
      }
    } catch (MlflowException e) {
      throw vanishedRunOr(runId, e);
    }
  }

  /**
   * A write that failed because the run directory vanished (its experiment was deleted and moved to
   * .trash meanwhile) is reported as a write to a deleted run; anything else as it is.
   */
  private MlflowException vanishedRunOr(String runId, MlflowException e) {
    if (e.getCause() instanceof NoSuchFileException) {
      runDirs.remove(runId);
      RunRef now = findRun(runId);
      if (!now.info().isActive()) {
        return StoreErrors.runNotActive(runId);
      }
    }
    return e;
  }

  @Override
  public void deleteTag(String runId, String key) {
    Validation.validateRunId(runId);
    Validation.validateTagKey(key);
    RunRef ref = findRun(runId);
    requireActive(ref);
    Path file = keyPath(ref.dir().resolve(TAGS), key);
    try {
      if (!Files.isRegularFile(file)) {
        throw StoreErrors.runTagNotFound(runId, key);
      }
      Files.delete(file);
    } catch (NoSuchFileException e) {
      throw StoreErrors.runTagNotFound(runId, key);
    } catch (IOException e) {
      throw ioError("delete " + file, e);
    }
  }

  @Override
  public void logInputs(String runId, List<DatasetInput> inputs) {
    Validation.validateRunId(runId);
    List<DatasetInput> deduped = Validation.validateInputs(inputs);
    RunRef ref = findRun(runId);
    requireActive(ref);
    if (deduped.isEmpty()) {
      return;
    }
    Path runDir = ref.dir();
    Path expDir = runDir.getParent();
    PathLocks.Held lock = locks.lock(runDir);
    try {
      for (DatasetInput input : deduped) {
        Dataset d = input.dataset();
        String datasetId = md5Hex(d.name() + d.digest());
        Path datasetDir = childDir(expDir.resolve(DATASETS), datasetId);
        if (!Files.exists(datasetDir.resolve(META))) {
          createDirectoriesBelow(expDir, datasetDir);
          writeYaml(datasetDir, datasetDir.resolve(META), MetaFiles.dataset(d));
        }
        String inputId = md5Hex(datasetId + runId);
        Path inputDir = childDir(runDir.resolve(INPUTS), inputId);
        if (!Files.exists(inputDir.resolve(META))) {
          createDirectoriesBelow(runDir, inputDir);
          writeYaml(
              inputDir, inputDir.resolve(META), MetaFiles.datasetInput(datasetId, input.tags()));
        }
      }
    } finally {
      lock.close();
    }
  }

  @Override
  public List<Metric> getMetricHistory(String runId, String metricKey) {
    Validation.validateRunId(runId);
    // The key rules of a metric point (characters, path form, length), as MLflow checks them here.
    Validation.validateMetric(Metric.of(metricKey, 0, 0, 0));
    RunRef ref = findRun(runId);
    Path file = keyPath(ref.dir().resolve(METRICS), metricKey);
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    return readMetricFile(file, metricKey);
  }

  // ---- run helpers ----

  private void requireActive(RunRef ref) {
    if (!ref.info().isActive()) {
      throw StoreErrors.runNotActive(ref.info().runId());
    }
  }

  /** Finds a run in the active experiments and in {@code .trash}; 404 if there is none. */
  private RunRef findRun(String runId) {
    Validation.validateRunId(runId);
    Path cached = runDirs.get(runId);
    if (cached != null) {
      RunRef ref = readRunDir(cached, cached.getParent().getFileName().toString());
      if (ref != null) {
        return ref;
      }
      runDirs.remove(runId, cached);
    }
    List<Path> experimentDirs = new ArrayList<>();
    for (Path dir : subdirectories(root)) {
      if (!RESERVED_ROOT_CHILDREN.contains(dir.getFileName().toString())) {
        experimentDirs.add(dir);
      }
    }
    experimentDirs.addAll(subdirectories(trash));
    for (Path expDir : experimentDirs) {
      Path runDir = childDir(expDir, runId);
      if (Files.isRegularFile(runDir.resolve(META))) {
        RunRef ref = readRunDir(runDir, expDir.getFileName().toString());
        if (ref != null) {
          runDirs.put(runId, runDir);
          return ref;
        }
      }
    }
    throw StoreErrors.runNotFound(runId);
  }

  private RunRef reload(RunRef ref) {
    RunRef current = readRunDir(ref.dir(), ref.dir().getParent().getFileName().toString());
    if (current == null) {
      // Moved meanwhile (its experiment was deleted or restored by another process).
      runDirs.remove(ref.info().runId());
      return findRun(ref.info().runId());
    }
    return current;
  }

  /** The run of a directory; null when it is not a readable run of that experiment. */
  private RunRef readRunDir(Path runDir, String experimentId) {
    Map<String, Object> meta;
    try {
      meta = readMeta(runDir.resolve(META));
    } catch (RuntimeException e) {
      LOG.debug("Malformed run '{}': {}", runDir.getFileName(), e.toString());
      return null;
    }
    if (meta == null) {
      return null;
    }
    RunInfo info;
    try {
      info = MetaFiles.run(meta);
    } catch (RuntimeException e) {
      LOG.debug("Malformed run '{}': {}", runDir.getFileName(), e.toString());
      return null;
    }
    if (!info.experimentId().equals(experimentId)) {
      LOG.warn(
          "Wrong experiment ID ({}) recorded for run '{}'. It should be {}. Run will be ignored.",
          info.experimentId(),
          info.runId(),
          experimentId);
      return null;
    }
    return new RunRef(runDir, info, MetaFiles.deletedTime(meta));
  }

  /**
   * The run directory candidates of an experiment directory: every child but the reserved ones and
   * dot files (our temp files). Not stat-ed here: reading their meta.yaml tells.
   */
  private List<Path> runDirsOf(Path experimentDir) {
    List<Path> result = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(experimentDir)) {
      for (Path p : stream) {
        String name = p.getFileName().toString();
        if (!RESERVED_EXPERIMENT_CHILDREN.contains(name) && !name.startsWith(".")) {
          result.add(p);
        }
      }
    } catch (NoSuchFileException e) {
      return result;
    } catch (IOException e) {
      throw ioError("list " + experimentDir, e);
    }
    result.sort(null);
    return result;
  }

  private Run toRun(RunRef ref) {
    Path dir = ref.dir();
    List<Metric> latest = new ArrayList<>();
    Path metricsDir = dir.resolve(METRICS);
    for (String key : keyFiles(metricsDir)) {
      List<Metric> history = readMetricFile(metricsDir.resolve(key), key);
      Metric best = null;
      for (Metric m : history) {
        if (best == null || m.isLaterThan(best)) {
          best = m;
        }
      }
      if (best != null) {
        latest.add(best);
      }
    }
    List<Param> params = new ArrayList<>();
    readKeyFiles(dir.resolve(PARAMS)).forEach((k, v) -> params.add(Param.of(k, v)));
    List<RunTag> tags = new ArrayList<>();
    readKeyFiles(dir.resolve(TAGS)).forEach((k, v) -> tags.add(RunTag.of(k, v)));
    RunInfo info = ref.info();
    if (info.runName().isEmpty()) {
      String name =
          tags.stream()
              .filter(t -> t.key().equals(MlflowTags.RUN_NAME))
              .map(RunTag::value)
              .findFirst()
              .orElse("");
      info = info.toBuilder().runName(name).build();
    }
    return new Run(info, new RunData(latest, params, tags), readInputs(dir));
  }

  private RunInfo withNameFallback(RunInfo info, Path runDir) {
    if (!info.runName().isEmpty()) {
      return info;
    }
    String name = readValueFile(runDir.resolve(TAGS).resolve(MlflowTags.RUN_NAME));
    return name == null ? info : info.toBuilder().runName(name).build();
  }

  private List<DatasetInput> readInputs(Path runDir) {
    Path inputsDir = runDir.resolve(INPUTS);
    if (!Files.isDirectory(inputsDir)) {
      return List.of();
    }
    Path datasetsDir = runDir.getParent().resolve(DATASETS);
    List<DatasetInput> inputs = new ArrayList<>();
    for (Path inputDir : subdirectories(inputsDir)) {
      Map<String, Object> meta;
      try {
        meta = readMeta(inputDir.resolve(META));
      } catch (RuntimeException e) {
        LOG.warn("Malformed input {} of run {}: {}", inputDir, runDir.getFileName(), e.toString());
        continue;
      }
      if (meta == null || !"DATASET".equals(MetaFiles.text(meta.get("source_type")))) {
        continue;
      }
      String datasetId = MetaFiles.text(meta.get("source_id"));
      Map<String, Object> datasetMeta = null;
      if (datasetId != null && isSafeSegment(datasetId)) {
        try {
          datasetMeta = readMeta(datasetsDir.resolve(datasetId).resolve(META));
        } catch (RuntimeException e) {
          LOG.warn("Malformed dataset {}: {}", datasetId, e.toString());
        }
      }
      if (datasetMeta == null) {
        LOG.warn(
            "Failed to find dataset with ID '{}' referenced as an input of the run with ID '{}'."
                + " Skipping.",
            datasetId,
            runDir.getFileName());
        continue;
      }
      inputs.add(new DatasetInput(MetaFiles.dataset(datasetMeta), MetaFiles.inputTags(meta)));
    }
    return inputs;
  }

  // ---- metrics ----

  private List<Metric> readMetricFile(Path file, String key) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw ioError("read metric file " + file, e);
    }
    List<Metric> result = new ArrayList<>(lines.size());
    for (String line : lines) {
      String trimmed = line.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      result.add(parseMetricLine(key, trimmed));
    }
    return result;
  }

  /** One line of a metric file: 2 fields (legacy), 3 fields, or 5 (MLflow 3, with a dataset). */
  static Metric parseMetricLine(String key, String line) {
    String[] parts = line.split(" ");
    if (parts.length != 2 && parts.length != 3 && parts.length != 5) {
      throw new MlflowException(
          ErrorCode.INTERNAL_ERROR,
          "Metric '"
              + key
              + "' is malformed; persisted metric data contained "
              + parts.length
              + " fields. Expected 2, 3, or 5 fields.");
    }
    try {
      long timestamp = Long.parseLong(parts[0]);
      double value = PythonFloats.parse(parts[1]);
      long step = parts.length >= 3 ? Long.parseLong(parts[2]) : 0;
      return Metric.of(key, value, timestamp, step);
    } catch (NumberFormatException e) {
      throw new MlflowException(
          ErrorCode.INTERNAL_ERROR, "Metric '" + key + "' is malformed: '" + line + "'", e);
    }
  }

  /** A metric point as MLflow writes it: {@code <timestamp> <value> <step>\n}. */
  static String metricLine(Metric m) {
    return m.timestamp() + " " + PythonFloats.repr(m.value()) + " " + m.step() + "\n";
  }

  private void appendMetrics(Path runDir, Path file, List<Metric> points) {
    StringBuilder lines = new StringBuilder(points.size() * 32);
    points.forEach(m -> lines.append(metricLine(m)));
    ByteBuffer buffer = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
    createDirectoriesBelow(runDir, file.getParent());
    // One write on an O_APPEND channel: the lines land together, never interleaved with
    // another writer's.
    try (FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    } catch (IOException e) {
      throw ioError("append to metric file " + file, e);
    }
  }

  // ====================================================================== file helpers

  /**
   * The file of a key below a base folder. Keys were validated (validation.md §2); this is the
   * defence in depth: a key must be a normalised relative POSIX path that stays below the base.
   */
  static Path keyPath(Path base, String key) {
    if (key.isEmpty() || key.startsWith("/") || key.indexOf('\\') >= 0 || key.indexOf('\0') >= 0) {
      throw unsafeKey(key);
    }
    for (String segment : key.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw unsafeKey(key);
      }
    }
    Path normalisedBase = base.normalize();
    Path resolved;
    try {
      resolved = normalisedBase.resolve(key).normalize();
    } catch (RuntimeException e) {
      throw unsafeKey(key);
    }
    if (!resolved.startsWith(normalisedBase) || resolved.equals(normalisedBase)) {
      throw unsafeKey(key);
    }
    return resolved;
  }

  /**
   * In the file store a key is a file and a key with {@code /} a path of folders, so {@code loss}
   * and {@code loss/val} cannot both exist. MLflow fails with an OS error half way through the
   * batch; we refuse the batch before writing anything.
   */
  private static void checkKeyLayout(String kind, Path folder, Map<String, Path> paths) {
    for (Map.Entry<String, Path> e : paths.entrySet()) {
      Path file = e.getValue();
      if (Files.isDirectory(file)) {
        throw keyLayoutConflict(kind, e.getKey(), e.getKey() + "/...");
      }
      for (Path p = file.getParent(); p != null && !p.equals(folder); p = p.getParent()) {
        if (Files.isRegularFile(p)) {
          throw keyLayoutConflict(kind, e.getKey(), folder.relativize(p).toString());
        }
      }
      for (String other : paths.keySet()) {
        if (other.startsWith(e.getKey() + "/")) {
          throw keyLayoutConflict(kind, other, e.getKey());
        }
      }
    }
  }

  private static MlflowException keyLayoutConflict(String kind, String key, String other) {
    return MlflowException.invalidParameter(
        kind
            + " key '"
            + key
            + "' conflicts with the key '"
            + other
            + "': the file store keeps"
            + " each key as a file, so a key cannot also be a folder of other keys.");
  }

  /** A direct child directory named by an id; the id must be one safe path segment. */
  static Path childDir(Path parent, String name) {
    if (!isSafeSegment(name)) {
      throw MlflowException.invalidParameter("Invalid path segment '" + name + "'");
    }
    Path resolved = parent.resolve(name).normalize();
    if (!parent.normalize().equals(resolved.getParent())) {
      throw MlflowException.invalidParameter("Invalid path segment '" + name + "'");
    }
    return resolved;
  }

  private static boolean isSafeSegment(String name) {
    return !name.isEmpty()
        && !name.equals(".")
        && !name.equals("..")
        && name.indexOf('/') < 0
        && name.indexOf('\\') < 0
        && name.indexOf('\0') < 0
        && name.indexOf(':') < 0;
  }

  private static MlflowException unsafeKey(String key) {
    return MlflowException.invalidParameter(
        "Invalid key '"
            + key
            + "': names may be treated as files in certain cases, and must not"
            + " resolve to other names or leave their folder when treated as such.");
  }

  private static List<Path> subdirectories(Path dir) {
    List<Path> result = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path p : stream) {
        if (Files.isDirectory(p)) {
          result.add(p);
        }
      }
    } catch (NoSuchFileException e) {
      return result;
    } catch (IOException e) {
      throw ioError("list " + dir, e);
    }
    result.sort(null);
    return result;
  }

  /** The keys of the files below a folder (POSIX relative paths), sorted. */
  private static List<String> keyFiles(Path folder) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    List<String> keys = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(folder)) {
      walk.filter(Files::isRegularFile)
          .forEach(
              p -> {
                StringBuilder key = new StringBuilder();
                for (Path part : folder.relativize(p)) {
                  if (key.length() > 0) {
                    key.append('/');
                  }
                  key.append(part);
                }
                keys.add(key.toString());
              });
    } catch (NoSuchFileException e) {
      return keys;
    } catch (IOException | UncheckedIOException e) {
      // A concurrent delete of a tag may race with the walk; read what is there.
      LOG.debug("Walking {} failed: {}", folder, e.toString());
    }
    keys.sort(null);
    return keys;
  }

  /** Key to value of every key file below a folder, sorted by key. */
  private static Map<String, String> readKeyFiles(Path folder) {
    Map<String, String> values = new TreeMap<>();
    for (String key : keyFiles(folder)) {
      String value = readValueFile(folder.resolve(key));
      if (value != null) {
        values.put(key, value);
      }
    }
    return values;
  }

  /** The whole content of a value file; null if it does not exist. */
  private static String readValueFile(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      if (Files.isDirectory(file)) {
        return null;
      }
      throw ioError("read " + file, e);
    }
  }

  /** A parsed meta.yaml and what identifies the version of the file it was read from. */
  private record CachedMeta(
      Object fileKey, FileTime modified, long size, Map<String, Object> content) {}

  /**
   * Reads a meta.yaml through a cache keyed by path and validated by inode, size and modification
   * time (one stat instead of a read and a YAML parse); every writer replaces the file, which
   * changes all three.
   */
  private Map<String, Object> readMeta(Path file) {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException | NotDirectoryException e) {
      metaCache.remove(file);
      return null;
    } catch (FileSystemException e) {
      // e.g. ENOTDIR: the "run directory" is a stray file in the experiment folder.
      if (!Files.isDirectory(file.getParent())) {
        return null;
      }
      throw ioError("read " + file, e);
    } catch (IOException e) {
      throw ioError("read " + file, e);
    }
    CachedMeta cached = metaCache.get(file);
    if (cached != null
        && attrs.fileKey() != null
        && attrs.fileKey().equals(cached.fileKey())
        && attrs.size() == cached.size()
        && attrs.lastModifiedTime().equals(cached.modified())) {
      return cached.content();
    }
    Map<String, Object> content = readMetaUncached(file);
    if (content != null && attrs.fileKey() != null) {
      if (metaCache.size() > META_CACHE_LIMIT) {
        metaCache.clear();
      }
      metaCache.put(
          file,
          new CachedMeta(
              attrs.fileKey(),
              attrs.lastModifiedTime(),
              attrs.size(),
              Collections.unmodifiableMap(content)));
    }
    return content;
  }

  /**
   * Reads a meta.yaml; null if missing or empty. An empty file is read again after 0.1 s and 0.2 s,
   * as MLflow does, in case a writer that truncates in place is half way.
   */
  static Map<String, Object> readMetaUncached(Path file) {
    for (int attempt = 0; ; attempt++) {
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        return null;
      } catch (IOException e) {
        throw ioError("read " + file, e);
      }
      Map<String, Object> map = bytes.length == 0 ? null : YamlReader.read(bytes);
      if (map != null || attempt >= 2) {
        return map;
      }
      try {
        Thread.sleep(100L * (attempt + 1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
  }

  private static void writeYaml(Path tempDir, Path target, Map<String, Object> content) {
    writeAtomically(tempDir, target, YamlWriter.write(content).getBytes(StandardCharsets.UTF_8));
  }

  /** Writes a key file below {@code ownerDir} (its run or experiment directory) atomically. */
  private static void writeValueFile(Path ownerDir, Path target, String value) {
    createDirectoriesBelow(ownerDir, target.getParent());
    writeAtomically(ownerDir, target, value.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Replaces a file atomically: the content goes to a temp file in {@code tempDir} (the owning run
   * or experiment directory, on the same file system, where MLflow never looks for keys), which is
   * then moved over the target.
   */
  private static void writeAtomically(Path tempDir, Path target, byte[] content) {
    Path temp = tempDir.resolve(".mlflow4j-" + UUID.randomUUID() + ".tmp");
    try {
      try (OutputStream out =
          Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        out.write(content);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw ioError("write " + target, e);
    } finally {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // Best effort: a left-over temp file in a run directory is ignored by every reader.
      }
    }
  }

  private static void moveDirectory(Path source, Path target) {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw ioError("move " + source + " to " + target, e);
    }
  }

  /**
   * Creates the directories from {@code base} (exclusive, which must exist) down to {@code dir}.
   * Unlike {@link Files#createDirectories}, never re-creates a run or experiment directory that was
   * moved meanwhile (its experiment deleted or restored by another thread or process), which would
   * leave a ghost directory without meta.yaml in the store.
   */
  private static void createDirectoriesBelow(Path base, Path dir) {
    if (!dir.startsWith(base)) {
      throw new IllegalArgumentException(dir + " is not below " + base);
    }
    Path current = base;
    for (Path part : base.relativize(dir)) {
      if (part.toString().isEmpty()) {
        continue;
      }
      current = current.resolve(part);
      try {
        Files.createDirectory(current);
      } catch (FileAlreadyExistsException e) {
        if (!Files.isDirectory(current)) {
          throw ioError("create directory " + current, e);
        }
      } catch (IOException e) {
        throw ioError("create directory " + current, e);
      }
    }
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw ioError("create directory " + dir, e);
    }
  }

  static String md5Hex(String text) {
    try {
      MessageDigest md = MessageDigest.getInstance("MD5");
      return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static MlflowException ioError(String what, Exception e) {
    return new MlflowException(
        ErrorCode.INTERNAL_ERROR, "File store: could not " + what + ": " + e, e);
  }
}
