package org.mlflow4j.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.mlflow4j.internal.YamlWriter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * YAML written like PyYAML's safe_dump. The expected documents in pyyaml-scalars.json were produced
 * by PyYAML 6.0.3 ({@code yaml.dump({"k": s}, default_flow_style=False, allow_unicode=True,
 * sort_keys=True, Dumper=SafeDumper)}) for each tricky string.
 */
class YamlWriterTest {

  @TestFactory
  Stream<DynamicTest> writesScalarsLikePyYaml() throws IOException {
    JsonNode cases;
    try (InputStream in = getClass().getResourceAsStream("/pyyaml-scalars.json")) {
      cases = JsonMapper.builder().build().readTree(in);
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : cases) {
      String input = c.get(0).asString();
      String expected = c.get(1).asString();
      tests.add(
          DynamicTest.dynamicTest(
              "scalar " + input.replace("\n", "\\n"),
              () -> {
                String actual =
                    input.startsWith("KEY:")
                        ? YamlWriter.write(Map.of("tags", Map.of(input.substring(4), "v")))
                        : YamlWriter.write(Map.of("k", input));
                assertThat(actual).isEqualTo(expected);
                // Jackson's YAML 1.2 reader folds U+0085 and U+2028 escapes; PyYAML keeps them.
                boolean foldedByJackson = input.contains("\u2028") || input.contains("\u0085");
                if (!input.startsWith("KEY:") && !foldedByJackson) {
                  Map<String, Object> back =
                      YamlReader.read(actual.getBytes(StandardCharsets.UTF_8));
                  assertThat(back).containsEntry("k", input);
                }
              }));
    }
    assertThat(tests).hasSizeGreaterThan(100);
    return tests.stream();
  }

  @Test
  void writesNullsNumbersEmptyCollectionsAndNestedMappingsSorted() {
    Map<String, Object> data = new java.util.HashMap<>();
    data.put("z", null);
    data.put("b", 12L);
    data.put("a", List.of());
    data.put("m", Map.of());
    data.put("tags", Map.of("mlflow.data.context", "training", "b", "'x'"));
    assertThat(YamlWriter.write(data))
        .isEqualTo(
            "a: []\nb: 12\nm: {}\ntags:\n  b: '''x'''\n  mlflow.data.context: training\nz: null\n");
  }

  /** Every meta.yaml MLflow wrote into the fixture, parsed and written again, is byte-identical. */
  @TestFactory
  Stream<DynamicTest> reserialisesEveryFixtureMetaYamlIdentically() throws IOException {
    Path root = Fixtures.original();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(p -> p.getFileName().toString().equals("meta.yaml")).sorted().toList();
    }
    assertThat(files).hasSize(8);
    return files.stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    root.relativize(file).toString(),
                    () -> {
                      String original = Files.readString(file, StandardCharsets.UTF_8);
                      Map<String, Object> parsed =
                          YamlReader.read(original.getBytes(StandardCharsets.UTF_8));
                      assertThat(YamlWriter.write(reserialised(file, root, parsed)))
                          .isEqualTo(original);
                    }));
  }

  private static Map<String, Object> reserialised(Path file, Path root, Map<String, Object> m) {
    Path rel = root.relativize(file);
    String parent = rel.getParent().getFileName().toString();
    if (rel.toString().contains("/datasets/")) {
      return MetaFiles.dataset(MetaFiles.dataset(m));
    }
    if (rel.toString().contains("/inputs/")) {
      return MetaFiles.datasetInput(MetaFiles.text(m.get("source_id")), MetaFiles.inputTags(m));
    }
    if (m.containsKey("run_id")) {
      return MetaFiles.run(MetaFiles.run(m), MetaFiles.deletedTime(m));
    }
    assertThat(parent).isEqualTo(MetaFiles.experiment(m).experimentId());
    return MetaFiles.experiment(MetaFiles.experiment(m), m.containsKey("tags"));
  }
}
