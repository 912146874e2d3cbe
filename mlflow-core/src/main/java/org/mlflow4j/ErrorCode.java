package org.mlflow4j;

/**
 * MLflow's error codes, with the number MLflow gives each and the HTTP status its tracking
 * server answers with (spec/errors.md). Codes the server does not map answer 500.
 *
 * <p>Immutable.
 */
public enum ErrorCode {
  /** Unexpected failure. */
  INTERNAL_ERROR(1, 500),
  /** A transient failure, e.g. a database that cannot be reached. */
  TEMPORARILY_UNAVAILABLE(2, 503),
  /** An I/O failure. */
  IO_ERROR(3, 500),
  /** A malformed request or a database constraint violation. */
  BAD_REQUEST(4, 400),
  /** A deadline passed. */
  DEADLINE_EXCEEDED(7, 504),
  /** The request was cancelled. */
  CANCELLED(8, 499),
  /** A quota ran out. */
  RESOURCE_EXHAUSTED(9, 429),
  /** The operation was aborted. */
  ABORTED(10, 409),
  /** Not found (generic). */
  NOT_FOUND(11, 404),
  /** Already exists (generic). */
  ALREADY_EXISTS(12, 409),
  /** Missing or bad credentials. */
  UNAUTHENTICATED(13, 401),
  /** A request field is missing, malformed or out of range; the code of most user mistakes. */
  INVALID_PARAMETER_VALUE(1000, 400),
  /** No such endpoint. */
  ENDPOINT_NOT_FOUND(1001, 404),
  /** The request could not be parsed. */
  MALFORMED_REQUEST(1002, 500),
  /** The operation does not fit the current state (e.g. renaming a deleted experiment). */
  INVALID_STATE(1003, 500),
  /** The caller may not do this. */
  PERMISSION_DENIED(1004, 403),
  /** The feature is turned off. */
  FEATURE_DISABLED(1005, 500),
  /** The customer is not authorised. */
  CUSTOMER_UNAUTHORIZED(1006, 401),
  /** Too many requests. */
  REQUEST_LIMIT_EXCEEDED(1007, 429),
  /** A conflicting concurrent change. */
  RESOURCE_CONFLICT(1008, 409),
  /** The server does not implement the operation. */
  NOT_IMPLEMENTED(1010, 501),
  /** Data was lost. */
  DATA_LOSS(1011, 500),
  /** An experiment or model name is already taken (HTTP 400, a legacy of MLflow's). */
  RESOURCE_ALREADY_EXISTS(3001, 400),
  /** An experiment, run, tag or model does not exist. */
  RESOURCE_DOES_NOT_EXIST(3002, 404);

  private final int number;
  private final int httpStatus;

  ErrorCode(int number, int httpStatus) {
    this.number = number;
    this.httpStatus = httpStatus;
  }

  /** The number MLflow's protocol gives this code. */
  public int number() {
    return number;
  }

  /** The HTTP status MLflow's tracking server answers with for this code. */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * The code of the given name, as MLflow sends it in an error body; an unknown name gives
   * {@link #INTERNAL_ERROR}, as MLflow's clients do.
   */
  public static ErrorCode fromName(String name) {
    for (ErrorCode code : values()) {
      if (code.name().equals(name)) {
        return code;
      }
    }
    return INTERNAL_ERROR;
  }
}
