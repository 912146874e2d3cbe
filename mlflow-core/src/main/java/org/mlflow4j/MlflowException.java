package org.mlflow4j;

import java.util.Objects;

/**
 * The one exception of MLflow4j: unchecked, carrying MLflow's {@link ErrorCode} and the HTTP
 * status MLflow's server would answer with. Messages name the offending key and value.
 *
 * <p>Immutable.
 */
public class MlflowException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode errorCode;

  /** An error with the given code and message. */
  public MlflowException(ErrorCode errorCode, String message) {
    super(message);
    this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
  }

  /** An error with the given code, message and cause. */
  public MlflowException(ErrorCode errorCode, String message, Throwable cause) {
    super(message, cause);
    this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
  }

  /** MLflow's error code. */
  public ErrorCode errorCode() {
    return errorCode;
  }

  /** The HTTP status MLflow's tracking server answers with for this error. */
  public int httpStatus() {
    return errorCode.httpStatus();
  }

  /** An {@link ErrorCode#INVALID_PARAMETER_VALUE} error (HTTP 400). */
  public static MlflowException invalidParameter(String message) {
    return new MlflowException(ErrorCode.INVALID_PARAMETER_VALUE, message);
  }

  /** A {@link ErrorCode#RESOURCE_DOES_NOT_EXIST} error (HTTP 404). */
  public static MlflowException notFound(String message) {
    return new MlflowException(ErrorCode.RESOURCE_DOES_NOT_EXIST, message);
  }

  /** A {@link ErrorCode#RESOURCE_ALREADY_EXISTS} error (HTTP 400). */
  public static MlflowException alreadyExists(String message) {
    return new MlflowException(ErrorCode.RESOURCE_ALREADY_EXISTS, message);
  }

  /** An {@link ErrorCode#INVALID_STATE} error (HTTP 500). */
  public static MlflowException invalidState(String message) {
    return new MlflowException(ErrorCode.INVALID_STATE, message);
  }

  @Override
  public String toString() {
    return getClass().getName() + ": " + errorCode + ": " + getMessage();
  }
}
