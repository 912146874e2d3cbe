package org.mlflow4j.client;

import java.io.InputStream;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.mlflow4j.entity.FileInfo;
import org.mlflow4j.store.ArtifactRepository;
import org.mlflow4j.store.ArtifactRepositoryContext;
import org.mlflow4j.store.ArtifactRepositoryProvider;

/**
 * Creates real {@link LocalArtifactRepository}s and records every context it is given, every
 * primitive call its repositories receive, and every close. Thread-safe.
 */
final class RecordingArtifactProvider implements ArtifactRepositoryProvider {
  final List<ArtifactRepositoryContext> contexts = new CopyOnWriteArrayList<>();
  final List<String> calls = new CopyOnWriteArrayList<>();

  @Override
  public Set<String> schemes() {
    return Set.of("file");
  }

  @Override
  public ArtifactRepository create(ArtifactRepositoryContext context) {
    contexts.add(context);
    LocalArtifactRepository local = new LocalArtifactRepository(context.artifactUri());
    return new ArtifactRepository() {
      @Override
      public String rootUri() {
        return local.rootUri();
      }

      @Override
      public void writeArtifact(String path, InputStream content, OptionalLong size) {
        calls.add("write " + path);
        local.writeArtifact(path, content, size);
      }

      @Override
      public InputStream openArtifact(String path) {
        calls.add("open " + path);
        return local.openArtifact(path);
      }

      @Override
      public List<FileInfo> listArtifacts(String path) {
        calls.add("list " + path);
        return local.listArtifacts(path);
      }

      @Override
      public void deleteArtifacts(String path) {
        calls.add("delete " + path);
        local.deleteArtifacts(path);
      }

      @Override
      public void close() {
        calls.add("close " + rootUri());
      }
    };
  }
}
