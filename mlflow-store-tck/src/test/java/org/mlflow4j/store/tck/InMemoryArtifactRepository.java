package org.mlflow4j.store.tck;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.UnaryOperator;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.FileInfo;
import org.mlflow4j.store.ArtifactRepository;
import org.mlflow4j.store.support.ArtifactTransfers;

/**
 * Artifact files in a map from path to bytes, for running the kit without a disk: directories exist
 * only as the parents of files (so there are no empty directories). Thread-safe.
 */
final class InMemoryArtifactRepository implements ArtifactRepository {
  private final ConcurrentSkipListMap<String, byte[]> files = new ConcurrentSkipListMap<>();
  private final UnaryOperator<String> canonical;

  /** A repository that checks every path as the SPI requires. */
  InMemoryArtifactRepository() {
    this(ArtifactTransfers::safeRelativePath);
  }

  /** A repository that puts the caller's paths in canonical form with the given function. */
  InMemoryArtifactRepository(UnaryOperator<String> canonical) {
    this.canonical = canonical;
  }

  @Override
  public String rootUri() {
    return "memory:/";
  }

  @Override
  public void writeArtifact(String path, InputStream content, OptionalLong size) {
    String relative = canonical.apply(path);
    if (relative.isEmpty()) {
      throw MlflowException.invalidParameter("An artifact file needs a non-empty path");
    }
    byte[] bytes;
    try {
      bytes = content.readAllBytes();
    } catch (IOException e) {
      throw new MlflowException(ErrorCode.INTERNAL_ERROR, "Could not read the content: " + e, e);
    }
    synchronized (files) {
      for (int slash = relative.indexOf('/');
          slash >= 0;
          slash = relative.indexOf('/', slash + 1)) {
        if (files.containsKey(relative.substring(0, slash))) {
          throw MlflowException.invalidParameter("A file is in the way of " + relative);
        }
      }
      String below = files.ceilingKey(relative + "/");
      if (below != null && below.startsWith(relative + "/")) {
        throw MlflowException.invalidParameter("A directory is at " + relative);
      }
      files.put(relative, bytes);
    }
  }

  @Override
  public InputStream openArtifact(String path) {
    String relative = canonical.apply(path);
    byte[] bytes = files.get(relative);
    if (bytes == null) {
      throw MlflowException.notFound("No artifact file at '" + relative + "'");
    }
    return new ByteArrayInputStream(bytes);
  }

  @Override
  public List<FileInfo> listArtifacts(String path) {
    String relative = canonical.apply(path);
    String prefix = relative.isEmpty() ? "" : relative + "/";
    Map<String, FileInfo> children = new TreeMap<>();
    for (Map.Entry<String, byte[]> e : files.tailMap(prefix).entrySet()) {
      if (!e.getKey().startsWith(prefix)) {
        break;
      }
      String rest = e.getKey().substring(prefix.length());
      int slash = rest.indexOf('/');
      if (slash < 0) {
        children.put(
            e.getKey(), new FileInfo(e.getKey(), false, OptionalLong.of(e.getValue().length)));
      } else {
        String dir = prefix + rest.substring(0, slash);
        children.put(dir, new FileInfo(dir, true, OptionalLong.empty()));
      }
    }
    return List.copyOf(children.values());
  }

  @Override
  public void deleteArtifacts(String path) {
    String relative = canonical.apply(path);
    synchronized (files) {
      if (relative.isEmpty()) {
        files.clear();
        return;
      }
      files.remove(relative);
      files.keySet().removeIf(key -> key.startsWith(relative + "/"));
    }
  }
}
