package org.mlflow4j.fluent;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link Mlflow#startRun(RunOptions)} starts (or resumes) a run, as the arguments of MLflow's
 * {@code mlflow.start_run}.
 *
 * <p>Immutable.
 *
 * @param runName the run's name; empty for a generated one (or, when resuming, to keep the name)
 * @param nested whether the run may start while another is active in this thread, as its child
 * @param parentRunId the parent of the new run; if a run is active in this thread, it must be it
 * @param runId the id of an existing run to resume (status back to RUNNING)
 * @param experimentId the experiment of a new run; empty for the active experiment or the default
 * @param tags tags for the run; they override the system tags the fluent API infers
 * @param description the run's description, stored as the tag {@code mlflow.note.content}
 */
public record RunOptions(
    Optional<String> runName,
    boolean nested,
    Optional<String> parentRunId,
    Optional<String> runId,
    Optional<String> experimentId,
    Map<String, String> tags,
    Optional<String> description) {

  /** Checks for nulls and copies the tags, keeping their order. */
  public RunOptions {
    Objects.requireNonNull(runName, "runName");
    Objects.requireNonNull(parentRunId, "parentRunId");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(experimentId, "experimentId");
    Objects.requireNonNull(description, "description");
    Map<String, String> copy = new LinkedHashMap<>();
    tags.forEach(
        (k, v) ->
            copy.put(Objects.requireNonNull(k, "tag key"), Objects.requireNonNull(v, "tag value")));
    tags = java.util.Collections.unmodifiableMap(copy);
  }

  /** Options for a new top-level run with a generated name. */
  public static RunOptions defaults() {
    return builder().build();
  }

  /** A builder of options. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link RunOptions}. Confined to one thread. */
  public static final class Builder {
    private Optional<String> runName = Optional.empty();
    private boolean nested;
    private Optional<String> parentRunId = Optional.empty();
    private Optional<String> runId = Optional.empty();
    private Optional<String> experimentId = Optional.empty();
    private Map<String, String> tags = Map.of();
    private Optional<String> description = Optional.empty();

    private Builder() {}

    /** Sets the run's name. */
    public Builder runName(String runName) {
      this.runName = Optional.of(runName);
      return this;
    }

    /** Starts the run as a child of the run active in this thread. */
    public Builder nested(boolean nested) {
      this.nested = nested;
      return this;
    }

    /** Sets the parent run of the new run. */
    public Builder parentRunId(String parentRunId) {
      this.parentRunId = Optional.of(parentRunId);
      return this;
    }

    /** Resumes the existing run of this id instead of creating one. */
    public Builder runId(String runId) {
      this.runId = Optional.of(runId);
      return this;
    }

    /** Sets the experiment of a new run. */
    public Builder experimentId(String experimentId) {
      this.experimentId = Optional.of(experimentId);
      return this;
    }

    /** Sets the run's tags. */
    public Builder tags(Map<String, String> tags) {
      this.tags = Objects.requireNonNull(tags, "tags");
      return this;
    }

    /** Sets the run's description (the tag {@code mlflow.note.content}). */
    public Builder description(String description) {
      this.description = Optional.of(description);
      return this;
    }

    /** The options. */
    public RunOptions build() {
      return new RunOptions(runName, nested, parentRunId, runId, experimentId, tags, description);
    }
  }
}
