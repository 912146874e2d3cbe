package org.mlflow4j.store.support;

import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;

/**
 * The errors a store raises for missing or inactive experiments, runs and tags: one message per
 * situation, identical on every store (MLflow's SQL store wording, the default backend of MLflow
 * 3). Each method returns the exception for the caller to throw.
 *
 * <p>Stateless and thread-safe.
 */
public final class StoreErrors {
  private StoreErrors() {}

  /** 404 {@code RESOURCE_DOES_NOT_EXIST}: no experiment of this id. */
  public static MlflowException experimentNotFound(String experimentId) {
    return MlflowException.notFound("No Experiment with id=" + experimentId + " exists");
  }

  /**
   * 400 {@code RESOURCE_ALREADY_EXISTS}: the name is taken by an active or a deleted experiment.
   */
  public static MlflowException experimentNameExists(String name) {
    return MlflowException.alreadyExists("Experiment(name=" + name + ") already exists.");
  }

  /**
   * 400 {@code INVALID_PARAMETER_VALUE}: a write (create a run, set or delete a tag) on a deleted
   * experiment.
   */
  public static MlflowException experimentNotActive(String experimentId) {
    return MlflowException.invalidParameter(
        "The experiment "
            + experimentId
            + " must be in the 'active' state. Current state is deleted.");
  }

  /** 500 {@code INVALID_STATE}: renaming a deleted experiment (MLflow's wording). */
  public static MlflowException cannotRenameDeletedExperiment(String experimentId) {
    return MlflowException.invalidState("Cannot rename a non-active experiment.");
  }

  /**
   * 404 {@code RESOURCE_DOES_NOT_EXIST}: restoring an experiment that is not deleted. MLflow's SQL
   * store looks among deleted experiments only, so the message is the one of {@link
   * #experimentNotFound}.
   */
  public static MlflowException experimentNotDeleted(String experimentId) {
    return experimentNotFound(experimentId);
  }

  /**
   * 404 {@code RESOURCE_DOES_NOT_EXIST}: deleting an experiment that is already deleted. MLflow's
   * SQL store looks among active experiments only, so the message is the one of {@link
   * #experimentNotFound}.
   */
  public static MlflowException experimentAlreadyDeleted(String experimentId) {
    return experimentNotFound(experimentId);
  }

  /** 404 {@code RESOURCE_DOES_NOT_EXIST}: no run of this id. */
  public static MlflowException runNotFound(String runId) {
    return MlflowException.notFound("Run with id=" + runId + " not found");
  }

  /** 400 {@code INVALID_PARAMETER_VALUE}: a write on a deleted run. */
  public static MlflowException runNotActive(String runId) {
    return MlflowException.invalidParameter(
        "The run " + runId + " must be in the 'active' state. Current state is deleted.");
  }

  /** 404 {@code RESOURCE_DOES_NOT_EXIST}: deleting a run tag that is not set. */
  public static MlflowException runTagNotFound(String runId, String key) {
    return MlflowException.notFound("No tag with name: " + key + " in run with id " + runId);
  }

  /** 404 {@code RESOURCE_DOES_NOT_EXIST}: deleting an experiment tag that is not set. */
  public static MlflowException experimentTagNotFound(String experimentId, String key) {
    return MlflowException.notFound(
        "No tag with name: " + key + " in experiment with id " + experimentId);
  }

  /**
   * 400 {@code INVALID_PARAMETER_VALUE}: {@code createRun} was given a run name and an {@code
   * mlflow.runName} tag that differ.
   */
  public static MlflowException runNameConflict(String runName, String runNameTag) {
    return MlflowException.invalidParameter(
        "Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different"
            + " values (run_name="
            + Validation.quote(runName)
            + ", mlflow.runName="
            + Validation.quote(runNameTag)
            + ").");
  }

  /**
   * 500 {@code INVALID_STATE}: the store holds more than one run of this id (a corrupt store).
   */
  public static MlflowException duplicateRun(String runId, int count) {
    return new MlflowException(
        ErrorCode.INVALID_STATE,
        "Expected only 1 run with id=" + runId + ". Found " + count + ".");
  }
}
