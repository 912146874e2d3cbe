package org.mlflow4j.store;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.mlflow4j.entity.FileInfo;
import org.mlflow4j.store.support.ArtifactTransfers;
import org.mlflow4j.store.support.TransferListener;

/**
 * Where the artifact files of one root URI (usually a run's {@code artifact_uri}) are kept: the
 * artifact SPI. One implementation per kind of location (local directory, a tracking server's
 * artifact proxy, a third party's object store), found by {@link ArtifactRepositoryProvider}.
 *
 * <p>Artifact paths are relative POSIX paths below the root; the empty path is the root itself.
 * Every path a caller passes goes through {@link
 * org.mlflow4j.store.support.Validation#validatePathIsSafe}: {@code ..} segments, absolute paths,
 * backslashes, {@code #}, control characters and their percent-encoded forms are refused with
 * {@code INVALID_PARAMETER_VALUE} before anything is touched.
 *
 * <p>The four primitives are {@link #writeArtifact}, {@link #openArtifact}, {@link #listArtifacts}
 * and {@link #deleteArtifacts}; the file and directory transfers ({@link #logArtifact}, {@link
 * #logArtifacts}, {@link #downloadArtifacts}) are built on them and may be overridden with faster
 * ones. Failures throw {@link org.mlflow4j.MlflowException}. The rules every repository follows
 * are checked by the artifact compatibility kit in {@code mlflow-store-tck}.
 *
 * <p>Implementations are thread-safe.
 */
public interface ArtifactRepository extends AutoCloseable {

  /** The root URI this repository reads and writes, as it was given to the provider. */
  String rootUri();

  /**
   * Stores the content as the artifact file at {@code path}, replacing a file already there;
   * parent directories are implicit. The content is streamed, never held in memory whole. If
   * reading or storing fails, no partial file is left under the path.
   *
   * @param path the file's path below the root, not empty
   * @param content read to its end; the caller closes it
   * @param size the number of bytes {@code content} holds, if known
   * @throws org.mlflow4j.MlflowException {@code INVALID_PARAMETER_VALUE} for an unsafe or empty
   *     path
   */
  void writeArtifact(String path, InputStream content, OptionalLong size);

  /**
   * Stores a local file as the artifact file at {@code path}, as {@link #writeArtifact} stores a
   * stream, telling the listener of the bytes as they move (not of the file's start or end). The
   * default streams the file through {@link #writeArtifact}; a repository on the local disk may
   * override it with a file-to-file copy, which the operating system does much faster.
   *
   * @param path the file's path below the root, not empty
   * @param localFile a regular file
   * @param listener told of the bytes as they move
   */
  default void writeArtifactFile(String path, Path localFile, TransferListener listener) {
    ArtifactTransfers.streamFile(this, path, localFile, listener);
  }

  /**
   * Opens the artifact file at {@code path} for reading; the caller closes the stream.
   *
   * @throws org.mlflow4j.MlflowException {@code RESOURCE_DOES_NOT_EXIST} if there is no file
   *     there (a directory is not a file), {@code INVALID_PARAMETER_VALUE} for an unsafe path
   */
  InputStream openArtifact(String path);

  /**
   * Copies the artifact file at {@code path} into a local file, replacing its content, telling the
   * listener of the bytes as they move. The default streams {@link #openArtifact} into the file; a
   * repository on the local disk may override it with a file-to-file copy.
   *
   * @throws org.mlflow4j.MlflowException {@code RESOURCE_DOES_NOT_EXIST} if there is no file at
   *     {@code path}
   */
  default void readArtifactFile(String path, Path localFile, TransferListener listener) {
    ArtifactTransfers.streamToFile(this, path, localFile, listener);
  }

  /**
   * The direct children of the directory at {@code path} (the empty path is the root), sorted by
   * path; each {@link FileInfo#path()} is relative to the root (listing {@code model} gives {@code
   * model/MLmodel}), directories have no size. A file path or a missing path lists as nothing.
   */
  List<FileInfo> listArtifacts(String path);

  /**
   * Deletes the file or the directory tree at {@code path} (the empty path deletes everything
   * under the root). A missing path is not an error.
   *
   * @throws org.mlflow4j.MlflowException {@code NOT_IMPLEMENTED} if this kind of location cannot
   *     delete
   */
  void deleteArtifacts(String path);

  /**
   * Stores a local file as {@code <artifactPath>/<file name>}, as MLflow's {@code log_artifact}.
   *
   * @param localFile a regular file
   * @param artifactPath the directory below the root; empty for the root. It must be
   *     "path-unique" ({@link org.mlflow4j.store.support.Validation#validateArtifactPath})
   * @param listener told of the bytes as they are sent
   */
  default void logArtifact(Path localFile, String artifactPath, TransferListener listener) {
    ArtifactTransfers.logArtifact(this, localFile, artifactPath, listener);
  }

  /**
   * Stores the contents of a local directory, recursively, under {@code artifactPath} (the
   * directory's own name is not included), as MLflow's {@code log_artifacts}.
   *
   * @param localDir a directory
   * @param artifactPath the directory below the root; empty for the root
   * @param listener told of each file and of the bytes as they are sent
   */
  default void logArtifacts(Path localDir, String artifactPath, TransferListener listener) {
    ArtifactTransfers.logArtifacts(this, localDir, artifactPath, listener);
  }

  /**
   * Downloads the file or directory at {@code artifactPath} into {@code destination}, mirroring
   * its relative path ({@code destination/<artifactPath>}); directories recursively, empty
   * sub-directories included. A path is a directory if listing it gives anything.
   *
   * @param artifactPath the file or directory below the root; empty for everything
   * @param destination an existing local directory
   * @param listener told of each file and of the bytes as they arrive
   * @return the local path of the downloaded file or directory
   * @throws org.mlflow4j.MlflowException {@code RESOURCE_DOES_NOT_EXIST} if nothing is at the
   *     path, {@code INVALID_PARAMETER_VALUE} if the destination is not a directory
   */
  default Path downloadArtifacts(String artifactPath, Path destination, TransferListener listener) {
    return ArtifactTransfers.downloadArtifacts(this, artifactPath, destination, listener);
  }

  /** Releases connections or other resources; the repository is not used afterwards. */
  @Override
  default void close() {}
}
