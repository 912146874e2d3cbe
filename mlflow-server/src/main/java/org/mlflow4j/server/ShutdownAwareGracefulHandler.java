package org.mlflow4j.server;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.rest.protocol.ErrorResponse;
import org.mlflow4j.rest.protocol.RestJson;

/**
 * Jetty's graceful handler (in-flight requests finish during a graceful stop) whose answer to a
 * request arriving while the server shuts down is MLflow's JSON error: 503 {@code
 * TEMPORARILY_UNAVAILABLE}, which clients retry. Thread-safe.
 */
final class ShutdownAwareGracefulHandler extends GracefulHandler {

  @Override
  protected void handleShutdownRejection(Request request, Response response, Callback callback) {
    byte[] body =
        RestJson.writeBytes(
            new ErrorResponse(
                ErrorCode.TEMPORARILY_UNAVAILABLE.name(), "The server is shutting down."));
    response.setStatus(503);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, TrackingHandler.JSON);
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
