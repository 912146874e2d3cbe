package org.mlflow4j.client;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.mlflow4j.store.ArtifactRepository;
import org.mlflow4j.store.ArtifactRepositoryContext;
import org.mlflow4j.store.ArtifactRepositoryProvider;

/** Artifact providers that tests register through a services file; they record their contexts. */
public final class FakeArtifactProviders {
  static final List<String> CREATED = new CopyOnWriteArrayList<>();
  static final List<ArtifactRepositoryContext> CONTEXTS = new CopyOnWriteArrayList<>();
  /** Makes the repositories of {@link OtherFile}; its calls list records their closing. */
  static volatile RecordingArtifactProvider recorder = new RecordingArtifactProvider();

  private FakeArtifactProviders() {}

  static void reset() {
    CREATED.clear();
    CONTEXTS.clear();
    recorder = new RecordingArtifactProvider();
  }

  /** Serves file with a local repository it records. */
  public static final class OtherFile implements ArtifactRepositoryProvider {
    /** Constructor. */
    public OtherFile() {}

    @Override
    public Set<String> schemes() {
      return Set.of("file");
    }

    @Override
    public ArtifactRepository create(ArtifactRepositoryContext context) {
      CREATED.add(getClass().getName());
      CONTEXTS.add(context);
      return recorder.create(context);
    }

    @Override
    public String artifact() {
      return "com.example:other-file";
    }
  }

  /** Its constructor throws, as a provider whose jar is broken. */
  public static final class Throwing implements ArtifactRepositoryProvider {
    /** Constructor. */
    public Throwing() {
      throw new IllegalStateException("broken");
    }

    @Override
    public Set<String> schemes() {
      return Set.of("file");
    }

    @Override
    public ArtifactRepository create(ArtifactRepositoryContext context) {
      throw new AssertionError();
    }
  }
}
