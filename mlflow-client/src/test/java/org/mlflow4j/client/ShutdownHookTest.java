package org.mlflow4j.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShutdownHookTest {
  @TempDir Path dir;

  @Test
  @DisplayName("what is still queued when the JVM exits is stored by the shutdown hook")
  void flushAtExit() throws Exception {
    Path out = dir.resolve("stored.txt");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ExitFlushMain.class.getName(),
                out.toString(),
                "120")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("child.log").toFile())
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(Files.readString(dir.resolve("child.log"))).isZero();
    List<String> lines = Files.readAllLines(out);
    assertThat(lines)
        .containsExactlyElementsOf(IntStream.range(0, 120).mapToObj(String::valueOf).toList());
  }
}
