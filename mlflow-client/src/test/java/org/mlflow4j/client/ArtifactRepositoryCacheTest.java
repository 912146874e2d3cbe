package org.mlflow4j.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow4j.entity.FileInfo;
import org.mlflow4j.store.ArtifactRepository;
import org.mlflow4j.store.ArtifactRepositoryContext;
import org.mlflow4j.store.ArtifactRepositoryProvider;
import org.mlflow4j.store.tck.ForwardingArtifactRepository;
import org.mlflow4j.store.tck.InMemoryTrackingStore;

/**
 * Every run has its own artifact root, so the client's repository cache is bounded: repositories
 * pushed out are closed, but never under a call that still uses them.
 */
class ArtifactRepositoryCacheTest {
  @TempDir Path tmp;
  private final List<Tracked> created = new ArrayList<>();
  private volatile CountDownLatch blockWrites = new CountDownLatch(0);
  private final CountDownLatch writeStarted = new CountDownLatch(1);
  private MlflowClient client;
  private String experimentId;

  /** A local repository that records whether it was closed, and can hold a write. */
  private final class Tracked extends ForwardingArtifactRepository {
    volatile boolean closed;

    Tracked(ArtifactRepository delegate) {
      super(delegate);
    }

    @Override
    public void writeArtifact(String path, InputStream content, OptionalLong size) {
      CountDownLatch gate = blockWrites; // read before announcing the write
      writeStarted.countDown();
      try {
        assertThat(gate.await(30, TimeUnit.SECONDS)).isTrue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      assertThat(closed).as("written after close").isFalse();
      super.writeArtifact(path, content, size);
    }

    @Override
    public List<FileInfo> listArtifacts(String path) {
      assertThat(closed).as("listed after close").isFalse();
      return super.listArtifacts(path);
    }

    @Override
    public void close() {
      closed = true;
      super.close();
    }
  }

  @BeforeEach
  void setUp() {
    ArtifactRepositoryProvider provider =
        new ArtifactRepositoryProvider() {
          @Override
          public Set<String> schemes() {
            return Set.of("file");
          }

          @Override
          public ArtifactRepository create(ArtifactRepositoryContext context) {
            Tracked repository = new Tracked(new LocalArtifactRepository(context.artifactUri()));
            synchronized (created) {
              created.add(repository);
            }
            return repository;
          }
        };
    client =
        MlflowClient.builder()
            .store(new InMemoryTrackingStore())
            .artifactRepositoryProvider(provider)
            .environment(Map.of())
            .systemProperties(Map.of())
            .asyncShutdownHook(false)
            .transferProgress(false)
            .build();
    experimentId = client.createExperiment("e", tmp.resolve("artifacts").toString(), Map.of());
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  private long closedCount() {
    synchronized (created) {
      return created.stream().filter(r -> r.closed).count();
    }
  }

  @Test
  void keepsTheMostRecentlyUsedRepositoriesAndClosesTheRest() {
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String runId = client.createRun(experimentId).runId();
      runs.add(runId);
      client.logText(runId, "run " + i, "note.txt");
    }
    assertThat(created).hasSize(40);
    assertThat(closedCount()).isEqualTo(8);
    assertThat(created.subList(0, 8)).allMatch(r -> r.closed);

    // A cached run reuses its repository; an evicted one gets a new one that works.
    client.logText(runs.get(39), "again", "note.txt");
    assertThat(created).hasSize(40);
    assertThat(client.listArtifacts(runs.get(0))).singleElement().extracting(f -> f.path())
        .isEqualTo("note.txt");
    assertThat(created).hasSize(41);

    client.close();
    assertThat(created).allMatch(r -> r.closed);
  }

  @Test
  void aRepositoryPushedOutDuringACallIsClosedOnlyAfterIt() throws Exception {
    String busyRun = client.createRun(experimentId).runId();
    blockWrites = new CountDownLatch(1);
    CompletableFuture<Void> busy =
        CompletableFuture.runAsync(() -> client.logText(busyRun, "slow", "busy.txt"));
    assertThat(writeStarted.await(30, TimeUnit.SECONDS)).isTrue();
    Tracked busyRepository = created.get(0);

    // Push it out of the cache while its write is held; later writes need no hold.
    CountDownLatch held = blockWrites;
    blockWrites = new CountDownLatch(0);
    for (int i = 0; i < 40; i++) {
      client.logText(client.createRun(experimentId).runId(), "x", "x.txt");
    }
    assertThat(busyRepository.closed).as("closed under a running call").isFalse();

    held.countDown();
    busy.get(30, TimeUnit.SECONDS);
    assertThat(busyRepository.closed).as("closed once the call ended").isTrue();
    Path stored =
        tmp.resolve("artifacts").resolve(busyRun).resolve("artifacts").resolve("busy.txt");
    assertThat(Files.readString(stored)).isEqualTo("slow");
  }
}
