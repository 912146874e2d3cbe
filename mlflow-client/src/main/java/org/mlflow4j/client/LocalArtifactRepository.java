package org.mlflow4j.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.FileInfo;
import org.mlflow4j.store.ArtifactRepository;
import org.mlflow4j.store.support.ArtifactTransfers;
import org.mlflow4j.store.support.FileUris;
import org.mlflow4j.store.support.TransferListener;

/**
 * Artifacts in a local directory (MLflow's {@code LocalArtifactRepository}): the repository for
 * plain paths and {@code file:} URIs. Files are written as they are, with nothing beside them, so
 * MLflow reads them; each write goes to a temporary file in the target directory first and is
 * renamed into place, so a failed write leaves no partial file.
 *
 * <p>Besides the path checks every repository makes, each resolved path is checked to stay under
 * the root after symbolic links are followed, so a link inside the root cannot lead outside it.
 * Thread-safe.
 */
public final class LocalArtifactRepository implements ArtifactRepository {
  private final String rootUri;
  private final Path root;

  /**
   * A repository for a plain path or a {@code file:} URI; a relative one is resolved against the
   * working directory. The directory need not exist yet.
   *
   * @throws MlflowException {@code INVALID_PARAMETER_VALUE} for a {@code file:} URI naming a
   *     remote host
   */
  public LocalArtifactRepository(String rootUri) {
    this.rootUri = Objects.requireNonNull(rootUri, "rootUri");
    this.root = FileUris.toPath(rootUri).toAbsolutePath().normalize();
  }

  /** A repository for a local directory. */
  public static LocalArtifactRepository of(Path root) {
    return new LocalArtifactRepository(root.toAbsolutePath().normalize().toString());
  }

  /** The local directory of the root. */
  public Path rootDirectory() {
    return root;
  }

  @Override
  public String rootUri() {
    return rootUri;
  }

  @Override
  public void writeArtifact(String path, InputStream content, OptionalLong size) {
    store(path, temp -> Files.copy(content, temp, StandardCopyOption.REPLACE_EXISTING));
  }

  /** Copies file to file, which the JDK hands to the kernel: about 3× a stream copy. */
  @Override
  public void writeArtifactFile(String path, Path localFile, TransferListener listener) {
    store(path, temp -> listener.bytesTransferred(
        Files.size(Files.copy(localFile, temp, StandardCopyOption.REPLACE_EXISTING))));
  }

  /** Fills a file in a temporary name beside the target, then renames it into place. */
  private interface Filler {
    void fill(Path temp) throws IOException;
  }

  private void store(String path, Filler filler) {
    String relative = ArtifactTransfers.safeRelativePath(path);
    if (relative.isEmpty()) {
      throw MlflowException.invalidParameter("An artifact file needs a non-empty path");
    }
    Path target = resolve(relative);
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw MlflowException.invalidParameter(
          "Cannot write the artifact file '" + relative + "': a directory of that name exists");
    }
    Path parent = target.getParent();
    createDirectories(parent, relative);
    checkInsideRoot(parent, relative);
    Path temp = null;
    try {
      temp = Files.createTempFile(parent, ".upload-", ".tmp");
      filler.fill(temp);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      temp = null;
    } catch (IOException e) {
      throw new MlflowException(
          ErrorCode.INTERNAL_ERROR, "Could not write the artifact '" + relative + "': " + e, e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // The write already failed; that error is the one to report.
        }
      }
    }
  }

  @Override
  public InputStream openArtifact(String path) {
    String relative = ArtifactTransfers.safeRelativePath(path);
    Path file = existingFile(relative);
    try {
      return Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw MlflowException.notFound("No artifact file at '" + relative + "' in " + rootUri);
    } catch (IOException e) {
      throw new MlflowException(
          ErrorCode.INTERNAL_ERROR, "Could not read the artifact '" + relative + "': " + e, e);
    }
  }

  /** Copies file to file, which the JDK hands to the kernel: about 3× a stream copy. */
  @Override
  public void readArtifactFile(String path, Path localFile, TransferListener listener) {
    String relative = ArtifactTransfers.safeRelativePath(path);
    Path file = existingFile(relative);
    try {
      Files.copy(file, localFile, StandardCopyOption.REPLACE_EXISTING);
      listener.bytesTransferred(Files.size(localFile));
    } catch (NoSuchFileException e) {
      throw MlflowException.notFound("No artifact file at '" + relative + "' in " + rootUri);
    } catch (IOException e) {
      throw new MlflowException(
          ErrorCode.INTERNAL_ERROR, "Could not read the artifact '" + relative + "': " + e, e);
    }
  }

  /** The local file of a checked relative path; RESOURCE_DOES_NOT_EXIST unless a regular file. */
  private Path existingFile(String relative) {
    Path file = resolve(relative);
    if (relative.isEmpty() || !Files.isRegularFile(file)) {
      throw MlflowException.notFound("No artifact file at '" + relative + "' in " + rootUri);
    }
    checkInsideRoot(file, relative);
    return file;
  }

  @Override
  public List<FileInfo> listArtifacts(String path) {
    String relative = ArtifactTransfers.safeRelativePath(path);
    Path dir = resolve(relative);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    checkInsideRoot(dir, relative);
    List<FileInfo> files = new ArrayList<>();
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        String name = entry.getFileName().toString();
        String entryPath = ArtifactTransfers.join(relative, name);
        BasicFileAttributes attributes;
        try {
          attributes = Files.readAttributes(entry, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
          continue; // removed meanwhile, or a dangling link
        }
        if (attributes.isDirectory()) {
          files.add(new FileInfo(entryPath, true, OptionalLong.empty()));
        } else if (!isTemporary(name)) {
          files.add(new FileInfo(entryPath, false, OptionalLong.of(attributes.size())));
        }
      }
    } catch (NotDirectoryException | NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new MlflowException(
          ErrorCode.INTERNAL_ERROR, "Could not list the artifacts at '" + relative + "': " + e, e);
    }
    files.sort(Comparator.comparing(FileInfo::path));
    return List.copyOf(files);
  }

  @Override
  public void deleteArtifacts(String path) {
    String relative = ArtifactTransfers.safeRelativePath(path);
    Path target = resolve(relative);
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    // The parent is checked, not the target: a link is deleted itself, never what it points to.
    // The root has no parent inside itself, so it is checked as it is.
    checkInsideRoot(relative.isEmpty() ? target : target.getParent(), relative);
    try (Stream<Path> walk = Files.walk(target)) {
      // Deepest first; Files.walk does not follow links, so a link is removed, not its target.
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (DirectoryNotEmptyException e) {
      throw new MlflowException(
          ErrorCode.INTERNAL_ERROR,
          "Could not delete the artifacts at '" + relative + "': written to meanwhile",
          e);
    } catch (IOException | RuntimeException e) {
      throw new MlflowException(
          ErrorCode.INTERNAL_ERROR, "Could not delete the artifacts at '" + relative + "': " + e, e);
    }
  }

  /** The local path of a checked relative path; lexically under the root by construction. */
  private Path resolve(String relative) {
    Path p = relative.isEmpty() ? root : root.resolve(relative).normalize();
    if (!p.startsWith(root)) {
      throw MlflowException.invalidParameter("Invalid path: '" + relative + "'");
    }
    return p;
  }

  /**
   * Refuses a path that leaves the root once symbolic links are followed: its deepest existing
   * ancestor, made canonical, must lie under the canonical root.
   */
  private void checkInsideRoot(Path path, String relative) {
    try {
      Path realRoot = root.toRealPath();
      Path existing = path;
      while (existing != null && !Files.exists(existing)) {
        existing = existing.getParent();
      }
      if (existing == null || !existing.toRealPath().startsWith(realRoot)) {
        throw MlflowException.invalidParameter(
            "Invalid path: '" + relative + "' leads outside the artifact root");
      }
    } catch (NoSuchFileException e) {
      // The root itself does not exist yet: nothing below it can lead elsewhere.
    } catch (IOException e) {
      throw new MlflowException(
          ErrorCode.INTERNAL_ERROR, "Could not resolve the artifact path '" + relative + "': " + e, e);
    }
  }

  private void createDirectories(Path dir, String relative) {
    try {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException | NotDirectoryException e) {
      throw MlflowException.invalidParameter(
          "Cannot write the artifact '" + relative + "': a file is in the way of its directory");
    } catch (AccessDeniedException e) {
      throw new MlflowException(
          ErrorCode.PERMISSION_DENIED, "Cannot write the artifact '" + relative + "': " + e, e);
    } catch (IOException e) {
      throw new MlflowException(
          ErrorCode.INTERNAL_ERROR, "Cannot write the artifact '" + relative + "': " + e, e);
    }
  }

  private static boolean isTemporary(String name) {
    return name.startsWith(".upload-") && name.endsWith(".tmp");
  }

  @Override
  public String toString() {
    return "LocalArtifactRepository[" + rootUri + "]";
  }
}
