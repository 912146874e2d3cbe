package org.mlflow4j.store.file;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How to open a {@link FileTrackingStore}.
 *
 * <p>Immutable.
 *
 * @param root the store's root directory (MLflow's {@code mlruns}); made absolute on open
 * @param defaultArtifactRoot where experiments created without an artifact location keep their
 *     artifacts ({@code <root>/<experiment id>}); empty for the root's absolute path, as MLflow
 *     does for a plain-path tracking URI
 * @param truncateLongValues whether too long param and tag values are truncated (MLflow's {@code
 *     MLFLOW_TRUNCATE_LONG_VALUES}, default true) rather than rejected
 * @param lockDirectory where the lock files that coordinate processes are kept (one empty file per
 *     run written to, named by a hash of its path, never deleted since a lock file must outlive
 *     its waiters); empty for {@code java.io.tmpdir/mlflow4j-locks}. Every process writing to one
 *     store must use the same one.
 */
public record FileStoreOptions(
    Path root,
    Optional<String> defaultArtifactRoot,
    boolean truncateLongValues,
    Optional<Path> lockDirectory) {

  /** Checks for nulls. */
  public FileStoreOptions {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(defaultArtifactRoot, "defaultArtifactRoot");
    Objects.requireNonNull(lockDirectory, "lockDirectory");
  }

  /** Options for the given root with every default. */
  public static FileStoreOptions of(Path root) {
    return builder(root).build();
  }

  /** A builder for a store at the given root. */
  public static Builder builder(Path root) {
    return new Builder(root);
  }

  /** Builds {@link FileStoreOptions}. Confined to one thread. */
  public static final class Builder {
    private final Path root;
    private Optional<String> defaultArtifactRoot = Optional.empty();
    private boolean truncateLongValues = true;
    private Optional<Path> lockDirectory = Optional.empty();

    private Builder(Path root) {
      this.root = Objects.requireNonNull(root, "root");
    }

    /** Sets the default artifact root (a path or a URI such as {@code file:///data/mlruns}). */
    public Builder defaultArtifactRoot(String defaultArtifactRoot) {
      this.defaultArtifactRoot = Optional.of(defaultArtifactRoot);
      return this;
    }

    /** Sets or clears the default artifact root. */
    public Builder defaultArtifactRoot(Optional<String> defaultArtifactRoot) {
      this.defaultArtifactRoot = defaultArtifactRoot;
      return this;
    }

    /** Whether too long param and tag values are truncated (default true) or rejected. */
    public Builder truncateLongValues(boolean truncateLongValues) {
      this.truncateLongValues = truncateLongValues;
      return this;
    }

    /** Sets the directory of the inter-process lock files. */
    public Builder lockDirectory(Path lockDirectory) {
      this.lockDirectory = Optional.of(lockDirectory);
      return this;
    }

    /** The options. */
    public FileStoreOptions build() {
      return new FileStoreOptions(root, defaultArtifactRoot, truncateLongValues, lockDirectory);
    }
  }
}
