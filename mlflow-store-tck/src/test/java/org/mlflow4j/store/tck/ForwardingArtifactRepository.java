package org.mlflow4j.store.tck;

import java.io.InputStream;
import java.util.List;
import java.util.OptionalLong;
import org.mlflow4j.entity.FileInfo;
import org.mlflow4j.store.ArtifactRepository;

/** Passes every primitive to a delegate: the base of the deliberately broken repositories. */
class ForwardingArtifactRepository implements ArtifactRepository {
  protected final ArtifactRepository delegate;

  ForwardingArtifactRepository(ArtifactRepository delegate) {
    this.delegate = delegate;
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
}
