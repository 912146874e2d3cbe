package org.mlflow4j.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.FileInfo;
import org.mlflow4j.store.ArtifactRepository;
import org.mlflow4j.store.ArtifactRepositoryContext;
import org.mlflow4j.store.ArtifactRepositoryProvider;
import org.mlflow4j.store.support.ArtifactTransfers;

/**
 * Serves {@code memart:} URIs (registered in this module's test services file) with repositories
 * over one shared in-memory map, keyed by {@code <root uri>/<path>}, so a file written under a
 * destination is seen under a run root inside it. Records every context, open and close.
 */
public final class MemoryArtifactProvider implements ArtifactRepositoryProvider {
  static final String SCHEME = "memart";
  /** Every stored file by {@code <root uri>/<path>}, sorted. */
  static final ConcurrentSkipListMap<String, byte[]> FILES = new ConcurrentSkipListMap<>();
  static final List<ArtifactRepositoryContext> CONTEXTS = new CopyOnWriteArrayList<>();
  /** {@code open <root>} and {@code close <root>}, in order. */
  static final List<String> EVENTS = new CopyOnWriteArrayList<>();

  static void reset() {
    FILES.clear();
    CONTEXTS.clear();
    EVENTS.clear();
  }

  /** How often a repository of the root was opened, and closed. */
  static long count(String event, String root) {
    return EVENTS.stream().filter(e -> e.equals(event + " " + root)).count();
  }

  @Override
  public Set<String> schemes() {
    return Set.of(SCHEME);
  }

  @Override
  public ArtifactRepository create(ArtifactRepositoryContext context) {
    CONTEXTS.add(context);
    EVENTS.add("open " + context.artifactUri());
    return new Repository(context.artifactUri());
  }

  @Override
  public String artifact() {
    return "org.mlflow4j:mlflow-server (tests)";
  }

  private static final class Repository implements ArtifactRepository {
    private final String rootUri;
    private final String prefix;

    Repository(String rootUri) {
      this.rootUri = rootUri;
      this.prefix = rootUri.endsWith("/") ? rootUri : rootUri + "/";
    }

    @Override
    public String rootUri() {
      return rootUri;
    }

    @Override
    public void writeArtifact(String path, InputStream content, OptionalLong size) {
      String key = prefix + file(path);
      try {
        FILES.put(key, content.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public InputStream openArtifact(String path) {
      byte[] data = FILES.get(prefix + file(path));
      if (data == null) {
        throw MlflowException.notFound("No artifact file at '" + path + "' in " + rootUri);
      }
      return new ByteArrayInputStream(data);
    }

    @Override
    public List<FileInfo> listArtifacts(String path) {
      String dir = ArtifactTransfers.safeRelativePath(path);
      String under = dir.isEmpty() ? prefix : prefix + dir + "/";
      Map<String, FileInfo> children = new TreeMap<>();
      for (Map.Entry<String, byte[]> e : FILES.tailMap(under).entrySet()) {
        if (!e.getKey().startsWith(under)) {
          break;
        }
        String rest = e.getKey().substring(under.length());
        int slash = rest.indexOf('/');
        String name = slash < 0 ? rest : rest.substring(0, slash);
        children.put(
            name,
            new FileInfo(
                ArtifactTransfers.join(dir, name),
                slash >= 0,
                slash < 0 ? OptionalLong.of(e.getValue().length) : OptionalLong.empty()));
      }
      return new ArrayList<>(children.values());
    }

    @Override
    public void deleteArtifacts(String path) {
      String relative = ArtifactTransfers.safeRelativePath(path);
      String file = prefix + relative;
      String under = relative.isEmpty() ? prefix : file + "/";
      FILES.keySet().removeIf(k -> k.equals(file) || k.startsWith(under));
    }

    @Override
    public void close() {
      EVENTS.add("close " + rootUri);
    }

    private static String file(String path) {
      String relative = ArtifactTransfers.safeRelativePath(path);
      if (relative.isEmpty()) {
        throw MlflowException.invalidParameter("An artifact file needs a non-empty path");
      }
      return relative;
    }
  }
}
