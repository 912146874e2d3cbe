package org.mlflow4j.store.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Mutual exclusion per directory of the store, between threads of this JVM (a {@link
 * ReentrantLock}) and between processes (a {@link FileLock} on a lock file kept <em>outside</em>
 * the store, so that the store holds only files MLflow knows).
 *
 * <p>Directories are striped over {@value #STRIPES} locks by the SHA-256 of their real path: the
 * lock directory never holds more than that many (empty) files, however many runs are written,
 * and two directories rarely share a stripe (which only makes them wait for each other). Callers
 * never take a second lock while holding a run's lock, so sharing a stripe cannot deadlock.
 *
 * <p>Thread-safe.
 */
final class PathLocks {
  /** Number of lock stripes (a power of 16: the stripe is a prefix of the hex SHA-256). */
  static final int STRIPES = 4096;

  private final Path lockDir;
  private final ConcurrentHashMap<String, ReentrantLock> local = new ConcurrentHashMap<>();

  PathLocks(Path lockDir) {
    this.lockDir = lockDir;
  }

  /** The default lock directory: {@code java.io.tmpdir/mlflow4j-locks}. */
  static Path defaultLockDir() {
    return Path.of(System.getProperty("java.io.tmpdir"), "mlflow4j-locks");
  }

  /** A held lock; closing it releases it. */
  interface Held extends AutoCloseable {
    @Override
    void close();
  }

  /** Locks the given directory (which must exist) until the returned handle is closed. */
  Held lock(Path dir) {
    String key = sha256(realPath(dir)).substring(0, 3);
    ReentrantLock mutex = local.computeIfAbsent(key, k -> new ReentrantLock());
    mutex.lock();
    if (mutex.getHoldCount() > 1) {
      // Re-entered by the same thread: the process-wide file lock is already held.
      return mutex::unlock;
    }
    FileChannel channel = null;
    try {
      Files.createDirectories(lockDir);
      Path file = lockDir.resolve(key + ".lock");
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock fileLock = channel.lock();
      FileChannel held = channel;
      return () -> {
        try {
          fileLock.release();
          held.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } finally {
          mutex.unlock();
        }
      };
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      mutex.unlock();
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  private static String realPath(Path dir) {
    try {
      return dir.toRealPath().toString();
    } catch (IOException e) {
      return dir.toAbsolutePath().normalize().toString();
    }
  }

  private static String sha256(String text) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
