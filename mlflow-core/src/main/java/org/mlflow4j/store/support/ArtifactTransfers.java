package org.mlflow4j.store.support;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.FileInfo;
import org.mlflow4j.store.ArtifactRepository;

/**
 * The file and directory transfers of {@link ArtifactRepository}, built on its primitives: what
 * its default methods do, for repositories and clients to reuse. Also the one place where a
 * relative artifact path is checked and put in canonical form.
 *
 * <p>Stateless and thread-safe.
 */
public final class ArtifactTransfers {
  private ArtifactTransfers() {}

  /**
   * Checks a caller's artifact path with {@link Validation#validatePathIsSafe} and returns it in
   * canonical form: no empty or {@code .} segments, no leading or trailing slash ({@code "a//b/"}
   * becomes {@code "a/b"}, {@code "."} and {@code ""} the root {@code ""}).
   *
   * @throws MlflowException {@code INVALID_PARAMETER_VALUE} "Invalid path" for an unsafe path
   */
  public static String safeRelativePath(String path) {
    Validation.validatePathIsSafe(path);
    StringBuilder out = new StringBuilder(path.length());
    for (String segment : path.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (out.length() > 0) {
        out.append('/');
      }
      out.append(segment);
    }
    return out.toString();
  }

  /** Joins a relative directory path (empty for the root) and a name with one slash. */
  public static String join(String directory, String name) {
    if (directory.isEmpty()) {
      return name;
    }
    return directory.endsWith("/") ? directory + name : directory + "/" + name;
  }

  /** What {@link ArtifactRepository#logArtifact} does by default. */
  public static void logArtifact(
      ArtifactRepository repository, Path localFile, String artifactPath, TransferListener listener) {
    Validation.validateArtifactPath(artifactPath);
    if (!Files.isRegularFile(localFile)) {
      throw MlflowException.invalidParameter(
          "Cannot log artifact " + Validation.quote(localFile.toString()) + ": not a file");
    }
    String name = localFile.getFileName().toString();
    upload(repository, localFile, join(safeRelativePath(artifactPath), name), listener);
  }

  /** What {@link ArtifactRepository#logArtifacts} does by default. */
  public static void logArtifacts(
      ArtifactRepository repository, Path localDir, String artifactPath, TransferListener listener) {
    Validation.validateArtifactPath(artifactPath);
    if (!Files.isDirectory(localDir)) {
      throw MlflowException.invalidParameter(
          "Cannot log artifacts of " + Validation.quote(localDir.toString()) + ": not a directory");
    }
    String base = safeRelativePath(artifactPath);
    List<Path> files;
    try (Stream<Path> walk = Files.walk(localDir)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException | UncheckedIOException e) {
      throw new MlflowException(
          ErrorCode.INTERNAL_ERROR, "Could not read the directory " + localDir + ": " + e, e);
    }
    // Check every target before the first upload, so a bad file name stores nothing.
    List<String> targets = new ArrayList<>(files.size());
    for (Path file : files) {
      String relative = localDir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
      targets.add(safeRelativePath(join(base, relative)));
    }
    for (int i = 0; i < files.size(); i++) {
      upload(repository, files.get(i), targets.get(i), listener);
    }
  }

  private static void upload(
      ArtifactRepository repository, Path localFile, String target, TransferListener listener) {
    listener.fileStarted(target, OptionalLong.of(sizeOf(localFile)));
    repository.writeArtifactFile(target, localFile, listener);
    listener.fileFinished(target);
  }

  /** What {@link ArtifactRepository#writeArtifactFile} does by default: streams the file. */
  public static void streamFile(
      ArtifactRepository repository, String path, Path localFile, TransferListener listener) {
    long size = sizeOf(localFile);
    try (InputStream in = counting(Files.newInputStream(localFile), listener)) {
      repository.writeArtifact(path, in, OptionalLong.of(size));
    } catch (IOException e) {
      throw new MlflowException(
          ErrorCode.INTERNAL_ERROR, "Could not read " + localFile + ": " + e, e);
    }
  }

  private static long sizeOf(Path localFile) {
    try {
      return Files.size(localFile);
    } catch (IOException e) {
      throw new MlflowException(
          ErrorCode.INTERNAL_ERROR, "Could not read " + localFile + ": " + e, e);
    }
  }

  /**
   * Checks that a download destination is an existing directory.
   *
   * @throws MlflowException {@code INVALID_PARAMETER_VALUE} otherwise
   */
  public static void checkDownloadDestination(Path destination) {
    if (!Files.isDirectory(destination)) {
      throw MlflowException.invalidParameter(
          "The download destination " + Validation.quote(destination.toString())
              + " is not an existing directory");
    }
  }

  /** What {@link ArtifactRepository#downloadArtifacts} does by default. */
  public static Path downloadArtifacts(
      ArtifactRepository repository,
      String artifactPath,
      Path destination,
      TransferListener listener) {
    String path = safeRelativePath(artifactPath);
    checkDownloadDestination(destination);
    Path root = destination.toAbsolutePath().normalize();
    List<FileInfo> children = repository.listArtifacts(path);
    if (path.isEmpty() || !children.isEmpty()) {
      Path dir = localTarget(root, path);
      createDirectories(dir);
      downloadDirectory(repository, root, path, children, listener);
      return dir;
    }
    Path file = localTarget(root, path);
    downloadFile(repository, path, file, OptionalLong.empty(), listener);
    return file;
  }

  private static void downloadDirectory(
      ArtifactRepository repository,
      Path root,
      String directory,
      List<FileInfo> children,
      TransferListener listener) {
    for (FileInfo child : children) {
      String childPath = safeRelativePath(child.path());
      // A listing names entries below the listed directory; anything else is refused, so a
      // hostile server cannot make us write elsewhere.
      if (!directory.isEmpty() && !childPath.startsWith(directory + "/")) {
        throw MlflowException.invalidParameter(
            "Invalid path: " + Validation.quote(child.path()) + " is not inside "
                + Validation.quote(directory));
      }
      Path target = localTarget(root, childPath);
      if (child.isDir()) {
        createDirectories(target);
        downloadDirectory(
            repository, root, childPath, repository.listArtifacts(childPath), listener);
      } else {
        downloadFile(repository, childPath, target, child.fileSize(), listener);
      }
    }
  }

  private static void downloadFile(
      ArtifactRepository repository,
      String path,
      Path target,
      OptionalLong size,
      TransferListener listener) {
    Path parent = target.getParent();
    // A file that turns out to be missing must leave nothing behind: remember which
    // directories this call creates.
    Path firstCreated = null;
    for (Path p = parent; p != null && !Files.exists(p); p = p.getParent()) {
      firstCreated = p;
    }
    createDirectories(parent);
    Path temp = null;
    boolean done = false;
    try {
      temp = Files.createTempFile(parent, ".download-", ".tmp");
      listener.fileStarted(path, size);
      repository.readArtifactFile(path, temp, listener);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      temp = null;
      done = true;
      listener.fileFinished(path);
    } catch (IOException e) {
      throw new MlflowException(
          ErrorCode.INTERNAL_ERROR, "Could not download " + Validation.quote(path) + ": " + e, e);
    } finally {
      if (temp != null) {
        deleteQuietly(temp);
      }
      if (!done && firstCreated != null) {
        deleteQuietly(firstCreated);
      }
    }
  }

  /** What {@link ArtifactRepository#readArtifactFile} does by default: streams the file. */
  public static void streamToFile(
      ArtifactRepository repository, String path, Path localFile, TransferListener listener) {
    try (InputStream in = counting(repository.openArtifact(path), listener)) {
      Files.copy(in, localFile, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new MlflowException(
          ErrorCode.INTERNAL_ERROR, "Could not download " + Validation.quote(path) + ": " + e, e);
    }
  }

  /** Deletes a file, or the (empty-but-for-temporaries) directories a failed download made. */
  private static void deleteQuietly(Path path) {
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      // The download already failed; that error is the one to report.
    }
  }

  /** The local path for a relative artifact path, checked to stay under the destination. */
  private static Path localTarget(Path root, String relative) {
    Path target = relative.isEmpty() ? root : root.resolve(relative).normalize();
    if (!target.startsWith(root)) {
      throw MlflowException.invalidParameter("Invalid path: " + Validation.quote(relative));
    }
    return target;
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      throw MlflowException.invalidParameter(
          "Cannot create the directory " + Validation.quote(dir.toString())
              + ": a file of that name exists");
    } catch (NoSuchFileException e) {
      throw MlflowException.invalidParameter("Cannot create the directory " + dir + ": " + e);
    } catch (IOException e) {
      throw new MlflowException(
          ErrorCode.INTERNAL_ERROR, "Cannot create the directory " + dir + ": " + e, e);
    }
  }

  /** Wraps a stream so that the listener hears of every byte read through it. */
  public static InputStream counting(InputStream in, TransferListener listener) {
    if (listener == TransferListener.NONE) {
      return in;
    }
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          listener.bytesTransferred(1);
        }
        return b;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
          listener.bytesTransferred(n);
        }
        return n;
      }
    };
  }
}
