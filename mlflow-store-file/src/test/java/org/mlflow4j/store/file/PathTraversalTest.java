package org.mlflow4j.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.ExperimentTag;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.Param;
import org.mlflow4j.entity.RunTag;
import org.mlflow4j.store.RunCreate;
import org.mlflow4j.store.RunSearch;

/**
 * No run id, experiment id or key can make the store touch a path outside its root (validation.md
 * §2, §3, §12; artifacts.md §6): each vector is INVALID_PARAMETER_VALUE and leaves everything below
 * the temp directory (the root and its siblings) unchanged.
 */
class PathTraversalTest {
  private static final List<String> BAD_IDS =
      List.of(
          "..",
          ".",
          "../x",
          "../../etc",
          "a/../../b",
          "/etc/passwd",
          "x\\..\\y",
          "a/b",
          "",
          ".trash",
          "0/../1",
          "%2e%2e", "..%2f..%2fx", "\\\\server\\share", "C:\\x", "%252e%252e",
          "-x",
          "a b",
          "a\u0000b");
  private static final List<String> BAD_KEYS =
      List.of(
          "..",
          ".",
          "../x",
          "../../meta.yaml",
          "/abs",
          "a/../../b",
          "a//b",
          "a/",
          "./a",
          "x\\..\\y",
          "..a",
          "a/./b",
          "",
          "a#b",
          "a*b",
          "~/x", "%2e%2e/x", "..%2fx", "a\\b", "\\\\server\\x", "C:\\x", "a\nb",
          "a\u0000b");

  @TempDir Path temp;
  private Path root;
  private FileTrackingStore store;
  private String exp;
  private String runId;

  @BeforeEach
  void open() {
    root = temp.resolve("mlruns");
    store = FileTrackingStore.open(root);
    exp = store.createExperiment("exp", Optional.empty(), List.of());
    runId = store.createRun(RunCreate.builder(exp).build()).runId();
  }

  private void assertRefused(ThrowingCallable call) {
    Map<String, String> before = StoreSnapshot.of(temp);
    MlflowException e = catchThrowableOfType(MlflowException.class, call);
    assertThat(e).as("expected an MlflowException").isNotNull();
    assertThat(e.errorCode()).as(e.getMessage()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
    assertThat(StoreSnapshot.of(temp)).as("nothing changed anywhere").isEqualTo(before);
  }

  @TestFactory
  Stream<DynamicTest> badRunIdsAreRefusedEverywhere() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String id : BAD_IDS) {
      tests.add(
          DynamicTest.dynamicTest(
              "run id " + id,
              () -> {
                assertRefused(() -> store.getRun(id));
                assertRefused(() -> store.logMetric(id, Metric.of("m", 1, 1, 1)));
                assertRefused(() -> store.logParam(id, Param.of("p", "v")));
                assertRefused(() -> store.setTag(id, RunTag.of("t", "v")));
                assertRefused(() -> store.deleteRun(id));
                assertRefused(() -> store.restoreRun(id));
                assertRefused(() -> store.deleteTag(id, "t"));
                assertRefused(() -> store.getMetricHistory(id, "m"));
                assertRefused(() -> store.logInputs(id, List.of()));
              }));
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> badExperimentIdsAreRefusedEverywhere() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String id : BAD_IDS) {
      tests.add(
          DynamicTest.dynamicTest(
              "experiment id " + id,
              () -> {
                assertRefused(() -> store.getExperiment(id));
                assertRefused(() -> store.createRun(RunCreate.builder(id).build()));
                assertRefused(() -> store.deleteExperiment(id));
                assertRefused(() -> store.restoreExperiment(id));
                assertRefused(() -> store.renameExperiment(id, "x"));
                assertRefused(() -> store.setExperimentTag(id, ExperimentTag.of("t", "v")));
                assertRefused(() -> store.deleteExperimentTag(id, "t"));
                assertRefused(() -> store.searchRuns(RunSearch.builder(id).build()));
              }));
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> badKeysAreRefusedEverywhere() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String key : BAD_KEYS) {
      tests.add(
          DynamicTest.dynamicTest(
              "key " + key,
              () -> {
                assertRefused(() -> store.logMetric(runId, Metric.of(key, 1, 1, 1)));
                assertRefused(() -> store.logParam(runId, Param.of(key, "v")));
                assertRefused(() -> store.setTag(runId, RunTag.of(key, "v")));
                assertRefused(() -> store.deleteTag(runId, key));
                assertRefused(() -> store.getMetricHistory(runId, key));
                assertRefused(() -> store.setExperimentTag(exp, ExperimentTag.of(key, "v")));
                assertRefused(() -> store.deleteExperimentTag(exp, key));
                assertRefused(
                    () ->
                        store.createExperiment(
                            "n-" + key.hashCode(),
                            Optional.empty(),
                            List.of(ExperimentTag.of(key, "v"))));
                assertRefused(
                    () ->
                        store.createRun(
                            RunCreate.builder(exp).tags(List.of(RunTag.of(key, "v"))).build()));
              }));
    }
    return tests.stream();
  }

  @Test
  void theKeyPathCheckIsADefenceOfItsOwn() {
    Path base = root.resolve(exp).resolve(runId).resolve("params");
    for (String key : BAD_KEYS) {
      if (key.contains("#") || key.contains("*") || key.contains("%") || key.contains("\n")
          || key.startsWith("~") || key.startsWith("..a")) {
        continue; // legal file names; only Validation refuses them
      }
      MlflowException e =
          catchThrowableOfType(MlflowException.class, () -> FileTrackingStore.keyPath(base, key));
      assertThat(e).as(key).isNotNull();
      assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
    }
    assertThat(FileTrackingStore.keyPath(base, "a..b")).isEqualTo(base.resolve("a..b"));
    assertThat(FileTrackingStore.keyPath(base, "a/b.c"))
        .isEqualTo(base.resolve("a").resolve("b.c"));
  }

  @Test
  void experimentNamesAreNotPaths() {
    String id = store.createExperiment("../../evil", Optional.empty(), List.of());
    assertThat(store.getExperimentByName("../../evil").orElseThrow().experimentId()).isEqualTo(id);
    store.renameExperiment(id, "/etc/passwd");
    assertThat(Files.exists(temp.resolve("evil"))).isFalse();
    try (Stream<Path> children = safeList(temp)) {
      assertThat(children.map(p -> p.getFileName().toString())).containsExactly("mlruns");
    }
  }

  @Test
  void legalKeysWithDotsAndSlashesStayInsideTheirFolder() {
    store.logBatch(
        runId,
        List.of(
            Metric.of("a..b", 1, 1, 1), Metric.of("x/y.z", 1, 1, 1), Metric.of("C:/x", 1, 1, 1)),
        List.of(Param.of("p..q", "1")),
        List.of(RunTag.of("dir/t", "v")));
    Path dir = root.resolve(exp).resolve(runId);
    assertThat(Files.isRegularFile(dir.resolve("metrics/a..b"))).isTrue();
    assertThat(Files.isRegularFile(dir.resolve("metrics/x/y.z"))).isTrue();
    assertThat(Files.isRegularFile(dir.resolve("metrics/C:/x"))).isTrue();
    assertThat(Files.isRegularFile(dir.resolve("params/p..q"))).isTrue();
    assertThat(Files.isRegularFile(dir.resolve("tags/dir/t"))).isTrue();
  }

  private static Stream<Path> safeList(Path dir) {
    try {
      return Files.list(dir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
