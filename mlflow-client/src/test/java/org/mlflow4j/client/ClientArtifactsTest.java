package org.mlflow4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.FileInfo;
import org.mlflow4j.store.tck.InMemoryTrackingStore;

/**
 * The client's artifact methods against a real local artifact repository, found by ServiceLoader
 * for the runs' plain-path artifact URIs.
 */
class ClientArtifactsTest {
  @TempDir Path tmp;
  private Path root;
  private MlflowClient client;
  private String runId;
  private Path runRoot;

  @BeforeEach
  void setUp() {
    root = tmp.resolve("artifacts");
    client = client(Map.of()).build();
    String experimentId = client.createExperiment("e", root.toString(), Map.of());
    runId = client.createRun(experimentId).runId();
    runRoot = root.resolve(runId).resolve("artifacts");
  }

  private static MlflowClient.Builder client(Map<String, String> environment) {
    return MlflowClient.builder()
        .store(new InMemoryTrackingStore())
        .environment(environment)
        .systemProperties(Map.of())
        .asyncShutdownHook(false);
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  private static Path write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  @Test
  @DisplayName("logArtifact stores a file at the root or under artifactPath; a directory by name")
  void logArtifact() throws IOException {
    Path file = write(tmp.resolve("local/model.txt"), "weights");
    client.logArtifact(runId, file);
    client.logArtifact(runId, file, "models/v1");
    write(tmp.resolve("local/conf/a.yaml"), "a: 1\n");
    client.logArtifact(runId, tmp.resolve("local/conf"), "cfg");

    assertThat(runRoot.resolve("model.txt")).hasContent("weights");
    assertThat(runRoot.resolve("models/v1/model.txt")).hasContent("weights");
    assertThat(runRoot.resolve("cfg/conf/a.yaml")).hasContent("a: 1\n");
    assertThat(client.listArtifacts(runId))
        .containsExactly(
            new FileInfo("cfg", true, OptionalLong.empty()),
            new FileInfo("model.txt", false, OptionalLong.of(7)),
            new FileInfo("models", true, OptionalLong.empty()));
    assertThat(client.listArtifacts(runId, "models/v1"))
        .containsExactly(new FileInfo("models/v1/model.txt", false, OptionalLong.of(7)));
    assertThat(client.listArtifacts(runId, "model.txt")).isEmpty();
    assertThat(client.listArtifacts(runId, "missing")).isEmpty();
  }

  @Test
  @DisplayName("logArtifacts copies a nested directory's contents; download mirrors the layout")
  void nestedDirectoryRoundTrip() throws IOException {
    Path dir = tmp.resolve("out");
    write(dir.resolve("metrics.csv"), "a,b\n");
    write(dir.resolve("plots/loss.svg"), "<svg/>");
    write(dir.resolve("plots/deep/er/x.bin"), "xyz");
    client.logArtifacts(runId, dir);
    client.logArtifacts(runId, dir, "copy");

    assertThat(runRoot.resolve("plots/deep/er/x.bin")).hasContent("xyz");
    assertThat(runRoot.resolve("copy/plots/loss.svg")).hasContent("<svg/>");
    assertThat(client.listArtifacts(runId, "plots"))
        .extracting(FileInfo::path)
        .containsExactly("plots/deep", "plots/loss.svg");

    Path dest = Files.createDirectories(tmp.resolve("dest"));
    Path all = client.downloadArtifacts(runId, "", dest);
    assertThat(all).isEqualTo(dest.toAbsolutePath().normalize());
    assertThat(relativeFiles(dest))
        .containsExactly(
            "copy/metrics.csv",
            "copy/plots/deep/er/x.bin",
            "copy/plots/loss.svg",
            "metrics.csv",
            "plots/deep/er/x.bin",
            "plots/loss.svg");

    Path dest2 = Files.createDirectories(tmp.resolve("dest2"));
    Path plots = client.downloadArtifacts(runId, "plots", dest2);
    assertThat(plots).isEqualTo(dest2.resolve("plots").toAbsolutePath());
    assertThat(relativeFiles(dest2)).containsExactly("plots/deep/er/x.bin", "plots/loss.svg");
    Path one = client.downloadArtifacts(runId, "plots/deep/er/x.bin", dest2);
    assertThat(one).hasContent("xyz").isEqualTo(dest2.resolve("plots/deep/er/x.bin"));

    assertThatThrownBy(() -> client.downloadArtifacts(runId, "nope", dest2))
        .extracting(e -> ((MlflowException) e).errorCode())
        .isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
    assertThatThrownBy(() -> client.downloadArtifacts(runId, "plots", tmp.resolve("absent")))
        .extracting(e -> ((MlflowException) e).errorCode())
        .isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
  }

  private static List<String> relativeFiles(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> dir.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }

  @Test
  @DisplayName("logText writes UTF-8 at the normalised path, replacing an earlier file")
  void logText() throws IOException {
    client.logText(runId, "héllo ☃ 😀\nline 2", "notes/a.txt");
    assertThat(Files.readAllBytes(runRoot.resolve("notes/a.txt")))
        .isEqualTo("héllo ☃ 😀\nline 2".getBytes(StandardCharsets.UTF_8));
    client.logText(runId, "second", "notes/./a.txt");
    assertThat(runRoot.resolve("notes/a.txt")).hasContent("second");
    // Python normalises "x/../a.txt" and accepts it; a ".." is refused here wherever it is.
    assertThatThrownBy(() -> client.logText(runId, "x", "notes/x/../a.txt"))
        .hasMessageContaining("Invalid path");
    assertThat(runRoot.resolve("notes/a.txt")).hasContent("second");
    client.logText(runId, "root", "dir/");
    assertThat(runRoot.resolve("dir")).isRegularFile().hasContent("root");
    assertThatThrownBy(() -> client.logText(runId, "x", ""))
        .hasMessageContaining("names no file");
    assertThatThrownBy(() -> client.logText(runId, "x", "a/.."))
        .hasMessageContaining("Invalid path");
    client.logText(runId, "as python", "b/.");
    assertThat(runRoot.resolve("b")).hasContent("as python");
  }

  @Test
  @DisplayName("logDict: JSON unless .yml/.yaml, byte for byte as Python's json.dump / yaml.dump")
  void logDict() throws IOException {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("name", "ridge – α");
    model.put("coefficients", List.of(0.5, -1.25e-7, 3.0));
    model.put("intercept", 2e20);
    model.put("fitted", true);
    model.put("warm_start", null);
    model.put("params", Map.of("alpha", 0.1));
    model.put("tags", Arrays.asList("a", null, false));

    client.logDict(runId, model, "model/coef.json");
    client.logDict(runId, model, "model/coef.yaml");
    client.logDict(runId, model, "model/coef.yml");
    client.logDict(runId, model, "model/coef");
    client.logDict(runId, model, "model/.yaml");
    client.logDict(runId, model, "model/coef.YAML");

    String json =
        """
        {
          "name": "ridge \\u2013 \\u03b1",
          "coefficients": [
            0.5,
            -1.25e-07,
            3.0
          ],
          "intercept": 2e+20,
          "fitted": true,
          "warm_start": null,
          "params": {
            "alpha": 0.1
          },
          "tags": [
            "a",
            null,
            false
          ]
        }"""
            .stripTrailing();
    String yaml =
        """
        coefficients:
        - 0.5
        - -1.25e-07
        - 3.0
        fitted: true
        intercept: 2.0e+20
        name: "ridge \\u2013 \\u03B1"
        params:
          alpha: 0.1
        tags:
        - a
        - null
        - false
        warm_start: null
        """;
    Path dir = runRoot.resolve("model");
    assertThat(Files.readString(dir.resolve("coef.json"))).isEqualTo(json);
    assertThat(Files.readString(dir.resolve("coef.yaml"))).isEqualTo(yaml);
    assertThat(Files.readString(dir.resolve("coef.yml"))).isEqualTo(yaml);
    assertThat(Files.readString(dir.resolve("coef"))).isEqualTo(json);
    assertThat(Files.readString(dir.resolve(".yaml"))).as("no extension").isEqualTo(json);
    assertThat(Files.readString(dir.resolve("coef.YAML"))).as("case-sensitive").isEqualTo(json);
  }

  @Test
  @DisplayName("logDict refuses what YAML cannot hold, and a map containing itself; nothing written")
  void logDictRefusals() {
    assertThatThrownBy(
            () -> client.logDict(runId, Map.of("when", java.time.LocalDate.EPOCH), "d.yaml"))
        .isInstanceOf(MlflowException.class)
        .hasMessageContaining("d.yaml")
        .hasMessageContaining("java.time.LocalDate");
    Map<String, Object> loop = new LinkedHashMap<>();
    loop.put("self", loop);
    assertThatThrownBy(() -> client.logDict(runId, loop, "d.json"))
        .extracting(e -> ((MlflowException) e).errorCode())
        .isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
    assertThat(runRoot).doesNotExist();
    // JSON writes other objects as their string, as default=str.
    client.logDict(runId, Map.of("when", java.time.LocalDate.EPOCH), "d.json");
    assertThat(runRoot.resolve("d.json")).hasContent("{\n  \"when\": \"1970-01-01\"\n}");
  }

  @Test
  @DisplayName("MLFLOW4J_PROGRESS=true draws the progress line; the builder option overrides it")
  void progressSetting() throws IOException {
    Path big = write(tmp.resolve("big.bin"), "x".repeat(100_000));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    AtomicLong clock = new AtomicLong();
    try (MlflowClient on =
        client(Map.of("MLFLOW4J_PROGRESS", "true"))
            .progressOutput(new PrintStream(err, true, StandardCharsets.UTF_8), clock300(clock))
            .build()) {
      String run = on.createRun(on.createExperiment("p", root.toString(), Map.of())).runId();
      on.logArtifact(run, big);
    }
    String out = err.toString(StandardCharsets.UTF_8);
    assertThat(out)
        .startsWith("\rUploading big.bin: 0 B / 97.7 KiB, ")
        .contains("\rUploaded 1 file, 97.7 KiB in ")
        .endsWith("\n");

    for (MlflowClient.Builder off :
        List.of(
            client(Map.of("MLFLOW4J_PROGRESS", "false")),
            client(Map.of("MLFLOW4J_PROGRESS", "true")).transferProgress(false))) {
      ByteArrayOutputStream quiet = new ByteArrayOutputStream();
      try (MlflowClient c =
          off.progressOutput(new PrintStream(quiet, true, StandardCharsets.UTF_8), clock300(clock))
              .build()) {
        String run = c.createRun(c.createExperiment("q", root.toString(), Map.of())).runId();
        c.logArtifact(run, big);
        c.downloadArtifacts(run, "big.bin", Files.createTempDirectory(tmp, "d"));
      }
      assertThat(quiet.size()).isZero();
    }
    assertThatThrownBy(() -> client(Map.of("MLFLOW4J_PROGRESS", "maybe")).build())
        .hasMessageContaining("MLFLOW4J_PROGRESS");
  }

  /** A clock that reads 300 ms later each time, so that every transfer event may draw. */
  private static java.util.function.LongSupplier clock300(AtomicLong clock) {
    return () -> clock.addAndGet(300_000_000L);
  }
}
