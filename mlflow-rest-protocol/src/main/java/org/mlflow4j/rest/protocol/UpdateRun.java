package org.mlflow4j.rest.protocol;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.mlflow4j.entity.RunStatus;
import org.mlflow4j.store.RunUpdate;
import tools.jackson.databind.node.ObjectNode;

/**
 * Request of {@code POST runs/update}: each present field is applied, absent ones are left as they
 * are.
 *
 * <p>Immutable.
 *
 * @param runId the run (required; read from {@code run_id}, else {@code run_uuid})
 * @param status the new status
 * @param endTime the end time in ms since the epoch
 * @param runName the new run name
 */
public record UpdateRun(
    String runId, Optional<RunStatus> status, OptionalLong endTime, Optional<String> runName) {

  /** Checks for nulls. */
  public UpdateRun {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(endTime, "endTime");
    Objects.requireNonNull(runName, "runName");
  }

  /** A request ending the run with the given status at the given time. */
  public static UpdateRun end(String runId, RunStatus status, long endTime) {
    return new UpdateRun(runId, Optional.of(status), OptionalLong.of(endTime), Optional.empty());
  }

  /** The request a client sends to apply {@code update} to a run. */
  public static UpdateRun of(String runId, RunUpdate update) {
    return new UpdateRun(runId, update.status(), update.endTime(), update.runName());
  }

  /** The store's update; an empty run name is not applied, as in MLflow. */
  public RunUpdate toRunUpdate() {
    return new RunUpdate(status, endTime, runName.filter(n -> !n.isEmpty()));
  }

  static UpdateRun read(JsonIn in) {
    return new UpdateRun(
        in.requiredRunIdOrUuid(),
        in.enumValue("status", RunStatus.values(), RestEnums::runStatus),
        in.int64("end_time"),
        in.string("run_name"));
  }

  void write(ObjectNode out) {
    out.put("run_id", runId);
    status.ifPresent(s -> out.put("status", s.name()));
    JsonOut.int64(out, "end_time", endTime);
    JsonOut.string(out, "run_name", runName);
  }
}
