package org.mlflow4j.server;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.FileInfo;
import org.mlflow4j.rest.protocol.ListArtifactsResponse;
import org.mlflow4j.store.ArtifactRepository;
import org.mlflow4j.store.TrackingUris;
import org.mlflow4j.store.support.ArtifactTransfers;

/**
 * The artifact side of the server without HTTP: the proxy operations on the artifacts destination
 * ({@code mlflow-artifacts} routes, paths relative to the destination), and the run-level ones
 * ({@code artifacts/list}, {@code get-artifact}, {@code upload-artifact}, paths relative to a
 * run's artifact root), which read the destination when the run's root is proxied and serving is
 * on, else the repository discovery finds for the run's root, as MLflow's handlers do.
 *
 * <p>Every path is checked here ({@code ArtifactTransfers.safeRelativePath}) before a repository
 * sees it, whoever wrote the repository; a local one checks again that the canonical path stays
 * under its root. Thread-safe.
 */
final class ArtifactService {
  /** Where an {@code http(s)} proxied root's destination path starts (MLflow's route anchor). */
  static final String HTTP_ROUTE_ANCHOR = "/api/2.0/mlflow-artifacts/artifacts/";

  private final Optional<ArtifactRepository> destination;
  private final Function<String, ArtifactRepository> repositories;

  /**
   * @param destination the artifacts destination when the server serves artifacts; empty with
   *     {@code --no-serve-artifacts}
   * @param repositories opens a new repository for a run's artifact root that is not proxied;
   *     closed after each use
   */
  ArtifactService(
      Optional<ArtifactRepository> destination,
      Function<String, ArtifactRepository> repositories) {
    this.destination = Objects.requireNonNull(destination, "destination");
    this.repositories = Objects.requireNonNull(repositories, "repositories");
  }

  /** Whether the proxy routes are served. */
  boolean servesArtifacts() {
    return destination.isPresent();
  }

  // ---- the proxy (paths relative to the artifacts destination)

  /** Stores the streamed content as the file at {@code path}. */
  void upload(String path, InputStream content, OptionalLong size) {
    destination().writeArtifact(nonEmpty(path), content, size);
  }

  /** Opens the file at {@code path}; RESOURCE_DOES_NOT_EXIST if there is none. */
  InputStream download(String path) {
    return destination().openArtifact(nonEmpty(path));
  }

  /** The direct children of {@code path} as MLflow's proxy lists them: basenames only. */
  ListArtifactsResponse list(String path) {
    List<FileInfo> files = new ArrayList<>();
    for (FileInfo f : destination().listArtifacts(ArtifactTransfers.safeRelativePath(path))) {
      files.add(wire(new FileInfo(basename(f.path()), f.isDir(), f.fileSize())));
    }
    return new ListArtifactsResponse(Optional.empty(), files, Optional.empty());
  }

  /** Deletes the file or directory tree at {@code path}; the destination root itself never. */
  void delete(String path) {
    destination().deleteArtifacts(nonEmpty(path));
  }

  // ---- a run's artifacts (paths relative to the run's artifact root)

  /**
   * One level of a run's artifacts for {@code artifacts/list}: paths relative to the run's root;
   * a file or a missing path lists as no files.
   */
  ListArtifactsResponse listRun(String artifactUri, String path) {
    String relative = ArtifactTransfers.safeRelativePath(path);
    List<FileInfo> files = new ArrayList<>();
    try (RunLocation location = locate(artifactUri)) {
      for (FileInfo f : location.repository().listArtifacts(location.path(relative))) {
        files.add(
            wire(
                new FileInfo(
                    ArtifactTransfers.join(relative, basename(f.path())),
                    f.isDir(),
                    f.fileSize())));
      }
    }
    return new ListArtifactsResponse(Optional.of(artifactUri), files, Optional.empty());
  }

  /**
   * Opens a run's artifact file for {@code get-artifact}; closing the stream also closes the
   * repository opened for it.
   */
  InputStream downloadRun(String artifactUri, String path) {
    String relative = nonEmpty(path);
    RunLocation location = locate(artifactUri);
    InputStream in;
    try {
      in = location.repository().openArtifact(location.path(relative));
    } catch (RuntimeException e) {
      location.close();
      throw e;
    }
    return new FilterInputStream(in) {
      @Override
      public void close() throws IOException {
        try (location) {
          super.close();
        }
      }
    };
  }

  /** Stores a file in a run's artifacts for {@code upload-artifact}. */
  void uploadRun(String artifactUri, String path, InputStream content, OptionalLong size) {
    String relative = nonEmpty(path);
    try (RunLocation location = locate(artifactUri)) {
      location.repository().writeArtifact(location.path(relative), content, size);
    }
  }

  /**
   * A repository and the path of the run's root inside it. Closing closes the repository if it
   * was opened for this request (never the destination, which is the server's).
   */
  private record RunLocation(ArtifactRepository repository, String prefix, boolean owned)
      implements AutoCloseable {
    String path(String relative) {
      return prefix.isEmpty() ? relative : ArtifactTransfers.join(prefix, relative);
    }

    @Override
    public void close() {
      if (owned) {
        repository.close();
      }
    }
  }

  private RunLocation locate(String artifactUri) {
    Optional<String> proxied = proxiedPath(artifactUri);
    if (proxied.isPresent() && destination.isPresent()) {
      return new RunLocation(destination.get(), proxied.get(), false);
    }
    // Any other root (local, s3:, a proxied one while not serving...) as a client would open it.
    return new RunLocation(repositories.apply(artifactUri), "", true);
  }

  /**
   * The destination path of a proxied artifact root, as MLflow resolves it: the path of an {@code
   * mlflow-artifacts:} URI, or what follows the route anchor in an {@code http(s)} URL; empty for
   * any other root.
   */
  static Optional<String> proxiedPath(String artifactUri) {
    String scheme = TrackingUris.scheme(artifactUri);
    String rest = artifactUri.substring(Math.min(artifactUri.length(), scheme.length() + 1));
    switch (scheme) {
      case "mlflow-artifacts":
        {
          if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            rest = slash < 0 ? "" : rest.substring(slash);
          }
          return Optional.of(stripSlashes(pathOnly(rest)));
        }
      case "http":
      case "https":
        {
          String path = pathOnly(rest);
          int anchor = path.indexOf(HTTP_ROUTE_ANCHOR);
          if (anchor < 0) {
            throw new MlflowException(
                ErrorCode.INVALID_STATE,
                "The run's artifact root '"
                    + artifactUri
                    + "' is not an artifact route of a tracking server (no '"
                    + HTTP_ROUTE_ANCHOR
                    + "' in it)");
          }
          return Optional.of(stripSlashes(path.substring(anchor + HTTP_ROUTE_ANCHOR.length())));
        }
      default:
        return Optional.empty();
    }
  }

  private static String pathOnly(String rest) {
    int cut = rest.length();
    for (char c : new char[] {'?', '#'}) {
      int i = rest.indexOf(c);
      if (i >= 0 && i < cut) {
        cut = i;
      }
    }
    return rest.substring(0, cut);
  }

  private static String stripSlashes(String path) {
    int start = 0;
    while (start < path.length() && path.charAt(start) == '/') {
      start++;
    }
    return path.substring(start);
  }

  private ArtifactRepository destination() {
    return destination.orElseThrow(
        () -> new IllegalStateException("the server does not serve artifacts"));
  }

  /** A checked, non-empty path: an operation on one file never addresses the root. */
  private static String nonEmpty(String path) {
    String relative = ArtifactTransfers.safeRelativePath(path);
    if (relative.isEmpty()) {
      throw MlflowException.invalidParameter("Invalid path: the artifact path must not be empty");
    }
    return relative;
  }

  private static String basename(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** MLflow leaves {@code file_size} unset for empty files (proto default), so it is omitted. */
  private static FileInfo wire(FileInfo f) {
    if (f.fileSize().isPresent() && f.fileSize().getAsLong() == 0) {
      return new FileInfo(f.path(), f.isDir(), OptionalLong.empty());
    }
    return f;
  }
}
