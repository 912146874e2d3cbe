package org.mlflow4j.server;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.rest.protocol.ErrorResponse;
import org.mlflow4j.rest.protocol.RestJson;

/**
 * Answers the errors Jetty raises itself (a malformed request line, a failure outside our handler)
 * with MLflow's JSON error body instead of Jetty's HTML page. The code comes from the status, as
 * MLflow's client maps statuses back to codes. Stateless; thread-safe.
 */
final class JsonErrorHandler extends ErrorHandler {

  /** Every method gets the body: Jetty's default leaves it out for PUT and DELETE. */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    String text = message == null || message.isEmpty() ? "HTTP error " + code : message;
    byte[] body = RestJson.writeBytes(new ErrorResponse(codeFor(code).name(), text));
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, TrackingHandler.JSON);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  /** MLflow's client's reverse table (spec/errors.md §2). */
  static ErrorCode codeFor(int status) {
    switch (status) {
      case 400:
      case 413:
      case 414:
      case 431:
        return ErrorCode.BAD_REQUEST;
      case 401:
        return ErrorCode.UNAUTHENTICATED;
      case 403:
        return ErrorCode.PERMISSION_DENIED;
      case 404:
      case 405:
        return ErrorCode.ENDPOINT_NOT_FOUND;
      case 409:
        return ErrorCode.ALREADY_EXISTS;
      case 429:
        return ErrorCode.RESOURCE_EXHAUSTED;
      case 501:
        return ErrorCode.NOT_IMPLEMENTED;
      case 503:
        return ErrorCode.TEMPORARILY_UNAVAILABLE;
      case 504:
        return ErrorCode.DEADLINE_EXCEEDED;
      default:
        return ErrorCode.INTERNAL_ERROR;
    }
  }
}
