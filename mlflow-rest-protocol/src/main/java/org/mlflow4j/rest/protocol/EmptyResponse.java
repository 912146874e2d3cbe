package org.mlflow4j.rest.protocol;

import tools.jackson.databind.node.ObjectNode;

/**
 * The empty response {@code {}} of every endpoint that answers nothing but success (deletes,
 * restores, logging calls, tag calls).
 *
 * <p>Immutable.
 */
public record EmptyResponse() {

  /** The one instance. */
  public static final EmptyResponse INSTANCE = new EmptyResponse();

  static EmptyResponse read(JsonIn in) {
    return INSTANCE;
  }

  void write(ObjectNode out) {
    // nothing: the body is {}
  }
}
