package org.mlflow4j.store.support;

import java.util.OptionalLong;

/**
 * Told how an artifact transfer advances, e.g. to draw a progress line. Calls come from the
 * transferring thread, one file at a time; implementations must be cheap (they run per buffer).
 */
public interface TransferListener {

  /** A listener that ignores everything. */
  TransferListener NONE = new TransferListener() {};

  /**
   * A file starts to move.
   *
   * @param artifactPath the file's path below the repository root
   * @param size its size in bytes, if known
   */
  default void fileStarted(String artifactPath, OptionalLong size) {}

  /** {@code count} more bytes of the current file have moved. */
  default void bytesTransferred(long count) {}

  /** The current file has moved completely. */
  default void fileFinished(String artifactPath) {}
}
