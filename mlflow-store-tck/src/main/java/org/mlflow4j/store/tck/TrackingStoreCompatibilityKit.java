package org.mlflow4j.store.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mlflow4j.store.tck.KitSupport.assertError;
import static org.mlflow4j.store.tck.KitSupport.parallel;
import static org.mlflow4j.store.tck.TckData.UNKNOWN_EXPERIMENT_ID;
import static org.mlflow4j.store.tck.TckData.UNKNOWN_RUN_ID;
import static org.mlflow4j.store.tck.TckData.chars;
import static org.mlflow4j.store.tck.TckData.input;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.DatasetInput;
import org.mlflow4j.entity.Experiment;
import org.mlflow4j.entity.ExperimentTag;
import org.mlflow4j.entity.InputTag;
import org.mlflow4j.entity.LifecycleStage;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.MlflowTags;
import org.mlflow4j.entity.Page;
import org.mlflow4j.entity.Param;
import org.mlflow4j.entity.Run;
import org.mlflow4j.entity.RunInfo;
import org.mlflow4j.entity.RunStatus;
import org.mlflow4j.entity.RunTag;
import org.mlflow4j.entity.ViewType;
import org.mlflow4j.store.ExperimentSearch;
import org.mlflow4j.store.RunCreate;
import org.mlflow4j.store.RunSearch;
import org.mlflow4j.store.RunUpdate;
import org.mlflow4j.store.TrackingStore;

/**
 * The contract every {@link TrackingStore} fulfils, as a JUnit 5 test class to extend: experiments,
 * runs, logging, error codes (with stored data left unchanged after every error), the search
 * language, paging, delete/restore and concurrent use. Where MLflow's own stores disagree, the kit
 * asserts the one behaviour MLflow4j gives on every store (the SQL store's, with 4xx codes instead
 * of MLflow's 500s); assertions that must tolerate a documented difference say so in their message.
 *
 * <p>To run it against a store, extend it and implement {@link #createStore()}; JUnit discovers the
 * inherited {@link Nested} test classes:
 *
 * <pre>{@code
 * class MyTrackingStoreCompatibilityTest extends TrackingStoreCompatibilityKit {
 *   @TempDir Path dir;
 *
 *   @Override
 *   protected TrackingStore createStore() {
 *     return MyTrackingStore.open(dir);   // fresh and empty; closed by the kit after each test
 *   }
 *
 *   // Only when the store lacks an optional feature: the affected tests are skipped, visibly.
 *   @Override
 *   protected Set<StoreCapability> capabilities() {
 *     return EnumSet.complementOf(EnumSet.of(StoreCapability.DELETE_EXPERIMENT_TAG));
 *   }
 * }
 * }</pre>
 *
 * <p>The test module needs {@code mlflow-store-tck} as a test dependency (it brings JUnit Jupiter
 * and AssertJ). Every test gets its own store from {@link #createStore()} (in {@code @BeforeEach})
 * and closes it afterwards. The tests are grouped by area: experiments, runs, logging, errors (of
 * experiments and of runs, each checking that stored data is unchanged afterwards), search (a
 * seeded data set and some 70 filter and order-by cases), experiment search, paging, lifecycle and
 * concurrency. The kit runs in well under a minute on a local store; the longest tests page through
 * 2,500 runs and log from 8 threads at once. A store's own tests may reuse {@link #store()} and the
 * factories of {@link TckData}.
 *
 * <p>When a kit test fails, the assertion message says what MLflow4j expects and, where MLflow's
 * own stores differ, which behaviour was chosen. A store that cannot meet a rule for a reason of
 * principle (not a bug) should ask for a new {@link StoreCapability} rather than override a test.
 *
 * <p>Not thread-safe itself: JUnit creates one instance per test.
 */
public abstract class TrackingStoreCompatibilityKit {
  private static final Pattern RUN_ID = Pattern.compile("^[0-9a-f]{32}$");
  private static final Pattern GENERATED_NAME = Pattern.compile("^[a-z]+-[a-z]+-\\d{1,4}$");

  private TrackingStore store;

  /**
   * Creates the store under test: fresh and empty, except that it may hold MLflow's Default
   * experiment {@code "0"}. Called once before each test; the kit closes it after the test.
   */
  protected abstract TrackingStore createStore();

  /**
   * The optional features this store offers; all of them unless overridden. Tests of a feature the
   * store leaves out are skipped with a message.
   */
  protected Set<StoreCapability> capabilities() {
    return EnumSet.allOf(StoreCapability.class);
  }

  /** The store of the current test. */
  protected final TrackingStore store() {
    return store;
  }

  /** Creates the store of the test. */
  @BeforeEach
  protected final void openStoreUnderTest() {
    store = createStore();
    assertThat(store).as("createStore() must return a store").isNotNull();
  }

  /** Closes the store of the test. */
  @AfterEach
  protected final void closeStoreUnderTest() {
    if (store != null) {
      store.close();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // helpers

  private void assume(StoreCapability capability) {
    Assumptions.assumeTrue(
        capabilities().contains(capability),
        () -> "skipped: the store does not declare capability " + capability);
  }

  private String newExperiment(String name) {
    return store.createExperiment(name, Optional.empty(), List.of());
  }

  private Run newRun(String experimentId) {
    return store.createRun(RunCreate.builder(experimentId).build());
  }

  private String newRunId(String experimentId) {
    return newRun(experimentId).runId();
  }

  /** Everything stored about a run, in a form that compares equal when nothing changed. */
  private record RunState(
      RunInfo info,
      Map<String, Metric> latest,
      Map<String, String> params,
      Map<String, String> tags,
      Set<DatasetInput> inputs,
      Map<String, List<Metric>> histories) {}

  private RunState state(String runId) {
    Run run = store.getRun(runId);
    Map<String, Metric> latest = new TreeMap<>();
    Map<String, List<Metric>> histories = new TreeMap<>();
    for (Metric m : run.data().metrics()) {
      latest.put(m.key(), m);
      histories.put(m.key(), canonical(store.getMetricHistory(runId, m.key())));
    }
    Set<DatasetInput> inputs = new HashSet<>();
    for (DatasetInput in : run.inputs()) {
      List<InputTag> tags = new ArrayList<>(in.tags());
      tags.sort(Comparator.comparing(InputTag::key).thenComparing(InputTag::value));
      inputs.add(new DatasetInput(in.dataset(), tags));
    }
    return new RunState(
        run.info(),
        latest,
        new TreeMap<>(run.data().paramMap()),
        new TreeMap<>(run.data().tagMap()),
        inputs,
        histories);
  }

  private static List<Metric> canonical(List<Metric> history) {
    List<Metric> sorted = new ArrayList<>(history);
    sorted.sort(
        Comparator.comparingLong(Metric::timestamp)
            .thenComparingLong(Metric::step)
            .thenComparingDouble(Metric::value));
    return sorted;
  }

  private Experiment experimentState(String experimentId) {
    Experiment e = store.getExperiment(experimentId);
    List<ExperimentTag> tags = new ArrayList<>(e.tags());
    tags.sort(Comparator.comparing(ExperimentTag::key));
    return e.toBuilder().tags(tags).build();
  }

  private void assertRunUnchanged(String runId, RunState before, String afterWhat) {
    assertThat(state(runId)).as("stored run after %s", afterWhat).isEqualTo(before);
  }

  private void assertExperimentUnchanged(String experimentId, Experiment before, String afterWhat) {
    assertThat(experimentState(experimentId))
        .as("stored experiment after %s", afterWhat)
        .isEqualTo(before);
  }

  /** {@code call} fails with {@code expected} and leaves the stored run as it was. */
  private MlflowException assertRunRefuses(
      String runId, ErrorCode expected, String description, ThrowingCallable call) {
    RunState before = state(runId);
    MlflowException e = assertError(expected, description, call);
    assertRunUnchanged(runId, before, description);
    return e;
  }

  /** {@code call} fails with {@code expected} and leaves the stored experiment as it was. */
  private void assertExperimentRefuses(
      String experimentId, ErrorCode expected, String description, ThrowingCallable call) {
    Experiment before = experimentState(experimentId);
    assertError(expected, description, call);
    assertExperimentUnchanged(experimentId, before, description);
  }

  private Set<String> allExperimentIds() {
    return searchAllExperiments(ExperimentSearch.builder().viewType(ViewType.ALL).build()).stream()
        .map(Experiment::experimentId)
        .collect(Collectors.toSet());
  }

  private List<Run> searchAllRuns(RunSearch search) {
    return searchAll(
        search,
        search.maxResults(),
        search.pageToken(),
        token -> store.searchRuns(search.withPageToken(token)));
  }

  private List<Experiment> searchAllExperiments(ExperimentSearch search) {
    return searchAll(
        search,
        search.maxResults(),
        search.pageToken(),
        token -> store.searchExperiments(search.withPageToken(token)));
  }

  /** Follows the page tokens of {@code search}, starting at {@code first}, to the last page. */
  private static <T> List<T> searchAll(
      Object search,
      int maxResults,
      Optional<String> first,
      Function<Optional<String>, Page<T>> pageAt) {
    List<T> all = new ArrayList<>();
    Optional<String> token = first;
    for (int pages = 0; pages < 10_000; pages++) {
      Page<T> page = pageAt.apply(token);
      assertThat(page.items().size())
          .as("page size of %s", search)
          .isLessThanOrEqualTo(maxResults);
      all.addAll(page.items());
      token = page.nextPageToken();
      if (token.isEmpty()) {
        return all;
      }
      assertThat(token.get()).as("next page token").isNotEmpty();
    }
    throw new AssertionError("more than 10000 pages: the next page token never ends");
  }

  private static List<String> ids(List<Run> runs) {
    return runs.stream().map(Run::runId).collect(Collectors.toList());
  }

  /** The symbols of a search table's expectation: "r1 r3" is [r1, r3], a blank string none. */
  private static List<String> symbolList(String symbols) {
    return symbols.isBlank() ? List.of() : List.of(symbols.trim().split("\\s+"));
  }

  /** A dynamic test that a search ordered by {@code orderBy} finds the {@code expected} symbols. */
  private static DynamicTest orderTest(
      String entities, String expected, String[] orderBy, Supplier<List<String>> found) {
    return DynamicTest.dynamicTest(
        "order_by "
            + (orderBy.length == 0 ? "(default)" : String.join(", ", orderBy))
            + " sorts "
            + expected,
        () ->
            assertThat(found.get())
                .as("%s ordered by %s", entities, List.of(orderBy))
                .containsExactlyElementsOf(symbolList(expected)));
  }

  /** Keys that validation.md §2 rejects for metrics, params, run tags and experiment tags. */
  private static final List<String> INVALID_KEYS =
      List.of(
          "", ".", "..", "a/../b", "./a", "a/./b", "a//b", "a/", "/a", "..a", "a\\b", "a#b", "a*b");

  /** Keys that validation.md §2 accepts (POSIX rules). */
  private static final List<String> VALID_KEYS =
      List.of("a.b", "a/b", "a b", "lr:0", "\u00e9t\u00e9", "a..b", "x-y_z");

  private static String describeKey(String key) {
    return "key '" + key + "'";
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  @DisplayName("experiments")
  class Experiments {

    @Test
    @DisplayName("createExperiment returns a non-empty id that getExperiment finds with its values")
    void createAndGet() {
      long before = System.currentTimeMillis();
      String id =
          store.createExperiment(
              "tck-create", Optional.empty(), List.of(ExperimentTag.of("owner", "alice")));
      long after = System.currentTimeMillis();

      assertThat(id).isNotEmpty();
      Experiment e = store.getExperiment(id);
      assertThat(e.experimentId()).isEqualTo(id);
      assertThat(e.name()).isEqualTo("tck-create");
      assertThat(e.lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
      assertThat(e.artifactLocation()).as("default artifact location").isNotEmpty();
      assertThat(e.tagMap()).containsEntry("owner", "alice");
      assertThat(e.creationTime()).as("creation time").isBetween(before, after);
      assertThat(e.lastUpdateTime()).as("last update time").isEqualTo(e.creationTime());
    }

    @Test
    @DisplayName("an explicit artifact location is kept as given")
    void explicitArtifactLocation() {
      String id =
          store.createExperiment("tck-located", Optional.of("s3://tck-bucket/located"), List.of());
      assertThat(store.getExperiment(id).artifactLocation()).isEqualTo("s3://tck-bucket/located");
    }

    @Test
    @DisplayName("two experiments get distinct ids")
    void distinctIds() {
      String a = newExperiment("tck-a");
      String b = newExperiment("tck-b");
      assertThat(a).isNotEqualTo(b);
      assertThat(store.getExperiment(a).name()).isEqualTo("tck-a");
      assertThat(store.getExperiment(b).name()).isEqualTo("tck-b");
    }

    @Test
    @DisplayName(
        "getExperimentByName finds an experiment, deleted ones too, and is empty otherwise")
    void getByName() {
      String id = newExperiment("tck-by-name");
      assertThat(store.getExperimentByName("tck-by-name"))
          .get()
          .extracting(Experiment::experimentId)
          .isEqualTo(id);
      store.deleteExperiment(id);
      assertThat(store.getExperimentByName("tck-by-name"))
          .get()
          .extracting(Experiment::lifecycleStage)
          .isEqualTo(LifecycleStage.DELETED);
      assertThat(store.getExperimentByName("tck-no-such-name")).isEmpty();
      assertThat(store.getExperimentByName("TCK-BY-NAME")).as("names are case-sensitive").isEmpty();
    }

    @Test
    @DisplayName("searchExperiments lists the active experiments")
    void searchLists() {
      String a = newExperiment("tck-a");
      String b = newExperiment("tck-b");
      Set<String> found =
          searchAllExperiments(ExperimentSearch.builder().build()).stream()
              .map(Experiment::experimentId)
              .collect(Collectors.toSet());
      found.remove("0");
      assertThat(found).containsExactlyInAnyOrder(a, b);
    }

    @Test
    @DisplayName("renameExperiment changes the name and frees the old one")
    void rename() {
      String id = newExperiment("tck-old");
      store.renameExperiment(id, "tck-new");
      assertThat(store.getExperiment(id).name()).isEqualTo("tck-new");
      assertThat(store.getExperimentByName("tck-new"))
          .get()
          .extracting(Experiment::experimentId)
          .isEqualTo(id);
      assertThat(store.getExperimentByName("tck-old")).isEmpty();
      String other = newExperiment("tck-old");
      assertThat(other).as("the old name is free again").isNotEqualTo(id);
    }

    @Test
    @DisplayName("setExperimentTag adds and overwrites a tag")
    void setTag() {
      String id = newExperiment("tck-tags");
      store.setExperimentTag(id, ExperimentTag.of("k", "v1"));
      store.setExperimentTag(id, ExperimentTag.of("other", "x"));
      assertThat(store.getExperiment(id).tagMap()).containsEntry("k", "v1");
      store.setExperimentTag(id, ExperimentTag.of("k", "v2"));
      Map<String, String> tags = store.getExperiment(id).tagMap();
      assertThat(tags).containsEntry("k", "v2").containsEntry("other", "x");
      assertThat(store.getExperiment(id).tags().stream().filter(t -> t.key().equals("k")))
          .as("one tag per key")
          .hasSize(1);
    }

    @Test
    @DisplayName("an experiment tag value of 5000 characters is stored whole")
    void longExperimentTag() {
      String id = newExperiment("tck-long-tag");
      store.setExperimentTag(id, ExperimentTag.of("long", chars('x', 5000)));
      assertThat(store.getExperiment(id).tag("long")).contains(chars('x', 5000));
    }

    @Test
    @DisplayName("deleteExperimentTag removes the tag and keeps the others")
    void deleteTag() {
      assume(StoreCapability.DELETE_EXPERIMENT_TAG);
      String id = newExperiment("tck-del-tag");
      store.setExperimentTag(id, ExperimentTag.of("gone", "1"));
      store.setExperimentTag(id, ExperimentTag.of("kept", "2"));
      store.deleteExperimentTag(id, "gone");
      assertThat(store.getExperiment(id).tagMap())
          .doesNotContainKey("gone")
          .containsEntry("kept", "2");
    }

    @Test
    @DisplayName("experiment tag keys allowed by MLflow's key rules are accepted")
    void validTagKeys() {
      String id = newExperiment("tck-valid-keys");
      for (String key : VALID_KEYS) {
        store.setExperimentTag(id, ExperimentTag.of(key, "v"));
      }
      assertThat(store.getExperiment(id).tagMap()).containsKeys(VALID_KEYS.toArray(new String[0]));
    }

    @Test
    @DisplayName("the Default experiment \"0\" may be deleted and restored")
    void deleteDefault() {
      store.searchExperiments(ExperimentSearch.builder().viewType(ViewType.ALL).build());
      Experiment defaultExperiment;
      try {
        defaultExperiment = store.getExperiment("0");
      } catch (MlflowException e) {
        Assumptions.abort("skipped: the store has no Default experiment \"0\": " + e.getMessage());
        return;
      }
      assertThat(defaultExperiment.name()).isEqualTo("Default");
      store.deleteExperiment("0");
      assertThat(store.getExperiment("0").lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
      store.restoreExperiment("0");
      assertThat(store.getExperiment("0").lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  @DisplayName("runs")
  class Runs {
    private String experimentId;

    @BeforeEach
    void createExperiment() {
      experimentId = newExperiment("tck-runs");
    }

    @Test
    @DisplayName("createRun returns a RUNNING active run with a 32-hex id and no end time")
    void createdValues() {
      Run run =
          store.createRun(
              RunCreate.builder(experimentId)
                  .userId("alice")
                  .runName("first-run")
                  .startTime(1_700_000_000_123L)
                  .tags(List.of(RunTag.of("team", "vision")))
                  .build());
      RunInfo info = run.info();
      assertThat(info.runId()).as("run id").matches(RUN_ID);
      assertThat(info.experimentId()).isEqualTo(experimentId);
      assertThat(info.runName()).isEqualTo("first-run");
      assertThat(info.userId()).isEqualTo("alice");
      assertThat(info.status()).isEqualTo(RunStatus.RUNNING);
      assertThat(info.startTime()).isEqualTo(1_700_000_000_123L);
      assertThat(info.endTime()).as("end time").isEmpty();
      assertThat(info.lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
      assertThat(run.data().tagMap())
          .containsEntry("team", "vision")
          .containsEntry(MlflowTags.RUN_NAME, "first-run");
      assertThat(run.data().metrics()).isEmpty();
      assertThat(run.data().params()).isEmpty();
      assertThat(run.inputs()).isEmpty();

      Run read = store.getRun(info.runId());
      assertThat(read.info()).isEqualTo(info);
      assertThat(read.data().tagMap()).isEqualTo(run.data().tagMap());
    }

    @Test
    @DisplayName("the artifact URI is <experiment artifact location>/<run id>/artifacts")
    void artifactUri() {
      Run run = newRun(experimentId);
      String location = store.getExperiment(experimentId).artifactLocation();
      assertThat(run.info().artifactUri())
          .startsWith(location)
          .endsWith("/" + run.runId() + "/artifacts");

      String located =
          store.createExperiment("tck-located", Optional.of("s3://tck-bucket/exp"), List.of());
      Run inS3 = newRun(located);
      assertThat(inS3.info().artifactUri())
          .isEqualTo("s3://tck-bucket/exp/" + inS3.runId() + "/artifacts");
    }

    @Test
    @DisplayName("a run created without a name gets a generated adjective-noun-number name")
    void generatedName() {
      Set<String> names = new HashSet<>();
      for (int i = 0; i < 5; i++) {
        Run run = newRun(experimentId);
        assertThat(run.info().runName()).matches(GENERATED_NAME);
        assertThat(run.data().tag(MlflowTags.RUN_NAME)).contains(run.info().runName());
        assertThat(store.getRun(run.runId()).data().tag(MlflowTags.RUN_NAME))
            .contains(run.info().runName());
        names.add(run.info().runName());
      }
      assertThat(names).as("generated names vary").hasSizeGreaterThan(1);
    }

    @Test
    @DisplayName("a run created with only the mlflow.runName tag takes its name from it")
    void nameFromTag() {
      Run run =
          store.createRun(
              RunCreate.builder(experimentId)
                  .tags(List.of(RunTag.of(MlflowTags.RUN_NAME, "from-tag")))
                  .build());
      assertThat(run.info().runName()).isEqualTo("from-tag");
      assertThat(store.getRun(run.runId()).info().runName()).isEqualTo("from-tag");
    }

    @Test
    @DisplayName("a run name equal to the mlflow.runName tag is accepted, a different one rejected")
    void nameAndTagMustAgree() {
      Run same =
          store.createRun(
              RunCreate.builder(experimentId)
                  .runName("same")
                  .tags(List.of(RunTag.of(MlflowTags.RUN_NAME, "same")))
                  .build());
      assertThat(same.info().runName()).isEqualTo("same");
      int before = searchAllRuns(RunSearch.builder(experimentId).build()).size();
      assertError(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "run_name differing from tag mlflow.runName",
          () ->
              store.createRun(
                  RunCreate.builder(experimentId)
                      .runName("one")
                      .tags(List.of(RunTag.of(MlflowTags.RUN_NAME, "other")))
                      .build()));
      assertThat(searchAllRuns(RunSearch.builder(experimentId).build()))
          .as("no run created")
          .hasSize(before);
    }

    @Test
    @DisplayName("runs get distinct ids")
    void distinctRunIds() {
      Set<String> ids = new HashSet<>();
      for (int i = 0; i < 20; i++) {
        ids.add(newRunId(experimentId));
      }
      assertThat(ids).hasSize(20);
    }

    @Test
    @DisplayName("updateRun with a status alone changes only the status")
    void updateStatusOnly() {
      Run run = newRun(experimentId);
      RunInfo info = store.updateRun(run.runId(), RunUpdate.status(RunStatus.KILLED));
      assertThat(info.status()).isEqualTo(RunStatus.KILLED);
      assertThat(info.endTime()).as("end time is only changed when sent").isEmpty();
      assertThat(info.runName()).isEqualTo(run.info().runName());
      assertThat(store.getRun(run.runId()).info()).isEqualTo(info);
    }

    @Test
    @DisplayName("updateRun with an end time alone changes only the end time")
    void updateEndTimeOnly() {
      Run run = newRun(experimentId);
      RunInfo info =
          store.updateRun(
              run.runId(),
              new RunUpdate(
                  Optional.empty(), OptionalLong.of(1_800_000_000_000L), Optional.empty()));
      assertThat(info.endTime()).hasValue(1_800_000_000_000L);
      assertThat(info.status()).isEqualTo(RunStatus.RUNNING);
      assertThat(info.runName()).isEqualTo(run.info().runName());
      assertThat(store.getRun(run.runId()).info()).isEqualTo(info);
    }

    @Test
    @DisplayName("updateRun with a name alone renames the run and its mlflow.runName tag")
    void updateNameOnly() {
      Run run = newRun(experimentId);
      RunInfo info = store.updateRun(run.runId(), RunUpdate.rename("renamed"));
      assertThat(info.runName()).isEqualTo("renamed");
      assertThat(info.status()).isEqualTo(RunStatus.RUNNING);
      assertThat(info.endTime()).isEmpty();
      Run read = store.getRun(run.runId());
      assertThat(read.info().runName()).isEqualTo("renamed");
      assertThat(read.data().tag(MlflowTags.RUN_NAME)).contains("renamed");
    }

    @Test
    @DisplayName("updateRun ends a run and may set any status again afterwards")
    void updateTerminateAndResume() {
      Run run = newRun(experimentId);
      RunInfo ended = store.updateRun(run.runId(), RunUpdate.terminated(RunStatus.FINISHED, 42L));
      assertThat(ended.status()).isEqualTo(RunStatus.FINISHED);
      assertThat(ended.endTime()).hasValue(42L);
      RunInfo resumed = store.updateRun(run.runId(), RunUpdate.status(RunStatus.RUNNING));
      assertThat(resumed.status()).as("no status-transition rules").isEqualTo(RunStatus.RUNNING);
      assertThat(resumed.endTime()).hasValue(42L);
    }

    @Test
    @DisplayName("getRun of an unknown run id is RESOURCE_DOES_NOT_EXIST")
    void unknownRun() {
      assertError(
          ErrorCode.RESOURCE_DOES_NOT_EXIST, "getRun(unknown)", () -> store.getRun(UNKNOWN_RUN_ID));
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  @DisplayName("logging")
  class Logging {
    private String experimentId;
    private String runId;

    @BeforeEach
    void createRun() {
      experimentId = newExperiment("tck-logging");
      runId = newRunId(experimentId);
    }

    @Test
    @DisplayName("logMetric, logParam and setTag store what getRun returns")
    void singleItems() {
      store.logMetric(runId, Metric.of("loss", 0.5, 1000L, 3L));
      store.logParam(runId, Param.of("lr", "0.01"));
      store.setTag(runId, RunTag.of("team", "vision"));
      Run run = store.getRun(runId);
      assertThat(run.data().metrics()).containsExactly(Metric.of("loss", 0.5, 1000L, 3L));
      assertThat(run.data().paramMap()).containsExactly(Map.entry("lr", "0.01"));
      assertThat(run.data().tagMap()).containsEntry("team", "vision");
    }

    @Test
    @DisplayName("logBatch stores metrics, params and tags together")
    void batch() {
      store.logBatch(
          runId,
          List.of(Metric.of("a", 1.0, 10L, 0L), Metric.of("b", 2.0, 10L, 0L)),
          List.of(Param.of("p1", "x"), Param.of("p2", "y")),
          List.of(RunTag.of("t1", "u"), RunTag.of("t2", "w")));
      Run run = store.getRun(runId);
      assertThat(run.data().metricValues()).containsOnly(Map.entry("a", 1.0), Map.entry("b", 2.0));
      assertThat(run.data().paramMap()).containsOnly(Map.entry("p1", "x"), Map.entry("p2", "y"));
      assertThat(run.data().tagMap()).containsEntry("t1", "u").containsEntry("t2", "w");
    }

    @Test
    @DisplayName("an empty logBatch changes nothing")
    void emptyBatch() {
      RunState before = state(runId);
      store.logBatch(runId, List.of(), List.of(), List.of());
      assertRunUnchanged(runId, before, "an empty batch");
    }

    @Test
    @DisplayName(
        "a batch at the limits (1000 items: 800 metrics, 100 params, 100 tags) is accepted")
    void batchAtLimits() {
      store.logBatch(
          runId, TckData.metrics("m", 800, 0), TckData.params("p", 100), TckData.tags("t", 100));
      assertThat(store.getMetricHistory(runId, "m")).hasSize(800);
      Run run = store.getRun(runId);
      assertThat(run.data().params()).hasSize(100);
      assertThat(run.data().tagMap().keySet().stream().filter(k -> k.matches("t\\d+")))
          .hasSize(100);
      store.logBatch(runId, TckData.metrics("n", 1000, 0), List.of(), List.of());
      assertThat(store.getMetricHistory(runId, "n")).as("1000 metrics in one batch").hasSize(1000);
    }

    @Test
    @DisplayName("the latest metric value is the greatest point by (step, timestamp, value)")
    void latestMetric() {
      store.logMetric(runId, Metric.of("m", 1.0, 100L, 2L));
      store.logMetric(runId, Metric.of("m", 2.0, 200L, 1L)); // later timestamp, lower step
      store.logMetric(runId, Metric.of("m", 3.0, 50L, 2L)); // same step, earlier timestamp
      assertThat(store.getRun(runId).data().metric("m")).contains(Metric.of("m", 1.0, 100L, 2L));
      store.logMetric(runId, Metric.of("m", 0.5, 100L, 2L)); // same step and time, lower value
      assertThat(store.getRun(runId).data().metric("m")).contains(Metric.of("m", 1.0, 100L, 2L));
      store.logMetric(runId, Metric.of("m", 1.5, 100L, 2L)); // same step and time, higher value
      assertThat(store.getRun(runId).data().metric("m")).contains(Metric.of("m", 1.5, 100L, 2L));
      store.logMetric(runId, Metric.of("m", -7.0, 1L, 3L)); // higher step wins
      assertThat(store.getRun(runId).data().metric("m")).contains(Metric.of("m", -7.0, 1L, 3L));
    }

    @Test
    @DisplayName("NaN round-trips as the latest value and in the history")
    void nanRoundTrip() {
      store.logMetric(runId, Metric.of("nan", Double.NaN, 10L, 0L));
      assertThat(store.getRun(runId).data().metric("nan").orElseThrow().value()).isNaN();
      assertThat(store.getMetricHistory(runId, "nan"))
          .singleElement()
          .satisfies(m -> assertThat(m.value()).isNaN());
    }

    @Test
    @DisplayName("+Infinity and -Infinity round-trip (or as ±Double.MAX_VALUE, MLflow's SQL rule)")
    void infinityRoundTrip() {
      store.logMetric(runId, Metric.of("pos", Double.POSITIVE_INFINITY, 10L, 0L));
      store.logMetric(runId, Metric.of("neg", Double.NEGATIVE_INFINITY, 10L, 0L));
      String why =
          "%s: the infinity itself, or %s as MLflow's SQL store keeps its largest-double rule";
      Run run = store.getRun(runId);
      assertThat(run.data().metric("pos").orElseThrow().value())
          .as(why, "+Infinity", "Double.MAX_VALUE")
          .isIn(Double.POSITIVE_INFINITY, Double.MAX_VALUE);
      assertThat(run.data().metric("neg").orElseThrow().value())
          .as(why, "-Infinity", "-Double.MAX_VALUE")
          .isIn(Double.NEGATIVE_INFINITY, -Double.MAX_VALUE);
      assertThat(store.getMetricHistory(runId, "pos").get(0).value())
          .as(why, "+Infinity in the history", "Double.MAX_VALUE")
          .isIn(Double.POSITIVE_INFINITY, Double.MAX_VALUE);
    }

    @Test
    @DisplayName("negative steps and a timestamp of 0 are accepted")
    void negativeStepZeroTimestamp() {
      store.logMetric(runId, Metric.of("m", 1.0, 0L, -5L));
      assertThat(store.getMetricHistory(runId, "m")).containsExactly(Metric.of("m", 1.0, 0L, -5L));
    }

    @Test
    @DisplayName("the metric history holds every point, in chronological order when logged so")
    void history() {
      List<Metric> points = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        points.add(Metric.of("loss", 1.0 / (i + 1), 1000L + i, i));
      }
      for (int i = 0; i < 50; i += 10) {
        store.logBatch(runId, points.subList(i, i + 10), List.of(), List.of());
      }
      store.logMetric(runId, Metric.of("other", 9.0, 5L, 0L));
      assertThat(store.getMetricHistory(runId, "loss")).containsExactlyElementsOf(points);
      assertThat(store.getMetricHistory(runId, "other")).hasSize(1);
      assertThat(store.getMetricHistory(runId, "never-logged")).isEmpty();
    }

    @Test
    @DisplayName("the same metric step may be logged with several values and all are kept")
    void sameStepManyValues() {
      store.logMetric(runId, Metric.of("m", 1.0, 10L, 1L));
      store.logMetric(runId, Metric.of("m", 2.0, 11L, 1L));
      store.logMetric(runId, Metric.of("m", 3.0, 12L, 1L));
      assertThat(canonical(store.getMetricHistory(runId, "m")))
          .extracting(Metric::value)
          .containsExactly(1.0, 2.0, 3.0);
    }

    @Test
    @DisplayName("logging an identical metric point again is accepted")
    void duplicatePoint() {
      store.logMetric(runId, Metric.of("m", 1.0, 10L, 1L));
      store.logMetric(runId, Metric.of("m", 1.0, 10L, 1L));
      assertThat(store.getMetricHistory(runId, "m"))
          .as("MLflow's SQL store de-duplicates, its file store appends: one or two points")
          .hasSizeBetween(1, 2)
          .containsOnly(Metric.of("m", 1.0, 10L, 1L));
    }

    @Test
    @DisplayName("a param may be logged again with the same value")
    void paramSameValue() {
      store.logParam(runId, Param.of("p", "v"));
      store.logParam(runId, Param.of("p", "v"));
      store.logBatch(runId, List.of(), List.of(Param.of("p", "v")), List.of());
      assertThat(store.getRun(runId).data().params()).containsExactly(Param.of("p", "v"));
    }

    @Test
    @DisplayName("a param value of 6001 characters is stored truncated to 6000")
    void paramTruncated() {
      store.logParam(runId, Param.of("long", chars('x', 6001)));
      assertThat(store.getRun(runId).data().param("long")).contains(chars('x', 6000));
      store.logParam(runId, Param.of("long", chars('x', 6002)));
      assertThat(store.getRun(runId).data().param("long"))
          .as("the same value after truncation is no change")
          .contains(chars('x', 6000));
    }

    @Test
    @DisplayName("a run tag value of 8001 characters is stored truncated to 8000")
    void tagTruncated() {
      store.setTag(runId, RunTag.of("long", chars('y', 8001)));
      assertThat(store.getRun(runId).data().tag("long")).contains(chars('y', 8000));
      store.logBatch(runId, List.of(), List.of(), List.of(RunTag.of("long2", chars('z', 8001))));
      assertThat(store.getRun(runId).data().tag("long2")).contains(chars('z', 8000));
    }

    @Test
    @DisplayName("keys and values at their limits (250-character keys, 6000/8000 values) are kept")
    void atLimits() {
      String key = chars('k', 250);
      store.logBatch(
          runId,
          List.of(Metric.of(key, 1.0, 1L, 0L)),
          List.of(Param.of(key, chars('p', 6000))),
          List.of(RunTag.of(key, chars('t', 8000))));
      Run run = store.getRun(runId);
      assertThat(run.data().metric(key)).isPresent();
      assertThat(run.data().param(key)).contains(chars('p', 6000));
      assertThat(run.data().tag(key)).contains(chars('t', 8000));
    }

    @Test
    @DisplayName("keys allowed by MLflow's key rules are accepted for metrics, params and tags")
    void validKeys() {
      for (String key : VALID_KEYS) {
        store.logBatch(
            runId,
            List.of(Metric.of(key, 1.0, 1L, 0L)),
            List.of(Param.of(key, "v")),
            List.of(RunTag.of(key, "v")));
      }
      Run run = store.getRun(runId);
      assertThat(run.data().metricValues()).containsOnlyKeys(VALID_KEYS);
      assertThat(run.data().paramMap()).containsOnlyKeys(VALID_KEYS);
      assertThat(run.data().tagMap()).containsKeys(VALID_KEYS.toArray(new String[0]));
      assertThat(store.getMetricHistory(runId, "a/b")).hasSize(1);
    }

    @Test
    @DisplayName(
        "keys where one is a path prefix of the other (loss, loss/val) are both stored or refused"
            + " whole")
    void pathPrefixKeys() {
      // In MLflow's file layout a key is a path: `loss` cannot be a file and a directory at once,
      // so a file store may refuse the second key. Whatever a store does, a batch is all or
      // nothing.
      store.logBatch(runId, List.of(Metric.of("loss", 1.0, 1L, 0L)), List.of(), List.of());
      RunState before = state(runId);
      Throwable refused =
          catchThrowable(
              () ->
                  store.logBatch(
                      runId,
                      List.of(Metric.of("acc", 0.5, 1L, 0L), Metric.of("loss/val", 2.0, 1L, 0L)),
                      List.of(Param.of("p", "v"), Param.of("p/q", "v")),
                      List.of(RunTag.of("t", "v"))));
      if (refused == null) {
        Run run = store.getRun(runId);
        assertThat(run.data().metricValues())
            .containsEntry("loss", 1.0)
            .containsEntry("loss/val", 2.0)
            .containsEntry("acc", 0.5);
        assertThat(run.data().paramMap()).containsEntry("p", "v").containsEntry("p/q", "v");
      } else {
        assertThat(refused)
            .as("a refused batch throws MlflowException")
            .isInstanceOf(MlflowException.class);
        assertRunUnchanged(runId, before, "a refused batch with path-prefix keys: " + refused);
      }
    }

    @Test
    @DisplayName("a run tag is overwritten, last write wins, also within one batch")
    void tagOverwrite() {
      store.setTag(runId, RunTag.of("t", "1"));
      store.setTag(runId, RunTag.of("t", "2"));
      assertThat(store.getRun(runId).data().tag("t")).contains("2");
      store.logBatch(
          runId, List.of(), List.of(), List.of(RunTag.of("u", "a"), RunTag.of("u", "b")));
      Run run = store.getRun(runId);
      assertThat(run.data().tag("u")).contains("b");
      assertThat(run.data().tags().stream().filter(t -> t.key().equals("u"))).hasSize(1);
    }

    @Test
    @DisplayName("setting the mlflow.runName tag renames the run")
    void runNameTagRenames() {
      store.setTag(runId, RunTag.of(MlflowTags.RUN_NAME, "by-tag"));
      assertThat(store.getRun(runId).info().runName()).isEqualTo("by-tag");
      store.logBatch(
          runId, List.of(), List.of(), List.of(RunTag.of(MlflowTags.RUN_NAME, "by-batch")));
      Run run = store.getRun(runId);
      assertThat(run.info().runName()).isEqualTo("by-batch");
      assertThat(run.data().tag(MlflowTags.RUN_NAME)).contains("by-batch");
    }

    @Test
    @DisplayName("deleteTag removes a run tag and keeps the others")
    void deleteTag() {
      store.setTag(runId, RunTag.of("gone", "1"));
      store.setTag(runId, RunTag.of("kept", "2"));
      store.deleteTag(runId, "gone");
      Map<String, String> tags = store.getRun(runId).data().tagMap();
      assertThat(tags).doesNotContainKey("gone").containsEntry("kept", "2");
      store.setTag(runId, RunTag.of("gone", "3"));
      assertThat(store.getRun(runId).data().tag("gone"))
          .as("a deleted tag may be set again")
          .contains("3");
    }

    @Test
    @DisplayName("logInputs stores datasets with their input tags")
    void inputs() {
      assume(StoreCapability.DATASET_INPUTS);
      DatasetInput train =
          new DatasetInput(
              TckData.dataset("mnist", "d-mnist")
                  .withSchema("{\"mlflow_colspec\": []}")
                  .withProfile("{\"num_rows\": 10}"),
              List.of(InputTag.of(DatasetInput.CONTEXT_TAG, "training")));
      DatasetInput eval = input("cifar", "d-cifar", "eval");
      store.logInputs(runId, List.of(train, eval));
      List<DatasetInput> inputs = store.getRun(runId).inputs();
      assertThat(inputs).hasSize(2);
      DatasetInput readTrain =
          inputs.stream().filter(i -> i.dataset().name().equals("mnist")).findFirst().orElseThrow();
      assertThat(readTrain.dataset()).isEqualTo(train.dataset());
      assertThat(readTrain.context()).contains("training");
      DatasetInput readEval =
          inputs.stream().filter(i -> i.dataset().name().equals("cifar")).findFirst().orElseThrow();
      assertThat(readEval.dataset()).isEqualTo(eval.dataset());
      assertThat(readEval.context()).contains("eval");
    }

    @Test
    @DisplayName("duplicate dataset inputs in one call are collapsed and re-logging is a no-op")
    void inputsDeduplicated() {
      assume(StoreCapability.DATASET_INPUTS);
      DatasetInput in = input("mnist", "d-mnist", "training");
      store.logInputs(runId, List.of(in, in));
      assertThat(store.getRun(runId).inputs()).hasSize(1);
      RunState before = state(runId);
      store.logInputs(runId, List.of(in));
      assertRunUnchanged(runId, before, "logging the same input again");
      store.logInputs(runId, List.of(input("mnist", "d-other", "training")));
      assertThat(store.getRun(runId).inputs()).as("another digest is another dataset").hasSize(2);
    }

    @Test
    @DisplayName("the same dataset may be logged to several runs of an experiment")
    void inputsSharedAcrossRuns() {
      assume(StoreCapability.DATASET_INPUTS);
      String other = newRunId(experimentId);
      DatasetInput in = input("mnist", "d-mnist", "training");
      store.logInputs(runId, List.of(in));
      store.logInputs(other, List.of(in));
      assertThat(store.getRun(runId).inputs())
          .singleElement()
          .extracting(DatasetInput::dataset)
          .isEqualTo(in.dataset());
      assertThat(store.getRun(other).inputs())
          .singleElement()
          .extracting(DatasetInput::dataset)
          .isEqualTo(in.dataset());
    }

    @Test
    @DisplayName("getRun shows data of that run only")
    void isolationBetweenRuns() {
      String other = newRunId(experimentId);
      store.logMetric(runId, Metric.of("m", 1.0, 1L, 0L));
      store.logParam(runId, Param.of("p", "v"));
      store.setTag(runId, RunTag.of("t", "v"));
      Run otherRun = store.getRun(other);
      assertThat(otherRun.data().metrics()).isEmpty();
      assertThat(otherRun.data().params()).isEmpty();
      assertThat(otherRun.data().tagMap()).doesNotContainKey("t");
      assertThat(store.getMetricHistory(other, "m")).isEmpty();
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  @DisplayName("errors")
  class Errors {

    @Nested
    @DisplayName("of experiments")
    class ExperimentErrors {

      @Test
      @DisplayName("operations on an unknown experiment are RESOURCE_DOES_NOT_EXIST")
      void unknownExperiment() {
        Set<String> before = allExperimentIds();
        ErrorCode code = ErrorCode.RESOURCE_DOES_NOT_EXIST;
        String id = UNKNOWN_EXPERIMENT_ID;
        assertError(code, "getExperiment", () -> store.getExperiment(id));
        assertError(code, "deleteExperiment", () -> store.deleteExperiment(id));
        assertError(code, "restoreExperiment", () -> store.restoreExperiment(id));
        assertError(code, "renameExperiment", () -> store.renameExperiment(id, "tck-x"));
        assertError(
            code, "setExperimentTag", () -> store.setExperimentTag(id, ExperimentTag.of("k", "v")));
        assertError(code, "createRun", () -> store.createRun(RunCreate.builder(id).build()));
        if (capabilities().contains(StoreCapability.DELETE_EXPERIMENT_TAG)) {
          assertError(code, "deleteExperimentTag", () -> store.deleteExperimentTag(id, "k"));
        }
        assertThat(allExperimentIds()).as("experiments after the errors").isEqualTo(before);
        assertThat(store.getExperimentByName("tck-x")).isEmpty();
      }

      @Test
      @DisplayName(
          "malformed experiment ids ('../x', 'a/b', '') are refused without touching any"
              + " experiment")
      void malformedExperimentIds() {
        String id = newExperiment("tck-malformed-exp");
        store.setExperimentTag(id, ExperimentTag.of("k", "v"));
        Experiment before = experimentState(id);
        Set<String> ids = allExperimentIds();
        for (String bad : List.of("../" + id, id + "/..", "a/b", "", "..", "./" + id)) {
          String tolerance =
              "%s with experiment id '"
                  + bad
                  + "': INVALID_PARAMETER_VALUE (bad format) or"
                  + " RESOURCE_DOES_NOT_EXIST (no such experiment) are both fine";
          for (Map.Entry<String, ThrowingCallable> op :
              Map.<String, ThrowingCallable>of(
                      "getExperiment", () -> store.getExperiment(bad),
                      "deleteExperiment", () -> store.deleteExperiment(bad),
                      "renameExperiment", () -> store.renameExperiment(bad, "tck-hijacked"),
                      "setExperimentTag",
                          () -> store.setExperimentTag(bad, ExperimentTag.of("k", "x")),
                      "createRun", () -> store.createRun(RunCreate.builder(bad).build()))
                  .entrySet()) {
            Throwable thrown = catchThrowable(op.getValue());
            assertThat(thrown).as(tolerance, op.getKey()).isInstanceOf(MlflowException.class);
            assertThat(((MlflowException) thrown).errorCode())
                .as(tolerance, op.getKey())
                .isIn(ErrorCode.INVALID_PARAMETER_VALUE, ErrorCode.RESOURCE_DOES_NOT_EXIST);
          }
        }
        assertExperimentUnchanged(id, before, "operations on malformed experiment ids");
        assertThat(allExperimentIds()).isEqualTo(ids);
        assertThat(store.getExperimentByName("tck-hijacked")).isEmpty();
        for (String e : ids) {
          assertThat(store.getExperiment(e).lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
        }
      }

      @Test
      @DisplayName("creating an experiment with a taken name is RESOURCE_ALREADY_EXISTS")
      void duplicateName() {
        String id = newExperiment("tck-dup");
        Experiment before = experimentState(id);
        Set<String> ids = allExperimentIds();
        assertError(
            ErrorCode.RESOURCE_ALREADY_EXISTS, "duplicate name", () -> newExperiment("tck-dup"));
        assertExperimentUnchanged(id, before, "a duplicate create");
        assertThat(allExperimentIds()).isEqualTo(ids);
      }

      @Test
      @DisplayName("the name of a deleted experiment is still taken: RESOURCE_ALREADY_EXISTS")
      void duplicateNameOfDeleted() {
        String id = newExperiment("tck-dup-deleted");
        store.deleteExperiment(id);
        Experiment before = experimentState(id);
        Set<String> ids = allExperimentIds();
        assertError(
            ErrorCode.RESOURCE_ALREADY_EXISTS,
            "name of a deleted experiment",
            () -> newExperiment("tck-dup-deleted"));
        assertExperimentUnchanged(id, before, "a duplicate create");
        assertThat(allExperimentIds()).isEqualTo(ids);
      }

      @Test
      @DisplayName("an empty or 501-character experiment name is INVALID_PARAMETER_VALUE")
      void badNames() {
        Set<String> ids = allExperimentIds();
        assertError(ErrorCode.INVALID_PARAMETER_VALUE, "empty name", () -> newExperiment(""));
        assertError(
            ErrorCode.INVALID_PARAMETER_VALUE,
            "501-character name",
            () -> newExperiment(chars('n', 501)));
        assertThat(allExperimentIds()).isEqualTo(ids);
      }

      @Test
      @DisplayName("renaming to a taken name is RESOURCE_ALREADY_EXISTS and changes nothing")
      void renameToTakenName() {
        String a = newExperiment("tck-a");
        String b = newExperiment("tck-b");
        Experiment beforeA = experimentState(a);
        Experiment beforeB = experimentState(b);
        assertError(
            ErrorCode.RESOURCE_ALREADY_EXISTS,
            "rename to a taken name",
            () -> store.renameExperiment(a, "tck-b"));
        assertExperimentUnchanged(a, beforeA, "a failed rename");
        assertExperimentUnchanged(b, beforeB, "a failed rename");
      }

      @Test
      @DisplayName("renaming to an empty name is INVALID_PARAMETER_VALUE")
      void renameToEmpty() {
        String id = newExperiment("tck-rename-empty");
        assertExperimentRefuses(
            id,
            ErrorCode.INVALID_PARAMETER_VALUE,
            "rename to ''",
            () -> store.renameExperiment(id, ""));
      }

      @Test
      @DisplayName("renaming a deleted experiment is INVALID_STATE")
      void renameDeleted() {
        String id = newExperiment("tck-rename-deleted");
        store.deleteExperiment(id);
        assertExperimentRefuses(
            id,
            ErrorCode.INVALID_STATE,
            "rename of a deleted experiment",
            () -> store.renameExperiment(id, "tck-renamed"));
        assertThat(store.getExperimentByName("tck-renamed")).isEmpty();
      }

      @Test
      @DisplayName(
          "deleting a deleted experiment or restoring an active one is RESOURCE_DOES_NOT_EXIST")
      void deleteAndRestoreState() {
        String id = newExperiment("tck-state");
        assertExperimentRefuses(
            id,
            ErrorCode.RESOURCE_DOES_NOT_EXIST,
            "restore of an active experiment",
            () -> store.restoreExperiment(id));
        store.deleteExperiment(id);
        assertExperimentRefuses(
            id,
            ErrorCode.RESOURCE_DOES_NOT_EXIST,
            "delete of a deleted experiment",
            () -> store.deleteExperiment(id));
      }

      @Test
      @DisplayName("createRun and tag changes in a deleted experiment are INVALID_PARAMETER_VALUE")
      void writesToDeletedExperiment() {
        String id = newExperiment("tck-deleted-exp");
        store.setExperimentTag(id, ExperimentTag.of("k", "v"));
        store.deleteExperiment(id);
        Experiment before = experimentState(id);
        assertError(
            ErrorCode.INVALID_PARAMETER_VALUE,
            "createRun in a deleted experiment",
            () -> store.createRun(RunCreate.builder(id).build()));
        assertError(
            ErrorCode.INVALID_PARAMETER_VALUE,
            "setExperimentTag on a deleted experiment",
            () -> store.setExperimentTag(id, ExperimentTag.of("k", "other")));
        if (capabilities().contains(StoreCapability.DELETE_EXPERIMENT_TAG)) {
          assertError(
              ErrorCode.INVALID_PARAMETER_VALUE,
              "deleteExperimentTag on a deleted experiment",
              () -> store.deleteExperimentTag(id, "k"));
        }
        assertExperimentUnchanged(id, before, "refused writes");
        assertThat(searchAllRuns(RunSearch.builder(id).viewType(ViewType.ALL).build()))
            .as("no run created")
            .isEmpty();
      }

      @Test
      @DisplayName("deleting a missing experiment tag is RESOURCE_DOES_NOT_EXIST")
      void deleteMissingExperimentTag() {
        assume(StoreCapability.DELETE_EXPERIMENT_TAG);
        String id = newExperiment("tck-missing-tag");
        store.setExperimentTag(id, ExperimentTag.of("k", "v"));
        assertExperimentRefuses(
            id,
            ErrorCode.RESOURCE_DOES_NOT_EXIST,
            "deleteExperimentTag of a missing key",
            () -> store.deleteExperimentTag(id, "missing"));
      }

      @Test
      @DisplayName("an experiment tag value over 5000 characters or a key over 250 is rejected")
      void experimentTagLimits() {
        String id = newExperiment("tck-exp-tag-limits");
        store.setExperimentTag(id, ExperimentTag.of("k", "v"));
        Experiment before = experimentState(id);
        assertError(
            ErrorCode.INVALID_PARAMETER_VALUE,
            "5001-character experiment tag value",
            () -> store.setExperimentTag(id, ExperimentTag.of("k", chars('v', 5001))));
        assertError(
            ErrorCode.INVALID_PARAMETER_VALUE,
            "251-character experiment tag key",
            () -> store.setExperimentTag(id, ExperimentTag.of(chars('k', 251), "v")));
        assertExperimentUnchanged(id, before, "rejected tags");
      }

      @Test
      @DisplayName(
          "every experiment tag key broken by MLflow's key rules is INVALID_PARAMETER_VALUE")
      void invalidExperimentTagKeys() {
        String id = newExperiment("tck-exp-tag-keys");
        Experiment before = experimentState(id);
        for (String key : INVALID_KEYS) {
          assertError(
              ErrorCode.INVALID_PARAMETER_VALUE,
              "experiment tag " + describeKey(key),
              () -> store.setExperimentTag(id, ExperimentTag.of(key, "v")));
        }
        assertExperimentUnchanged(id, before, "rejected keys");
      }
    }

    @Nested
    @DisplayName("of runs")
    class RunErrors {
      private String experimentId;
      private String runId;

      @BeforeEach
      void createRun() {
        experimentId = newExperiment("tck-run-errors");
        runId = newRunId(experimentId);
        store.logBatch(
            runId,
            List.of(Metric.of("m", 1.0, 10L, 1L), Metric.of("m", 2.0, 11L, 2L)),
            List.of(Param.of("p", "v")),
            List.of(RunTag.of("t", "v")));
      }

      @Test
      @DisplayName("operations on an unknown run are RESOURCE_DOES_NOT_EXIST")
      void unknownRun() {
        ErrorCode code = ErrorCode.RESOURCE_DOES_NOT_EXIST;
        String id = UNKNOWN_RUN_ID;
        assertError(code, "getRun", () -> store.getRun(id));
        assertError(
            code, "updateRun", () -> store.updateRun(id, RunUpdate.status(RunStatus.FAILED)));
        assertError(code, "deleteRun", () -> store.deleteRun(id));
        assertError(code, "restoreRun", () -> store.restoreRun(id));
        assertError(code, "logMetric", () -> store.logMetric(id, Metric.of("m", 1.0, 1L, 0L)));
        assertError(code, "logParam", () -> store.logParam(id, Param.of("p", "v")));
        assertError(code, "setTag", () -> store.setTag(id, RunTag.of("t", "v")));
        assertError(
            code,
            "logBatch",
            () -> store.logBatch(id, List.of(Metric.of("m", 1.0, 1L, 0L)), List.of(), List.of()));
        assertError(code, "deleteTag", () -> store.deleteTag(id, "t"));
        assertError(code, "getMetricHistory", () -> store.getMetricHistory(id, "m"));
        if (capabilities().contains(StoreCapability.DATASET_INPUTS)) {
          assertError(
              code, "logInputs", () -> store.logInputs(id, List.of(input("d", "x", "training"))));
        }
      }

      @Test
      @DisplayName("malformed run ids ('../x', 'a/b', '') are refused without touching any run")
      void malformedRunIds() {
        RunState before = state(runId);
        String tolerance =
            "%s with run id '%s': MLflow's SQL store answers RESOURCE_DOES_NOT_EXIST, its file"
                + " store INVALID_PARAMETER_VALUE; either is fine";
        for (String bad : List.of("../" + runId, "a/b", "", runId + "/..", "..")) {
          assertMalformed(tolerance, "getRun", bad, () -> store.getRun(bad));
          assertMalformed(tolerance, "deleteRun", bad, () -> store.deleteRun(bad));
          assertMalformed(
              tolerance, "updateRun", bad, () -> store.updateRun(bad, RunUpdate.rename("x")));
          assertMalformed(
              tolerance, "getMetricHistory", bad, () -> store.getMetricHistory(bad, "m"));
          assertMalformed(tolerance, "deleteTag", bad, () -> store.deleteTag(bad, "t"));
          // MLflow checks the run id's format first in log-batch, on both stores.
          assertError(
              ErrorCode.INVALID_PARAMETER_VALUE,
              "logBatch with run id '" + bad + "'",
              () ->
                  store.logBatch(bad, List.of(Metric.of("m", 5.0, 1L, 9L)), List.of(), List.of()));
        }
        assertRunUnchanged(runId, before, "operations on malformed run ids");
        assertThat(searchAllRuns(RunSearch.builder(experimentId).viewType(ViewType.ALL).build()))
            .as("runs of the experiment")
            .hasSize(1);
      }

      private void assertMalformed(String tolerance, String op, String id, ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as(tolerance, op, id).isInstanceOf(MlflowException.class);
        assertThat(((MlflowException) thrown).errorCode())
            .as(tolerance, op, id)
            .isIn(ErrorCode.INVALID_PARAMETER_VALUE, ErrorCode.RESOURCE_DOES_NOT_EXIST);
      }

      @Test
      @DisplayName("changing a param value is INVALID_PARAMETER_VALUE and keeps the old value")
      void paramConflict() {
        MlflowException e =
            assertRunRefuses(
                runId,
                ErrorCode.INVALID_PARAMETER_VALUE,
                "logParam with a new value",
                () -> store.logParam(runId, Param.of("p", "changed")));
        assertThat(e.getMessage()).as("the message names the refused value").contains("changed");
      }

      @Test
      @DisplayName(
          "a param conflict in a batch writes nothing of the batch, metrics and tags included")
      void paramConflictInBatch() {
        assertRunRefuses(
            runId,
            ErrorCode.INVALID_PARAMETER_VALUE,
            "logBatch with a changed param",
            () ->
                store.logBatch(
                    runId,
                    List.of(Metric.of("m", 99.0, 99L, 99L), Metric.of("new-metric", 1.0, 1L, 0L)),
                    List.of(Param.of("new-param", "x"), Param.of("p", "changed")),
                    List.of(RunTag.of("t", "changed"), RunTag.of("new-tag", "x"))));
      }

      @Test
      @DisplayName(
          "duplicate param keys in one batch are INVALID_PARAMETER_VALUE, even with equal values")
      void duplicateParamKeys() {
        RunState before = state(runId);
        assertError(
            ErrorCode.INVALID_PARAMETER_VALUE,
            "duplicate param keys",
            () ->
                store.logBatch(
                    runId, List.of(), List.of(Param.of("q", "1"), Param.of("q", "2")), List.of()));
        assertError(
            ErrorCode.INVALID_PARAMETER_VALUE,
            "duplicate param keys with equal values",
            () ->
                store.logBatch(
                    runId,
                    List.of(Metric.of("m", 5.0, 5L, 5L)),
                    List.of(Param.of("q", "1"), Param.of("q", "1")),
                    List.of()));
        assertRunUnchanged(runId, before, "batches with duplicate param keys");
      }

      @Test
      @DisplayName(
          "batches over the limits (1001 metrics, 101 params, 101 tags, 1001 items) are refused")
      void batchLimits() {
        RunState before = state(runId);
        ErrorCode code = ErrorCode.INVALID_PARAMETER_VALUE;
        assertError(
            code,
            "1001 metrics",
            () -> store.logBatch(runId, TckData.metrics("x", 1001, 0), List.of(), List.of()));
        assertError(
            code,
            "101 params",
            () -> store.logBatch(runId, List.of(), TckData.params("x", 101), List.of()));
        assertError(
            code,
            "101 tags",
            () -> store.logBatch(runId, List.of(), List.of(), TckData.tags("x", 101)));
        assertError(
            code,
            "1001 items (901 metrics, 100 params)",
            () ->
                store.logBatch(
                    runId, TckData.metrics("x", 901, 0), TckData.params("x", 100), List.of()));
        assertError(
            code,
            "1001 items (801 metrics, 100 params, 100 tags)",
            () ->
                store.logBatch(
                    runId,
                    TckData.metrics("x", 801, 0),
                    TckData.params("x", 100),
                    TckData.tags("x", 100)));
        assertRunUnchanged(runId, before, "batches over the limits");
      }

      @Test
      @DisplayName("a negative metric timestamp is INVALID_PARAMETER_VALUE")
      void negativeTimestamp() {
        RunState before = state(runId);
        assertError(
            ErrorCode.INVALID_PARAMETER_VALUE,
            "timestamp -1",
            () -> store.logMetric(runId, Metric.of("m", 1.0, -1L, 0L)));
        assertError(
            ErrorCode.INVALID_PARAMETER_VALUE,
            "timestamp -1 in a batch",
            () ->
                store.logBatch(
                    runId,
                    List.of(Metric.of("ok", 1.0, 1L, 0L), Metric.of("m", 1.0, -1L, 0L)),
                    List.of(Param.of("new", "x")),
                    List.of(RunTag.of("new", "x"))));
        assertRunUnchanged(runId, before, "negative timestamps");
      }

      @Test
      @DisplayName("every key broken by MLflow's key rules is refused for metrics, params and tags")
      void invalidKeys() {
        RunState before = state(runId);
        for (String key : INVALID_KEYS) {
          MlflowException e = assertKeyRefused(key, describeKey(key));
          if (!key.isEmpty() && !key.contains("\\")) { // a backslash may be shown escaped
            assertThat(e.getMessage()).as("message names the key").contains(key);
          }
          assertError(
              ErrorCode.INVALID_PARAMETER_VALUE,
              "batch with tag " + describeKey(key),
              () ->
                  store.logBatch(
                      runId,
                      List.of(Metric.of("ok", 1.0, 1L, 0L)),
                      List.of(Param.of("ok", "v")),
                      List.of(RunTag.of("ok", "v"), RunTag.of(key, "v"))));
        }
        assertRunUnchanged(runId, before, "invalid keys");
      }

      @Test
      @DisplayName("keys over 250 characters are refused for metrics, params and tags")
      void longKeys() {
        RunState before = state(runId);
        assertKeyRefused(chars('k', 251), "251-character key");
        assertRunUnchanged(runId, before, "long keys");
      }

      /**
       * Logging {@code key} as a metric, a param and a run tag is INVALID_PARAMETER_VALUE each
       * time; returns the metric's error.
       */
      private MlflowException assertKeyRefused(String key, String description) {
        MlflowException e =
            assertError(
                ErrorCode.INVALID_PARAMETER_VALUE,
                "metric " + description,
                () -> store.logMetric(runId, Metric.of(key, 1.0, 1L, 0L)));
        assertError(
            ErrorCode.INVALID_PARAMETER_VALUE,
            "param " + description,
            () -> store.logParam(runId, Param.of(key, "v")));
        assertError(
            ErrorCode.INVALID_PARAMETER_VALUE,
            "tag " + description,
            () -> store.setTag(runId, RunTag.of(key, "v")));
        return e;
      }

      @Test
      @DisplayName("deleting a missing run tag is RESOURCE_DOES_NOT_EXIST")
      void deleteMissingTag() {
        assertRunRefuses(
            runId,
            ErrorCode.RESOURCE_DOES_NOT_EXIST,
            "deleteTag of a missing key",
            () -> store.deleteTag(runId, "missing"));
      }

      @Test
      @DisplayName("a dataset name over 500 characters is INVALID_PARAMETER_VALUE")
      void datasetLimits() {
        assume(StoreCapability.DATASET_INPUTS);
        RunState before = state(runId);
        assertError(
            ErrorCode.INVALID_PARAMETER_VALUE,
            "501-character dataset name",
            () -> store.logInputs(runId, List.of(input(chars('d', 501), "x", "training"))));
        assertError(
            ErrorCode.INVALID_PARAMETER_VALUE,
            "37-character dataset digest",
            () -> store.logInputs(runId, List.of(input("d", chars('1', 37), "training"))));
        assertRunUnchanged(runId, before, "refused dataset inputs");
      }

      @Test
      @DisplayName("every kind of write to a deleted run is INVALID_PARAMETER_VALUE")
      void writesToDeletedRun() {
        store.deleteRun(runId);
        RunState before = state(runId);
        ErrorCode code = ErrorCode.INVALID_PARAMETER_VALUE;
        assertError(code, "logMetric", () -> store.logMetric(runId, Metric.of("m", 3.0, 3L, 3L)));
        assertError(code, "logParam", () -> store.logParam(runId, Param.of("new", "v")));
        assertError(code, "setTag", () -> store.setTag(runId, RunTag.of("t", "changed")));
        assertError(
            code,
            "logBatch",
            () ->
                store.logBatch(
                    runId,
                    List.of(Metric.of("m", 3.0, 3L, 3L)),
                    List.of(Param.of("new", "v")),
                    List.of(RunTag.of("new", "v"))));
        assertError(code, "deleteTag", () -> store.deleteTag(runId, "t"));
        assertError(
            code,
            "updateRun",
            () -> store.updateRun(runId, RunUpdate.terminated(RunStatus.FAILED, 5L)));
        assertError(
            code, "updateRun (rename)", () -> store.updateRun(runId, RunUpdate.rename("x")));
        if (capabilities().contains(StoreCapability.DATASET_INPUTS)) {
          assertError(
              code,
              "logInputs",
              () -> store.logInputs(runId, List.of(input("d", "x", "training"))));
        }
        assertRunUnchanged(runId, before, "writes to a deleted run");
        assertThat(store.getMetricHistory(runId, "m")).as("reads still work").hasSize(2);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * A small seeded data set for the search language. Runs r1..r5 are active in one experiment, r6
   * is deleted there, r7 lives in a second experiment:
   *
   * <pre>
   * run user  name          start    status   end      accuracy loss loss/val
   * r1  alice bright-falcon T0+1000  FINISHED T0+5000  0.95     0.2  -
   * r2  alice bright-owl    T0+2000  FINISHED T1+1     0.85     0.25 -
   * r3  bob   calm-river    T0+3000  FAILED   T0+6000  NaN      0.1  -
   * r4  bob   dark-sky      T0+4000  RUNNING  -        0.91 (*) -    0.3
   * r5  bob   old-run       T2       KILLED   T2+501   -        -    0.5
   *
   * run optimizer lr    epochs tag team        tag mlflow.source.type datasets (name/context)
   * r1  adam      0.01  10     vision          NOTEBOOK               mnist/training
   * r2  adam      0.1   9      computer-VISION LOCAL                  mnist/eval, cifar/training
   * r3  sgd       0.01  100    nlp             NOTEBOOK               -
   * r4  Adam      -     -      vision-research -                      -
   * r5  -         0.001 -      -               -                      -
   *
   * r6  bob   gone-run      T0+500      RUNNING, deleted; optimizer adam
   * r7  alice bright-other  T0+7000     RUNNING, other experiment; optimizer adam
   * </pre>
   *
   * T0 = 1733400000000, T1 = 1733500000000, T2 = 1699999999999; r2 also has tag expr=a+b; (*) r4
   * also logged 0.99 at an earlier step. No run holds both {@code loss} and {@code loss/val}: in
   * MLflow's file layout a metric key is a path, and {@code loss} cannot be a file and a directory
   * at once.
   */
  @Nested
  @DisplayName("search")
  class Search {
    private static final long T0 = 1_733_400_000_000L;
    private static final long T1 = 1_733_500_000_000L;

    private final Map<String, String> ids = new LinkedHashMap<>();
    private String exp;
    private String exp2;

    @BeforeEach
    void seed() {
      exp = newExperiment("tck-search");
      exp2 = newExperiment("tck-search-2");
      boolean datasets = capabilities().contains(StoreCapability.DATASET_INPUTS);

      String r1 =
          seedRun("r1", exp, "alice", "bright-falcon", T0 + 1000, RunStatus.FINISHED, T0 + 5000);
      store.logBatch(
          r1,
          List.of(Metric.of("accuracy", 0.95, 1L, 0L), Metric.of("loss", 0.2, 1L, 0L)),
          List.of(Param.of("optimizer", "adam"), Param.of("lr", "0.01"), Param.of("epochs", "10")),
          List.of(RunTag.of("team", "vision"), RunTag.of("mlflow.source.type", "NOTEBOOK")));
      if (datasets) {
        store.logInputs(r1, List.of(input("mnist", "d-mnist", "training")));
      }

      String r2 = seedRun("r2", exp, "alice", "bright-owl", T0 + 2000, RunStatus.FINISHED, T1 + 1);
      store.logBatch(
          r2,
          List.of(Metric.of("accuracy", 0.85, 1L, 0L), Metric.of("loss", 0.25, 1L, 0L)),
          List.of(Param.of("optimizer", "adam"), Param.of("lr", "0.1"), Param.of("epochs", "9")),
          List.of(
              RunTag.of("team", "computer-VISION"),
              RunTag.of("mlflow.source.type", "LOCAL"),
              RunTag.of("expr", "a+b")));
      if (datasets) {
        store.logInputs(
            r2, List.of(input("mnist", "d-mnist", "eval"), input("cifar", "d-cifar", "training")));
      }

      String r3 = seedRun("r3", exp, "bob", "calm-river", T0 + 3000, RunStatus.FAILED, T0 + 6000);
      store.logBatch(
          r3,
          List.of(Metric.of("accuracy", Double.NaN, 1L, 0L), Metric.of("loss", 0.1, 1L, 0L)),
          List.of(Param.of("optimizer", "sgd"), Param.of("lr", "0.01"), Param.of("epochs", "100")),
          List.of(RunTag.of("team", "nlp"), RunTag.of("mlflow.source.type", "NOTEBOOK")));

      String r4 = seedRun("r4", exp, "bob", "dark-sky", T0 + 4000, RunStatus.RUNNING, -1);
      store.logBatch(
          r4,
          List.of(
              Metric.of("accuracy", 0.99, 1L, 1L),
              Metric.of("accuracy", 0.91, 2L, 2L),
              Metric.of("loss/val", 0.3, 1L, 0L)),
          List.of(Param.of("optimizer", "Adam")),
          List.of(RunTag.of("team", "vision-research")));

      String r5 =
          seedRun(
              "r5",
              exp,
              "bob",
              "old-run",
              1_699_999_999_999L,
              RunStatus.KILLED,
              1_700_000_000_500L);
      store.logBatch(
          r5,
          List.of(Metric.of("loss/val", 0.5, 1L, 0L)),
          List.of(Param.of("lr", "0.001")),
          List.of());

      String r6 = seedRun("r6", exp, "bob", "gone-run", T0 + 500, RunStatus.RUNNING, -1);
      store.logParam(r6, Param.of("optimizer", "adam"));
      store.deleteRun(r6);

      String r7 = seedRun("r7", exp2, "alice", "bright-other", T0 + 7000, RunStatus.RUNNING, -1);
      store.logParam(r7, Param.of("optimizer", "adam"));
    }

    private String seedRun(
        String symbol,
        String experimentId,
        String user,
        String name,
        long start,
        RunStatus status,
        long end) {
      Run run =
          store.createRun(
              RunCreate.builder(experimentId).userId(user).runName(name).startTime(start).build());
      if (status != RunStatus.RUNNING) {
        store.updateRun(run.runId(), RunUpdate.terminated(status, end));
      }
      ids.put(symbol, run.runId());
      return run.runId();
    }

    /** Replaces {r1}..{r7} by run ids and {r2:12} by the first 12 characters of r2's id. */
    private String resolve(String text) {
      String out = text;
      for (Map.Entry<String, String> e : ids.entrySet()) {
        out = out.replace("{" + e.getKey() + ":12}", e.getValue().substring(0, 12));
        out = out.replace("{" + e.getKey() + "}", e.getValue());
      }
      return out;
    }

    private List<String> symbols(List<Run> runs) {
      Map<String, String> bySymbol = new LinkedHashMap<>();
      ids.forEach((symbol, id) -> bySymbol.put(id, symbol));
      return runs.stream().map(r -> bySymbol.getOrDefault(r.runId(), r.runId())).toList();
    }

    private DynamicTest filterCase(String filter, String expected) {
      String name = "filter " + filter + " matches " + (expected.isBlank() ? "no run" : expected);
      return DynamicTest.dynamicTest(
          name,
          () -> {
            if (filter.contains("dataset")) {
              assume(StoreCapability.DATASET_INPUTS);
            }
            String resolved = resolve(filter);
            List<Run> runs = searchAllRuns(RunSearch.builder(exp).filter(resolved).build());
            assertThat(symbols(runs))
                .as("runs matching filter %s", resolved)
                .containsExactlyInAnyOrderElementsOf(symbolList(expected));
          });
    }

    private DynamicTest orderCase(String expected, String... orderBy) {
      return orderTest(
          "runs",
          expected,
          orderBy,
          () -> symbols(searchAllRuns(RunSearch.builder(exp).orderBy(orderBy).build())));
    }

    private DynamicTest invalidFilter(String filter) {
      return DynamicTest.dynamicTest(
          "filter " + filter + " is INVALID_PARAMETER_VALUE",
          () ->
              assertError(
                  ErrorCode.INVALID_PARAMETER_VALUE,
                  "filter " + filter,
                  () -> store.searchRuns(RunSearch.builder(exp).filter(filter).build())));
    }

    private DynamicTest invalidOrder(String... orderBy) {
      return DynamicTest.dynamicTest(
          "order_by " + String.join(", ", orderBy) + " is INVALID_PARAMETER_VALUE",
          () ->
              assertError(
                  ErrorCode.INVALID_PARAMETER_VALUE,
                  "order_by " + List.of(orderBy),
                  () -> store.searchRuns(RunSearch.builder(exp).orderBy(orderBy).build())));
    }

    @TestFactory
    @DisplayName("the valid filters of MLflow's search documentation select exactly their runs")
    Stream<DynamicTest> documentedFilters() {
      return Stream.of(
          filterCase("metrics.accuracy > 0.9", "r1 r4"),
          filterCase("metrics.loss <= 0.25 AND params.optimizer = 'adam'", "r1 r2"),
          filterCase("params.lr = \"0.01\"", "r1 r3"),
          filterCase("tags.`mlflow.source.type` = 'NOTEBOOK'", "r1 r3"),
          filterCase("tags.team LIKE 'vis%'", "r1 r4"),
          filterCase("tags.team ILIKE '%VISION%'", "r1 r2 r4"),
          filterCase("attributes.status = 'FINISHED'", "r1 r2"),
          filterCase("status != 'FAILED'", "r1 r2 r4 r5"),
          filterCase(
              "attributes.start_time >= 1733400000000 AND attributes.end_time < 1733500000000",
              "r1 r3"),
          filterCase("created > 1700000000000", "r1 r2 r3 r4"),
          filterCase("attributes.run_id IN ('{r1}', '{r3}')", "r1 r3"),
          filterCase("attributes.`Run name` LIKE 'bright-%'", "r1 r2"),
          filterCase("datasets.name = 'mnist' AND datasets.context = 'training'", "r1 r2"),
          filterCase("metrics.`loss/val` < 0.4", "r4"));
    }

    @TestFactory
    @DisplayName("metric filters compare the latest value; NaN fails every comparison but !=")
    Stream<DynamicTest> metricFilters() {
      // MLflow's SQL store keeps NaN as 0 plus a flag, so `= 0` or `< 0.9` would match NaN there:
      // only filters on which both semantics agree are asserted (r3's accuracy is NaN).
      return Stream.of(
          filterCase("metrics.accuracy >= 0.95", "r1"),
          filterCase("metrics.accuracy = 0.85", "r2"),
          filterCase("metrics.accuracy != 0.95", "r2 r3 r4"),
          filterCase("metrics.accuracy < 0.9 AND metrics.accuracy > 0.5", "r2"),
          filterCase("metrics.accuracy > 0.95", ""),
          filterCase("metrics.loss > 0", "r1 r2 r3"),
          filterCase("metrics.loss > -1", "r1 r2 r3"),
          filterCase("metrics.loss < 2e-1", "r3"),
          filterCase("metric.accuracy>=0.95", "r1"),
          filterCase("`metric`.accuracy >= 0.95", "r1"),
          filterCase(
              "metrics.accuracy > 0.9 AND tags.team LIKE 'vis%' AND params.optimizer = 'adam'",
              "r1"));
    }

    @TestFactory
    @DisplayName("param and tag filters compare strings; runs without the key never match")
    Stream<DynamicTest> paramAndTagFilters() {
      return Stream.of(
          filterCase("params.optimizer != 'adam'", "r3 r4"),
          filterCase("params.optimizer LIKE 'a%'", "r1 r2"),
          filterCase("params.optimizer ILIKE 'a%'", "r1 r2 r4"),
          filterCase("params.lr LIKE '0.0_'", "r1 r3"),
          filterCase("parameter.lr = '0.001'", "r5"),
          filterCase("params.optimizer = 'rmsprop'", ""),
          filterCase("params.optimizer = 'adam' AND", "r1 r2"),
          filterCase("tags.team = 'vision'", "r1"),
          filterCase("tags.team != 'vision'", "r2 r3 r4"),
          filterCase("tag.team LIKE 'nl_'", "r3"),
          filterCase("tags.\"mlflow.source.type\" = 'LOCAL'", "r2"),
          filterCase("tags.`mlflow.runName` = 'calm-river'", "r3"),
          // LIKE patterns are SQL patterns: '+' and '.' are plain characters (MLflow's file store
          // turns them into regex syntax; MLflow4j follows its SQL store on every store).
          filterCase("tags.expr LIKE 'a+b'", "r2"),
          filterCase("tags.expr LIKE 'a_b'", "r2"),
          filterCase("tags.expr LIKE 'a.b'", ""),
          filterCase("", "r1 r2 r3 r4 r5"));
    }

    @TestFactory
    @DisplayName("attribute filters cover ids, names, users, status, times and artifact URIs")
    Stream<DynamicTest> attributeFilters() {
      return Stream.of(
          filterCase("attributes.run_name = 'calm-river'", "r3"),
          filterCase("run_name != 'calm-river'", "r1 r2 r4 r5"),
          filterCase("attributes.`run name` = 'dark-sky'", "r4"),
          filterCase("attributes.run_id NOT IN ('{r1}')", "r2 r3 r4 r5"),
          filterCase("attributes.run_id = '{r2}'", "r2"),
          filterCase("run_id LIKE '{r2:12}%'", "r2"),
          filterCase("attributes.artifact_uri LIKE '%{r4}%'", "r4"),
          filterCase("attributes.user_id = 'alice'", "r1 r2"),
          filterCase("user_id ILIKE 'BOB'", "r3 r4 r5"),
          filterCase("status ILIKE 'finished'", "r1 r2"),
          filterCase("run.status = 'KILLED'", "r5"),
          filterCase("attr.status = 'RUNNING'", "r4"),
          filterCase("attributes.end_time != 0", "r1 r2 r3 r5"),
          filterCase("end_time <= 1700000000500", "r5"),
          filterCase("attributes.start_time = 1733400003000", "r3"),
          filterCase("Created < 1700000000000", "r5"));
    }

    @TestFactory
    @DisplayName("dataset filters match when any input of the run satisfies the clause")
    Stream<DynamicTest> datasetFilters() {
      return Stream.of(
          filterCase("datasets.digest = 'd-cifar'", "r2"),
          filterCase("datasets.name IN ('cifar', 'imagenet')", "r2"),
          filterCase("datasets.context = 'eval'", "r2"),
          filterCase("dataset.name LIKE 'mn%'", "r1 r2"),
          filterCase("datasets.name NOT IN ('mnist')", "r2"));
    }

    @TestFactory
    @DisplayName("invalid filters are INVALID_PARAMETER_VALUE")
    Stream<DynamicTest> invalidFilters() {
      return Stream.of(
          invalidFilter("metrics.acc > 0.9 OR params.x = 'a'"),
          invalidFilter("params.model = 5"),
          invalidFilter("metrics.acc = '0.9'"),
          invalidFilter("foo.acc > 1"),
          invalidFilter("metrics.acc LIKE 0.5"),
          invalidFilter("acc >= 0.94"),
          invalidFilter("attributes.user_id IN ('a')"),
          invalidFilter("tags.x IS NULL"),
          invalidFilter("tags.'t' = 'x'"),
          invalidFilter("params.p NOT LIKE 'a'"),
          invalidFilter("start_time > '1000'"),
          invalidFilter("params.p = unquoted"),
          invalidFilter("metric.acc >= 0.94; metrics.rmse < 1"),
          invalidFilter("params.optimizer IN ('adam')"));
    }

    @TestFactory
    @DisplayName("order_by sorts by attributes, metrics (NaN, then missing, last), params and tags")
    Stream<DynamicTest> orderings() {
      return Stream.of(
          orderCase("r4 r3 r2 r1 r5"),
          orderCase("r4 r3 r2 r1 r5", "created DESC"),
          orderCase("r5 r1 r2 r3 r4", "start_time ASC"),
          orderCase("r5 r1 r2 r3 r4", "attributes.start_time"),
          orderCase("r2 r4 r1 r3 r5", "metrics.accuracy ASC"),
          orderCase("r1 r4 r2 r3 r5", "metrics.accuracy DESC"),
          orderCase("r3 r1 r2 r4 r5", "metrics.loss"),
          orderCase("r1 r3 r2 r4 r5", "params.epochs ASC"),
          orderCase("r2 r3 r1 r4 r5", "params.epochs DESC"),
          orderCase("r2 r3 r1 r5 r4", "params.lr DESC"),
          orderCase("r4 r1 r3 r2 r5", "tags.team DESC"),
          orderCase("r1 r2 r3 r4 r5", "attributes.run_name ASC"),
          orderCase("r5 r4 r3 r2 r1", "run_name DESC"),
          orderCase("r5 r1 r3 r2 r4", "end_time ASC"),
          orderCase("r2 r3 r1 r5 r4", "end_time DESC"),
          orderCase("r3 r2 r1 r5 r4", "attributes.status ASC", "metrics.loss DESC"),
          orderCase("r1 r2 r5 r3 r4", "user_id ASC", "start_time ASC"));
    }

    @TestFactory
    @DisplayName("invalid order_by clauses are INVALID_PARAMETER_VALUE")
    Stream<DynamicTest> invalidOrderings() {
      return Stream.of(
          invalidOrder("metrics.accuracy ASCENDING"),
          invalidOrder("start_time DESC extra"),
          invalidOrder("datasets.name"),
          invalidOrder("attributes.`Run name`"),
          invalidOrder("foo.bar"),
          invalidOrder("start_time", "start_time DESC"),
          invalidOrder("metrics.loss", "metrics.loss DESC"));
    }

    @Test
    @DisplayName("order_by run_id ASC sorts by id; equal start times are ordered by run id")
    void runIdOrder() {
      List<String> sorted =
          new ArrayList<>(
              List.of(ids.get("r1"), ids.get("r2"), ids.get("r3"), ids.get("r4"), ids.get("r5")));
      sorted.sort(Comparator.naturalOrder());
      assertThat(ids(searchAllRuns(RunSearch.builder(exp).orderBy("run_id ASC").build())))
          .containsExactlyElementsOf(sorted);

      String tied = newExperiment("tck-ties");
      List<String> tiedIds = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        tiedIds.add(store.createRun(RunCreate.builder(tied).startTime(T0).build()).runId());
      }
      tiedIds.sort(Comparator.naturalOrder());
      assertThat(ids(searchAllRuns(RunSearch.builder(tied).build())))
          .as("default order: start_time DESC, then run_id ASC")
          .containsExactlyElementsOf(tiedIds);
    }

    @Test
    @DisplayName("view types select active, deleted or all runs")
    void viewTypes() {
      assertThat(
              symbols(
                  searchAllRuns(RunSearch.builder(exp).viewType(ViewType.DELETED_ONLY).build())))
          .containsExactly("r6");
      assertThat(
              symbols(
                  searchAllRuns(
                      RunSearch.builder(exp)
                          .filter("params.optimizer = 'adam'")
                          .viewType(ViewType.ALL)
                          .build())))
          .containsExactlyInAnyOrder("r1", "r2", "r6");
      assertThat(
              symbols(
                  searchAllRuns(
                      RunSearch.builder(exp)
                          .filter("params.optimizer = 'adam'")
                          .viewType(ViewType.ACTIVE_ONLY)
                          .build())))
          .containsExactlyInAnyOrder("r1", "r2");
    }

    @Test
    @DisplayName("a search covers exactly the requested experiments; none requested finds nothing")
    void experimentScope() {
      assertThat(
              symbols(
                  searchAllRuns(
                      RunSearch.builder(exp, exp2).filter("params.optimizer = 'adam'").build())))
          .containsExactlyInAnyOrder("r1", "r2", "r7");
      assertThat(symbols(searchAllRuns(RunSearch.builder(exp2).build()))).containsExactly("r7");
      Page<Run> none = store.searchRuns(RunSearch.builder().build());
      assertThat(none.items()).isEmpty();
      assertThat(none.nextPageToken()).isEmpty();
    }

    @Test
    @DisplayName("searched runs carry the same info, data and inputs as getRun")
    void searchedRunsAreComplete() {
      for (Run found : searchAllRuns(RunSearch.builder(exp).build())) {
        Run read = store.getRun(found.runId());
        assertThat(found.info()).isEqualTo(read.info());
        assertThat(found.data().metricValues()).isEqualTo(read.data().metricValues());
        assertThat(found.data().paramMap()).isEqualTo(read.data().paramMap());
        assertThat(found.data().tagMap()).isEqualTo(read.data().tagMap());
        assertThat(new HashSet<>(found.inputs())).isEqualTo(new HashSet<>(read.inputs()));
        assertThat(found.data().tag(MlflowTags.RUN_NAME))
            .as("tag mlflow.runName equals the run name")
            .contains(found.info().runName());
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Experiment search over: alpha "proj-alpha" (owner alice, team.name vision), beta "proj-beta"
   * (owner bob), gamma "other-gamma" (owner alice), delta "proj-delta" (no owner), and the deleted
   * "proj-deleted" (owner alice), created in that order at distinct milliseconds. The Default
   * experiment "0", when the store has one, is left out of every comparison.
   */
  @Nested
  @DisplayName("experiment search")
  class ExperimentSearches {
    private final Map<String, String> ids = new LinkedHashMap<>();
    private final Map<String, Long> created = new LinkedHashMap<>();

    @BeforeEach
    void seed() {
      seed(
          "alpha",
          "proj-alpha",
          ExperimentTag.of("owner", "alice"),
          ExperimentTag.of("team.name", "vision"));
      seed("beta", "proj-beta", ExperimentTag.of("owner", "bob"));
      seed("gamma", "other-gamma", ExperimentTag.of("owner", "alice"));
      seed("delta", "proj-delta");
      seed("deleted", "proj-deleted", ExperimentTag.of("owner", "alice"));
      store.deleteExperiment(ids.get("deleted"));
    }

    private void seed(String symbol, String name, ExperimentTag... tags) {
      long previous = created.values().stream().mapToLong(Long::longValue).max().orElse(0L);
      while (System.currentTimeMillis() <= previous) {
        Thread.onSpinWait(); // distinct creation times make the default order deterministic
      }
      String id = store.createExperiment(name, Optional.empty(), List.of(tags));
      ids.put(symbol, id);
      created.put(symbol, store.getExperiment(id).creationTime());
    }

    private String resolve(String text) {
      String out = text;
      for (Map.Entry<String, Long> e : created.entrySet()) {
        out = out.replace("{" + e.getKey() + ".created}", Long.toString(e.getValue()));
      }
      return out;
    }

    private List<String> symbols(List<Experiment> experiments) {
      Map<String, String> bySymbol = new LinkedHashMap<>();
      ids.forEach((symbol, id) -> bySymbol.put(id, symbol));
      return experiments.stream()
          .filter(e -> !e.experimentId().equals("0"))
          .map(e -> bySymbol.getOrDefault(e.experimentId(), e.name()))
          .toList();
    }

    private DynamicTest filterCase(String filter, ViewType view, String expected) {
      return DynamicTest.dynamicTest(
          "filter "
              + filter
              + (view == ViewType.ACTIVE_ONLY ? "" : " in " + view)
              + " matches "
              + (expected.isBlank() ? "no experiment" : expected),
          () -> {
            String resolved = resolve(filter);
            List<Experiment> found =
                searchAllExperiments(
                    ExperimentSearch.builder().filter(resolved).viewType(view).build());
            assertThat(symbols(found))
                .as("experiments matching %s", resolved)
                .containsExactlyInAnyOrderElementsOf(symbolList(expected));
          });
    }

    private DynamicTest orderCase(String expected, String... orderBy) {
      return orderTest(
          "experiments",
          expected,
          orderBy,
          () -> symbols(searchAllExperiments(ExperimentSearch.builder().orderBy(orderBy).build())));
    }

    private DynamicTest invalid(String filter, String... orderBy) {
      return DynamicTest.dynamicTest(
          (filter.isEmpty() ? "" : "filter " + filter + " ")
              + (orderBy.length == 0 ? "" : "order_by " + String.join(", ", orderBy) + " ")
              + "is INVALID_PARAMETER_VALUE",
          () ->
              assertError(
                  ErrorCode.INVALID_PARAMETER_VALUE,
                  "experiment search " + filter + " " + List.of(orderBy),
                  () ->
                      store.searchExperiments(
                          ExperimentSearch.builder().filter(filter).orderBy(orderBy).build())));
    }

    @TestFactory
    @DisplayName("experiment filters on name, tags and times select exactly their experiments")
    Stream<DynamicTest> filters() {
      ViewType active = ViewType.ACTIVE_ONLY;
      return Stream.of(
          filterCase(
              "name LIKE 'proj-%' AND tags.owner = 'alice' AND creation_time > 1700000000000",
              active, "alpha"),
          filterCase("name = 'proj-beta'", active, "beta"),
          filterCase("name != 'proj-beta'", active, "alpha gamma delta"),
          filterCase("name LIKE 'proj-%'", active, "alpha beta delta"),
          filterCase("attribute.name ILIKE 'PROJ-%TA'", active, "beta delta"),
          filterCase("tags.owner = 'alice'", active, "alpha gamma"),
          filterCase("tags.owner != 'alice'", active, "beta"),
          filterCase("tags.owner LIKE 'b%'", active, "beta"),
          filterCase("tag.owner ILIKE 'ALICE'", active, "alpha gamma"),
          filterCase("tags.`team.name` = 'vision'", active, "alpha"),
          filterCase("creation_time >= {beta.created}", active, "beta gamma delta"),
          filterCase(
              "creation_time >= {alpha.created} AND creation_time < {gamma.created}",
              active,
              "alpha beta"),
          filterCase("last_update_time > 0 AND name LIKE '%a'", active, "alpha beta gamma delta"),
          filterCase("name = 'proj-deleted'", active, ""),
          filterCase("", ViewType.DELETED_ONLY, "deleted"),
          filterCase("tags.owner = 'alice'", ViewType.ALL, "alpha gamma deleted"));
    }

    @TestFactory
    @DisplayName(
        "experiment order_by sorts by name and times (duplicate keys allowed); the default is"
            + " creation_time DESC")
    Stream<DynamicTest> orderings() {
      return Stream.of(
          orderCase("delta gamma beta alpha"),
          orderCase("gamma alpha beta delta", "name ASC"),
          orderCase("delta beta alpha gamma", "name DESC"),
          orderCase("alpha beta gamma delta", "creation_time ASC"),
          orderCase("gamma alpha beta delta", "name ASC", "name DESC"),
          orderCase("delta gamma beta alpha", "attribute.creation_time DESC"));
    }

    @TestFactory
    @DisplayName("invalid experiment filters and order_by clauses are INVALID_PARAMETER_VALUE")
    Stream<DynamicTest> invalids() {
      return Stream.of(
          invalid("metrics.x > 1"),
          invalid("params.p = 'a'"),
          invalid("name IN ('proj-alpha')"),
          invalid("name = 'a' OR name = 'b'"),
          invalid("creation_time > 'abc'"),
          invalid("name = unquoted"),
          invalid("attributes.name = 'proj-alpha'"),
          invalid("", "tags.owner"),
          invalid("", "name ASCENDING"));
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  @DisplayName("paging")
  class Paging {

    private void assertPagesOfRuns(RunSearch search, List<String> expectedInOrder) {
      List<String> seen = new ArrayList<>();
      List<Integer> sizes = new ArrayList<>();
      Optional<String> token = Optional.empty();
      for (int pages = 0; ; pages++) {
        assertThat(pages).as("number of pages").isLessThan(expectedInOrder.size() + 2);
        Page<Run> page = store.searchRuns(search.withPageToken(token));
        assertThat(page.items().size()).isLessThanOrEqualTo(search.maxResults());
        sizes.add(page.items().size());
        seen.addAll(ids(page.items()));
        token = page.nextPageToken();
        if (token.isEmpty()) {
          break;
        }
      }
      assertThat(seen).as("no duplicate").doesNotHaveDuplicates();
      assertThat(seen)
          .as("every run once, pages in order")
          .containsExactlyElementsOf(expectedInOrder);
      // Every page but the last non-empty one is full (a store may add a final empty page).
      int lastNonEmpty = sizes.size() - 1;
      while (lastNonEmpty > 0 && sizes.get(lastNonEmpty) == 0) {
        lastNonEmpty--;
      }
      for (int i = 0; i < lastNonEmpty; i++) {
        assertThat(sizes.get(i))
            .as("size of page %d of %s", i, sizes)
            .isEqualTo(search.maxResults());
      }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    @DisplayName(
        "paging through 2,500 runs by 100 and by 333, and 1,500 of them by 500, returns each"
            + " once, in order")
    void manyRuns() {
      // Page sizes: 333 leaves a short last page, 100 and 500 divide the counts exactly (a store
      // may then answer one final empty page with a token).
      String exp = newExperiment("tck-paging");
      long base = 1_600_000_000_000L;
      String[] byIndex = new String[2500];
      parallel(
          8,
          2500,
          i ->
              byIndex[i] =
                  store
                      .createRun(RunCreate.builder(exp).startTime(base + i * 1000L).build())
                      .runId());
      List<String> oldestFirst = List.of(byIndex);
      List<String> newestFirst = new ArrayList<>(oldestFirst);
      Collections.reverse(newestFirst);

      assertPagesOfRuns(RunSearch.builder(exp).maxResults(100).build(), newestFirst);
      assertPagesOfRuns(
          RunSearch.builder(exp).maxResults(333).orderBy("start_time ASC").build(), oldestFirst);
      assertPagesOfRuns(
          RunSearch.builder(exp)
              .maxResults(500)
              .filter("start_time >= " + (base + 1_000_000L))
              .build(),
          newestFirst.subList(0, 1500));
    }

    @Test
    @DisplayName("page size 1 walks a small result set run by run")
    void pageSizeOne() {
      String exp = newExperiment("tck-paging-one");
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        expected.add(
            0, store.createRun(RunCreate.builder(exp).startTime(1000L + i).build()).runId());
      }
      assertPagesOfRuns(RunSearch.builder(exp).maxResults(1).build(), expected);
      Page<Run> all =
          store.searchRuns(RunSearch.builder(exp).maxResults(RunSearch.MAX_RESULTS_LIMIT).build());
      assertThat(ids(all.items()))
          .as("max_results 50000 is allowed")
          .containsExactlyElementsOf(expected);
      assertThat(all.nextPageToken()).isEmpty();
    }

    @Test
    @DisplayName("paging through experiments returns each once")
    void manyExperiments() {
      Set<String> created = new HashSet<>();
      for (int i = 0; i < 30; i++) {
        created.add(newExperiment("tck-page-exp-" + i));
      }
      List<Experiment> seen =
          searchAllExperiments(ExperimentSearch.builder().maxResults(7).build());
      List<String> seenIds = seen.stream().map(Experiment::experimentId).toList();
      assertThat(seenIds).doesNotHaveDuplicates();
      Set<String> withoutDefault = new HashSet<>(seenIds);
      withoutDefault.remove("0");
      assertThat(withoutDefault).isEqualTo(created);
      assertThat(seen)
          .as("default order: creation_time DESC")
          .isSortedAccordingTo(Comparator.comparingLong(Experiment::creationTime).reversed());
    }

    @Test
    @DisplayName("max_results 0, -1 and 50001 are INVALID_PARAMETER_VALUE for runs and experiments")
    void maxResultsBounds() {
      String exp = newExperiment("tck-max-results");
      newRun(exp);
      for (int bad : new int[] {0, -1, RunSearch.MAX_RESULTS_LIMIT + 1}) {
        assertError(
            ErrorCode.INVALID_PARAMETER_VALUE,
            "runs max_results " + bad,
            () -> store.searchRuns(RunSearch.builder(exp).maxResults(bad).build()));
        assertError(
            ErrorCode.INVALID_PARAMETER_VALUE,
            "experiments max_results " + bad,
            () -> store.searchExperiments(ExperimentSearch.builder().maxResults(bad).build()));
      }
    }

    @Test
    @DisplayName("malformed page tokens are INVALID_PARAMETER_VALUE for runs and experiments")
    void badPageTokens() {
      String exp = newExperiment("tck-tokens");
      newRun(exp);
      for (String bad : List.of("!!!", "not a token", "aGVsbG8=", "{\"offset\": 1}")) {
        assertError(
            ErrorCode.INVALID_PARAMETER_VALUE,
            "runs page token '" + bad + "'",
            () -> store.searchRuns(RunSearch.builder(exp).pageToken(bad).build()));
        assertError(
            ErrorCode.INVALID_PARAMETER_VALUE,
            "experiments page token '" + bad + "'",
            () -> store.searchExperiments(ExperimentSearch.builder().pageToken(bad).build()));
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  @DisplayName("lifecycle")
  class Lifecycle {
    private String exp;

    @BeforeEach
    void createExperiment() {
      exp = newExperiment("tck-lifecycle");
    }

    private List<String> search(ViewType view) {
      return ids(searchAllRuns(RunSearch.builder(exp).viewType(view).build()));
    }

    @Test
    @DisplayName(
        "a deleted run stays readable, leaves ACTIVE_ONLY and shows in DELETED_ONLY and ALL")
    void deleteRun() {
      String kept = newRunId(exp);
      String gone = newRunId(exp);
      store.logMetric(gone, Metric.of("m", 1.0, 1L, 0L));
      store.logParam(gone, Param.of("p", "v"));
      store.deleteRun(gone);

      Run read = store.getRun(gone);
      assertThat(read.info().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
      assertThat(read.data().paramMap()).containsEntry("p", "v");
      assertThat(store.getMetricHistory(gone, "m")).hasSize(1);
      assertThat(search(ViewType.ACTIVE_ONLY)).containsExactly(kept);
      assertThat(search(ViewType.DELETED_ONLY)).containsExactly(gone);
      assertThat(search(ViewType.ALL)).containsExactlyInAnyOrder(kept, gone);
    }

    @Test
    @DisplayName("deleting and restoring a run are idempotent")
    void idempotentRunLifecycle() {
      String run = newRunId(exp);
      store.restoreRun(run);
      assertThat(store.getRun(run).info().lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
      store.deleteRun(run);
      store.deleteRun(run);
      assertThat(store.getRun(run).info().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
      store.restoreRun(run);
      store.restoreRun(run);
      assertThat(store.getRun(run).info().lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
      store.setTag(run, RunTag.of("after", "restore"));
      assertThat(store.getRun(run).data().tag("after"))
          .as("a restored run takes writes")
          .contains("restore");
    }

    @Test
    @DisplayName(
        "deleting an experiment deletes its runs; restoring restores all, even runs deleted before")
    void experimentCascade() {
      String a = newRunId(exp);
      String b = newRunId(exp);
      String other = newRunId(newExperiment("tck-other"));
      store.deleteRun(b);
      long beforeDelete = System.currentTimeMillis();
      store.deleteExperiment(exp);

      Experiment deleted = store.getExperiment(exp);
      assertThat(deleted.lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
      assertThat(deleted.lastUpdateTime())
          .as("last update time set on delete")
          .isGreaterThanOrEqualTo(beforeDelete);
      assertThat(store.getRun(a).info().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
      assertThat(store.getRun(b).info().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
      assertThat(store.getRun(other).info().lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
      assertThat(search(ViewType.ACTIVE_ONLY)).isEmpty();
      assertThat(search(ViewType.DELETED_ONLY)).containsExactlyInAnyOrder(a, b);

      store.restoreExperiment(exp);
      assertThat(store.getExperiment(exp).lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
      assertThat(store.getRun(a).info().lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
      assertThat(store.getRun(b).info().lifecycleStage())
          .as("a run deleted on its own before is restored with its experiment")
          .isEqualTo(LifecycleStage.ACTIVE);
      assertThat(search(ViewType.ACTIVE_ONLY)).containsExactlyInAnyOrder(a, b);
      store.logMetric(a, Metric.of("m", 1.0, 1L, 0L));
      assertThat(store.getMetricHistory(a, "m")).hasSize(1);
    }

    @Test
    @DisplayName(
        "a deleted experiment is readable, hidden from ACTIVE_ONLY, listed in DELETED_ONLY and ALL")
    void experimentViews() {
      String kept = newExperiment("tck-kept");
      store.deleteExperiment(exp);
      assertThat(store.getExperiment(exp).name()).isEqualTo("tck-lifecycle");
      Set<String> active =
          searchAllExperiments(ExperimentSearch.builder().build()).stream()
              .map(Experiment::experimentId)
              .collect(Collectors.toSet());
      Set<String> deleted =
          searchAllExperiments(ExperimentSearch.builder().viewType(ViewType.DELETED_ONLY).build())
              .stream()
              .map(Experiment::experimentId)
              .collect(Collectors.toSet());
      assertThat(active).contains(kept).doesNotContain(exp);
      assertThat(deleted).containsExactly(exp);
      assertThat(allExperimentIds()).contains(kept, exp);
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  @DisplayName("concurrency")
  class Concurrency {
    private static final int THREADS = 8;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName("8 threads logging metrics, params and tags to one run lose nothing")
    void oneRun() {
      String exp = newExperiment("tck-concurrent-one");
      String run = newRunId(exp);
      int perThread = 25;
      parallel(
          THREADS,
          THREADS,
          t -> {
            for (int i = 0; i < perThread; i++) {
              long step = t * 1000L + i;
              if (i % 5 == 0) {
                store.logBatch(
                    run,
                    List.of(Metric.of("m", i, 1000L + step, step)),
                    List.of(Param.of("p-" + t + "-" + i, "v")),
                    List.of(RunTag.of("t-" + t + "-" + i, "v")));
              } else {
                store.logMetric(run, Metric.of("m", i, 1000L + step, step));
                store.logParam(run, Param.of("p-" + t + "-" + i, "v"));
                store.setTag(run, RunTag.of("t-" + t + "-" + i, "v"));
              }
            }
          });
      Run read = store.getRun(run);
      int total = THREADS * perThread;
      assertThat(store.getMetricHistory(run, "m")).hasSize(total);
      assertThat(read.data().params()).hasSize(total);
      assertThat(read.data().tagMap().keySet().stream().filter(k -> k.startsWith("t-")))
          .hasSize(total);
      assertThat(read.data().metric("m"))
          .contains(Metric.of("m", perThread - 1, 1000L + 7024L, 7024L));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName("8 threads logging to 8 runs keep each run's data apart")
    void manyRuns() {
      String exp = newExperiment("tck-concurrent-many");
      List<String> runs = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        runs.add(newRunId(exp));
      }
      parallel(
          THREADS,
          THREADS,
          t -> {
            String run = runs.get(t);
            for (int i = 0; i < 20; i++) {
              store.logMetric(run, Metric.of("m", t, 1000L + i, i));
              store.logParam(run, Param.of("p" + i, "run" + t));
              store.setTag(run, RunTag.of("t" + i, "run" + t));
            }
          });
      for (int t = 0; t < THREADS; t++) {
        String run = runs.get(t);
        Run read = store.getRun(run);
        List<Metric> history = store.getMetricHistory(run, "m");
        assertThat(history).hasSize(20);
        double value = t;
        assertThat(history).allSatisfy(m -> assertThat(m.value()).isEqualTo(value));
        assertThat(read.data().params()).hasSize(20);
        assertThat(read.data().paramMap().values()).containsOnly("run" + t);
        assertThat(
                read.data().tagMap().entrySet().stream()
                    .filter(e -> e.getKey().matches("t\\d+"))
                    .map(Map.Entry::getValue)
                    .toList())
            .hasSize(20)
            .containsOnly("run" + t);
      }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName(
        "8 threads logging one param key with different values: one wins, the others are refused")
    void paramRace() {
      String run = newRunId(newExperiment("tck-param-race"));
      String accepted =
          race(
              "write-once: exactly one value accepted",
              ErrorCode.INVALID_PARAMETER_VALUE,
              t -> {
                store.logParam(run, Param.of("race", "value-" + t));
                return "value-" + t;
              });
      assertThat(store.getRun(run).data().param("race")).contains(accepted);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName("8 threads creating runs get distinct ids, all of them searchable")
    void createRuns() {
      String exp = newExperiment("tck-concurrent-create");
      Set<String> created = ConcurrentHashMap.newKeySet();
      parallel(THREADS, 200, i -> created.add(newRunId(exp)));
      assertThat(created).hasSize(200);
      assertThat(ids(searchAllRuns(RunSearch.builder(exp).build())))
          .containsExactlyInAnyOrderElementsOf(created);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName(
        "8 threads creating the same experiment name: one succeeds, the others"
            + " RESOURCE_ALREADY_EXISTS")
    void createSameExperiment() {
      String created =
          race(
              "experiments created",
              ErrorCode.RESOURCE_ALREADY_EXISTS,
              i -> newExperiment("tck-race"));
      assertThat(store.getExperimentByName("tck-race"))
          .get()
          .extracting(Experiment::experimentId)
          .isEqualTo(created);
    }

    /**
     * Runs {@code attempt(i)} on {@link #THREADS} threads at once and asserts that exactly one
     * succeeds and all the others fail with {@code refusal}; returns what the winner returned.
     */
    private String race(String winners, ErrorCode refusal, IntFunction<String> attempt) {
      Set<String> accepted = ConcurrentHashMap.newKeySet();
      List<ErrorCode> refused = Collections.synchronizedList(new ArrayList<>());
      parallel(
          THREADS,
          THREADS,
          i -> {
            try {
              accepted.add(attempt.apply(i));
            } catch (MlflowException e) {
              refused.add(e.errorCode());
            }
          });
      assertThat(accepted).as(winners).hasSize(1);
      assertThat(refused).hasSize(THREADS - 1).containsOnly(refusal);
      return accepted.iterator().next();
    }
  }

  @Test
  @DisplayName("closing a store twice is not an error")
  void closeIsIdempotent() {
    String id = newExperiment("tck-close");
    assertThat(store.getExperiment(id).name()).isEqualTo("tck-close");
    assertThatCode(
            () -> {
              store.close();
              store.close();
            })
        .doesNotThrowAnyException();
  }
}
