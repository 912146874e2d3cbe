package org.mlflow4j.store.tck;

import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import org.mlflow4j.entity.FileInfo;
import org.mlflow4j.store.ArtifactRepository;

/**
 * Passes every primitive, and {@link #close()}, to a delegate: a base for test repositories that
 * change one behaviour (fail, count, wait) of another. The transfers (the default methods) run
 * here, on these primitives, so an overridden primitive applies to them too.
 */
public class ForwardingArtifactRepository implements ArtifactRepository {
  /** The repository every call goes to. */
  protected final ArtifactRepository delegate;

  /** Forwards to {@code delegate}. */
  public ForwardingArtifactRepository(ArtifactRepository delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public String rootUri() {
    return delegate.rootUri();
  }

  @Override
  public void writeArtifact(String path, InputStream content, OptionalLong size) {
    delegate.writeArtifact(path, content, size);
  }

  @Override
  public InputStream openArtifact(String path) {
    return delegate.openArtifact(path);
  }

  @Override
  public List<FileInfo> listArtifacts(String path) {
    return delegate.listArtifacts(path);
  }

  @Override
  public void deleteArtifacts(String path) {
    delegate.deleteArtifacts(path);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
