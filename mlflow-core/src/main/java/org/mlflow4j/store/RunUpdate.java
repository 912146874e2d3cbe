package org.mlflow4j.store;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.mlflow4j.entity.RunStatus;

/**
 * A change to a run's metadata; each field is applied only when present.
 *
 * <p>Immutable.
 *
 * @param status the new status
 * @param endTime the new end time in epoch milliseconds
 * @param runName the new name (also written to the tag {@code mlflow.runName})
 */
public record RunUpdate(Optional<RunStatus> status, OptionalLong endTime, Optional<String> runName) {
  /** Checks for nulls. */
  public RunUpdate {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(endTime, "endTime");
    Objects.requireNonNull(runName, "runName");
  }

  /** An update that ends a run with the given status at the given time. */
  public static RunUpdate terminated(RunStatus status, long endTime) {
    return new RunUpdate(Optional.of(status), OptionalLong.of(endTime), Optional.empty());
  }

  /** An update that only sets the status. */
  public static RunUpdate status(RunStatus status) {
    return new RunUpdate(Optional.of(status), OptionalLong.empty(), Optional.empty());
  }

  /** An update that only renames the run. */
  public static RunUpdate rename(String runName) {
    return new RunUpdate(Optional.empty(), OptionalLong.empty(), Optional.of(runName));
  }
}
