package org.mlflow4j.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Run in a child JVM by {@link ShutdownHookTest}: queues metrics through a slow store and returns
 * from main without closing the client, so only the shutdown hook can store them.
 */
public final class ExitFlushMain {
  private ExitFlushMain() {}

  /** Args: the file to append one line per stored metric to, and how many to log. */
  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    int count = Integer.parseInt(args[1]);
    InMemoryStore store = new InMemoryStore();
    store.beforeLogBatch =
        call -> {
          try {
            Thread.sleep(20);
            StringBuilder lines = new StringBuilder();
            call.metrics().forEach(m -> lines.append(m.step()).append('\n'));
            Files.writeString(
                out, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    MlflowClient client =
        MlflowClient.builder().store(store).environment(Map.of()).asyncQueueCapacity(50).build();
    String runId = client.createRun("0").runId();
    AsyncRunLogger logger = client.asyncLogger();
    for (int i = 0; i < count; i++) {
      logger.logMetric(runId, "m", i, 1L, i);
    }
    // no close(): the JVM exits with items still queued
  }
}
