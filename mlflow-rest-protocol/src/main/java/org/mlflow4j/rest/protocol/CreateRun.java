package org.mlflow4j.rest.protocol;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.mlflow4j.entity.RunTag;
import org.mlflow4j.store.RunCreate;
import tools.jackson.databind.node.ObjectNode;

/**
 * Request of {@code POST runs/create}. No field is required on the wire.
 *
 * <p>Immutable.
 *
 * @param experimentId the experiment of the run
 * @param userId the user (deprecated by MLflow in favour of the {@code mlflow.user} tag)
 * @param runName the run name
 * @param startTime the start time in ms since the epoch
 * @param tags the run's initial tags
 */
public record CreateRun(
    Optional<String> experimentId,
    Optional<String> userId,
    Optional<String> runName,
    OptionalLong startTime,
    List<RunTag> tags) {

  /** Checks for nulls and copies the list. */
  public CreateRun {
    Objects.requireNonNull(experimentId, "experimentId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(runName, "runName");
    Objects.requireNonNull(startTime, "startTime");
    tags = List.copyOf(tags);
  }

  /** A builder with every field unset. */
  public static Builder builder() {
    return new Builder();
  }

  /** The request a client sends for {@code create}. */
  public static CreateRun of(RunCreate create) {
    return new CreateRun(
        Optional.of(create.experimentId()),
        Optional.of(create.userId()),
        create.runName(),
        OptionalLong.of(create.startTime()),
        create.tags());
  }

  /**
   * What the store creates, with MLflow's server defaults: an absent experiment id is "" (which no
   * store has), user "" and start time 0; an empty run name counts as none.
   */
  public RunCreate toRunCreate() {
    return new RunCreate(
        experimentId.orElse(""),
        userId.orElse(""),
        runName.filter(n -> !n.isEmpty()),
        startTime.orElse(0),
        tags);
  }

  static CreateRun read(JsonIn in) {
    return new CreateRun(
        in.experimentId("experiment_id"),
        in.string("user_id"),
        in.string("run_name"),
        in.int64("start_time"),
        in.objects("tags", EntityJson::readRunTag));
  }

  void write(ObjectNode out) {
    JsonOut.string(out, "experiment_id", experimentId);
    JsonOut.string(out, "user_id", userId);
    JsonOut.string(out, "run_name", runName);
    JsonOut.int64(out, "start_time", startTime);
    JsonOut.objects(out, "tags", tags, EntityJson::writeRunTag);
  }

  /** Builds a {@link CreateRun}. Not thread-safe. */
  public static final class Builder {
    private Optional<String> experimentId = Optional.empty();
    private Optional<String> userId = Optional.empty();
    private Optional<String> runName = Optional.empty();
    private OptionalLong startTime = OptionalLong.empty();
    private List<RunTag> tags = List.of();

    private Builder() {}

    /** Sets the experiment id. */
    public Builder experimentId(String experimentId) {
      this.experimentId = Optional.of(experimentId);
      return this;
    }

    /** Sets the user id. */
    public Builder userId(String userId) {
      this.userId = Optional.of(userId);
      return this;
    }

    /** Sets the run name. */
    public Builder runName(String runName) {
      this.runName = Optional.of(runName);
      return this;
    }

    /** Sets the start time (ms since the epoch). */
    public Builder startTime(long startTime) {
      this.startTime = OptionalLong.of(startTime);
      return this;
    }

    /** Sets the tags. */
    public Builder tags(List<RunTag> tags) {
      this.tags = tags;
      return this;
    }

    /** The request. */
    public CreateRun build() {
      return new CreateRun(experimentId, userId, runName, startTime, tags);
    }
  }
}
