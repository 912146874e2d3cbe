package org.mlflow4j.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mlflow4j.entity.RunTag;

/**
 * What a new run is made of.
 *
 * <p>Immutable.
 *
 * @param experimentId the experiment to create it in
 * @param userId the user (may be empty)
 * @param runName the name; empty for the tag {@code mlflow.runName} or else a generated name
 * @param startTime milliseconds since the epoch
 * @param tags tags to set at creation
 */
public record RunCreate(
    String experimentId, String userId, Optional<String> runName, long startTime, List<RunTag> tags) {

  /** Checks for nulls and copies the tags. */
  public RunCreate {
    Objects.requireNonNull(experimentId, "experimentId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(runName, "runName");
    tags = List.copyOf(tags);
  }

  /** A builder for a run in the given experiment, starting now. */
  public static Builder builder(String experimentId) {
    return new Builder(experimentId);
  }

  /** Builds a {@link RunCreate}. Confined to one thread. */
  public static final class Builder {
    private final String experimentId;
    private String userId = "";
    private Optional<String> runName = Optional.empty();
    private long startTime = System.currentTimeMillis();
    private List<RunTag> tags = List.of();

    private Builder(String experimentId) {
      this.experimentId = experimentId;
    }

    /** Sets the user. */
    public Builder userId(String userId) {
      this.userId = userId;
      return this;
    }

    /** Sets the run name. */
    public Builder runName(String runName) {
      this.runName = Optional.of(runName);
      return this;
    }

    /** Sets the start time in epoch milliseconds (default: when the builder was made). */
    public Builder startTime(long startTime) {
      this.startTime = startTime;
      return this;
    }

    /** Sets the tags. */
    public Builder tags(List<RunTag> tags) {
      this.tags = tags;
      return this;
    }

    /** The request. */
    public RunCreate build() {
      return new RunCreate(experimentId, userId, runName, startTime, tags);
    }
  }
}
