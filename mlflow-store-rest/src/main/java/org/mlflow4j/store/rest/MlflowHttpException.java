package org.mlflow4j.store.rest;

import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;

/**
 * An error answered by a tracking server: MLflow's error code and message as the server sent them
 * (or, for a body that is not MLflow's JSON error, the code MLflow's client derives from the
 * status), together with the HTTP status actually received.
 *
 * <p>Immutable.
 */
public final class MlflowHttpException extends MlflowException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;

  /** An error with the server's code, message and HTTP status. */
  public MlflowHttpException(ErrorCode errorCode, String message, int statusCode) {
    super(errorCode, message);
    this.statusCode = statusCode;
  }

  /** The HTTP status the server answered with. */
  @Override
  public int httpStatus() {
    return statusCode;
  }
}
