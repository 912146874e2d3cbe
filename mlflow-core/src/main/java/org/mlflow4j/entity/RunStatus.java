package org.mlflow4j.entity;

import org.mlflow4j.MlflowException;

/** The status of a run, with MLflow's enum numbers. Immutable. */
public enum RunStatus {
  /** The run is going on. */
  RUNNING(1),
  /** The run is scheduled but has not started. */
  SCHEDULED(2),
  /** The run ended normally. */
  FINISHED(3),
  /** The run ended with an error. */
  FAILED(4),
  /** The run was stopped. */
  KILLED(5);

  private final int number;

  RunStatus(int number) {
    this.number = number;
  }

  /** MLflow's number for this status (the file store writes it in meta.yaml). */
  public int number() {
    return number;
  }

  /** Whether the run has ended: FINISHED, FAILED or KILLED. */
  public boolean isTerminal() {
    return this == FINISHED || this == FAILED || this == KILLED;
  }

  /** The status with the given number. */
  public static RunStatus fromNumber(int number) {
    for (RunStatus status : values()) {
      if (status.number == number) {
        return status;
      }
    }
    throw MlflowException.invalidParameter("Invalid value " + number + " for run status");
  }
}
