package org.mlflow4j.store.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;

/** The store errors carry MLflow's SQL-store codes, statuses and messages. */
class StoreErrorsTest {

  private static void check(MlflowException e, ErrorCode code, int status, String message) {
    assertThat(e.errorCode()).isEqualTo(code);
    assertThat(e.httpStatus()).isEqualTo(status);
    assertThat(e).hasMessage(message);
  }

  @Test
  @DisplayName("experiment errors")
  void experimentErrors() {
    check(
        StoreErrors.experimentNotFound("42"),
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        404,
        "No Experiment with id=42 exists");
    check(
        StoreErrors.experimentNameExists("churn"),
        ErrorCode.RESOURCE_ALREADY_EXISTS,
        400,
        "Experiment(name=churn) already exists.");
    check(
        StoreErrors.experimentNotActive("42"),
        ErrorCode.INVALID_PARAMETER_VALUE,
        400,
        "The experiment 42 must be in the 'active' state. Current state is deleted.");
    check(
        StoreErrors.cannotRenameDeletedExperiment("42"),
        ErrorCode.INVALID_STATE,
        500,
        "Cannot rename a non-active experiment.");
    check(
        StoreErrors.experimentNotDeleted("42"),
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        404,
        "No Experiment with id=42 exists");
    check(
        StoreErrors.experimentAlreadyDeleted("42"),
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        404,
        "No Experiment with id=42 exists");
    check(
        StoreErrors.experimentTagNotFound("42", "note"),
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        404,
        "No tag with name: note in experiment with id 42");
  }

  @Test
  @DisplayName("run errors")
  void runErrors() {
    check(
        StoreErrors.runNotFound("abc"),
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        404,
        "Run with id=abc not found");
    check(
        StoreErrors.runNotActive("abc"),
        ErrorCode.INVALID_PARAMETER_VALUE,
        400,
        "The run abc must be in the 'active' state. Current state is deleted.");
    check(
        StoreErrors.runTagNotFound("abc", "k"),
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        404,
        "No tag with name: k in run with id abc");
    check(
        StoreErrors.runNameConflict("a", "b"),
        ErrorCode.INVALID_PARAMETER_VALUE,
        400,
        "Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different"
            + " values (run_name='a', mlflow.runName='b').");
    check(
        StoreErrors.duplicateRun("abc", 2),
        ErrorCode.INVALID_STATE,
        500,
        "Expected only 1 run with id=abc. Found 2.");
  }
}
