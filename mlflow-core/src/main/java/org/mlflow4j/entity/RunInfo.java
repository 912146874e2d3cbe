package org.mlflow4j.entity;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * The metadata of a run. {@code run_uuid} of MLflow's wire format is the same as {@link #runId()}.
 *
 * <p>Immutable.
 *
 * @param runId 32 lowercase hex characters for runs MLflow4j creates
 * @param experimentId the owning experiment
 * @param runName the run's name (mirrors the tag {@code mlflow.runName}); may be empty
 * @param userId the user who created the run; may be empty
 * @param status the run status
 * @param startTime milliseconds since the epoch
 * @param endTime milliseconds since the epoch; empty while the run has not ended
 * @param artifactUri where the run's artifacts live
 * @param lifecycleStage active or deleted
 */
public record RunInfo(
    String runId,
    String experimentId,
    String runName,
    String userId,
    RunStatus status,
    long startTime,
    OptionalLong endTime,
    String artifactUri,
    LifecycleStage lifecycleStage) {

  /** Checks for nulls. */
  public RunInfo {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(experimentId, "experimentId");
    Objects.requireNonNull(runName, "runName");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(endTime, "endTime");
    Objects.requireNonNull(artifactUri, "artifactUri");
    Objects.requireNonNull(lifecycleStage, "lifecycleStage");
  }

  /** Whether the run is active (not deleted). */
  public boolean isActive() {
    return lifecycleStage == LifecycleStage.ACTIVE;
  }

  /** A builder for run info. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised with this run info's values. */
  public Builder toBuilder() {
    return new Builder()
        .runId(runId)
        .experimentId(experimentId)
        .runName(runName)
        .userId(userId)
        .status(status)
        .startTime(startTime)
        .endTime(endTime)
        .artifactUri(artifactUri)
        .lifecycleStage(lifecycleStage);
  }

  /** Builds a {@link RunInfo}. Confined to one thread. */
  public static final class Builder {
    private String runId;
    private String experimentId;
    private String runName = "";
    private String userId = "";
    private RunStatus status = RunStatus.RUNNING;
    private long startTime;
    private OptionalLong endTime = OptionalLong.empty();
    private String artifactUri = "";
    private LifecycleStage lifecycleStage = LifecycleStage.ACTIVE;

    private Builder() {}

    /** Sets the run id. */
    public Builder runId(String runId) {
      this.runId = runId;
      return this;
    }

    /** Sets the experiment id. */
    public Builder experimentId(String experimentId) {
      this.experimentId = experimentId;
      return this;
    }

    /** Sets the run name. */
    public Builder runName(String runName) {
      this.runName = runName;
      return this;
    }

    /** Sets the user id. */
    public Builder userId(String userId) {
      this.userId = userId;
      return this;
    }

    /** Sets the status (default RUNNING). */
    public Builder status(RunStatus status) {
      this.status = status;
      return this;
    }

    /** Sets the start time in epoch milliseconds. */
    public Builder startTime(long startTime) {
      this.startTime = startTime;
      return this;
    }

    /** Sets the end time in epoch milliseconds. */
    public Builder endTime(long endTime) {
      this.endTime = OptionalLong.of(endTime);
      return this;
    }

    /** Sets or clears the end time. */
    public Builder endTime(OptionalLong endTime) {
      this.endTime = endTime;
      return this;
    }

    /** Sets the artifact URI. */
    public Builder artifactUri(String artifactUri) {
      this.artifactUri = artifactUri;
      return this;
    }

    /** Sets the lifecycle stage (default active). */
    public Builder lifecycleStage(LifecycleStage lifecycleStage) {
      this.lifecycleStage = lifecycleStage;
      return this;
    }

    /** The run info. */
    public RunInfo build() {
      return new RunInfo(
          runId, experimentId, runName, userId, status, startTime, endTime, artifactUri,
          lifecycleStage);
    }
  }
}
