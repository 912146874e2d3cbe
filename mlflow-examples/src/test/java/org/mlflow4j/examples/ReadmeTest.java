package org.mlflow4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Keeps the README honest: its snippets are the compiled ones, its quick start has two commands. */
class ReadmeTest {
  private static final Path README = Path.of("..", "README.md");
  private static final Path SOURCES = Path.of("src", "main", "java", "org", "mlflow4j", "examples");

  @ParameterizedTest
  @ValueSource(strings = {"TrainingLoopSnippet.java", "ArtifactsSnippet.java"})
  void readmeShowsTheSnippetExactlyAsItCompiles(String file) throws IOException {
    List<String> source = Files.readAllLines(SOURCES.resolve(file));
    int start = source.indexOf("    // snippet:start");
    int end = source.indexOf("    // snippet:end");
    assertThat(start).isNotNegative();
    assertThat(end).isGreaterThan(start);
    String snippet =
        source.subList(start + 1, end).stream()
            .map(line -> line.startsWith("    ") ? line.substring(4) : line)
            .collect(Collectors.joining("\n"));

    assertThat(Files.readString(README)).contains(snippet);
  }

  @Test
  void quickStartHasExactlyTwoCommandsRunThenTest() throws IOException {
    String readme = Files.readString(README);
    int section = readme.indexOf("## Quick start");
    assertThat(section).isNotNegative();
    int open = readme.indexOf("```shell\n", section);
    int close = readme.indexOf("```", open + 9);
    List<String> commands =
        Arrays.stream(readme.substring(open + 9, close).split("\n"))
            .map(String::strip)
            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
            .collect(Collectors.toList());

    assertThat(commands).hasSize(2);
    assertThat(commands.get(0)).contains("mlflow-examples").contains("exec:java");
    assertThat(commands.get(1)).isEqualTo("mvn verify");
  }
}
