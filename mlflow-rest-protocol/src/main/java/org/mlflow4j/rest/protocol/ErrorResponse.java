package org.mlflow4j.rest.protocol;

import java.util.Objects;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * MLflow's error body {@code {"error_code": "...", "message": "..."}} (spec/errors.md §1). The code
 * is kept as sent, since a server may send codes MLflow4j does not know.
 *
 * <p>Immutable.
 *
 * @param errorCode the code's name as sent, e.g. {@code RESOURCE_DOES_NOT_EXIST}
 * @param message the human-readable message
 */
public record ErrorResponse(String errorCode, String message) {

  /** Checks for nulls. */
  public ErrorResponse {
    Objects.requireNonNull(errorCode, "errorCode");
    Objects.requireNonNull(message, "message");
  }

  /** The body MLflow's server sends for the given exception. */
  public static ErrorResponse of(MlflowException e) {
    return new ErrorResponse(e.errorCode().name(), e.getMessage() == null ? "" : e.getMessage());
  }

  /** The error code; a name MLflow4j does not know gives {@link ErrorCode#INTERNAL_ERROR}. */
  public ErrorCode code() {
    return ErrorCode.fromName(errorCode);
  }

  /** This error as an exception carrying its code and message. */
  public MlflowException toException() {
    return new MlflowException(code(), message);
  }

  static ErrorResponse read(JsonIn in) {
    JsonNode code = in.raw("error_code");
    String name;
    if (code != null && code.isIntegralNumber() && code.canConvertToInt()) {
      // Some servers send the code's number; map it back to its name when we know it.
      name = code.asString();
      for (ErrorCode c : ErrorCode.values()) {
        if (c.number() == code.intValue()) {
          name = c.name();
        }
      }
    } else {
      name = in.string("error_code").orElse(ErrorCode.INTERNAL_ERROR.name());
    }
    return new ErrorResponse(name, in.stringOrEmpty("message"));
  }

  void write(ObjectNode out) {
    out.put("error_code", errorCode);
    out.put("message", message);
  }
}
