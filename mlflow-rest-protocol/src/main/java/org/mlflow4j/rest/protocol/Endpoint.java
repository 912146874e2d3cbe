package org.mlflow4j.rest.protocol;

import java.util.List;
import java.util.Objects;

/**
 * One endpoint of MLflow's tracking REST API: its HTTP methods, its path under {@code
 * /api/2.0/mlflow} (also served under {@code /ajax-api/2.0/mlflow}) and the types of its request
 * and response, which {@link RestJson} reads and writes.
 *
 * <p>Immutable.
 *
 * @param path the path below the API prefix, e.g. {@code /runs/log-batch}
 * @param methods the HTTP methods served; the first is the one clients send
 * @param requestType the request record
 * @param responseType the response record
 * @param <Q> the request type
 * @param <R> the response type
 */
public record Endpoint<Q, R>(
    String path, List<String> methods, Class<Q> requestType, Class<R> responseType) {

  /** The prefix SDKs use. */
  public static final String API_PREFIX = "/api/2.0/mlflow";

  /** The prefix MLflow's web UI uses; it answers exactly like {@link #API_PREFIX}. */
  public static final String AJAX_PREFIX = "/ajax-api/2.0/mlflow";

  /** Checks the fields and copies the list. */
  public Endpoint {
    Objects.requireNonNull(path, "path");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with '/': " + path);
    }
    methods = List.copyOf(methods);
    if (methods.isEmpty()) {
      throw new IllegalArgumentException("an endpoint needs a method: " + path);
    }
    Objects.requireNonNull(requestType, "requestType");
    Objects.requireNonNull(responseType, "responseType");
  }

  /** The method clients send ({@code GET} or {@code POST}). */
  public String method() {
    return methods.get(0);
  }

  /** Whether the request is sent as a URL query string rather than a JSON body. */
  public boolean usesQueryString() {
    return method().equals("GET");
  }

  /** The full path under {@link #API_PREFIX}, e.g. {@code /api/2.0/mlflow/runs/get}. */
  public String apiPath() {
    return API_PREFIX + path;
  }

  /** The full path under {@link #AJAX_PREFIX}. */
  public String ajaxPath() {
    return AJAX_PREFIX + path;
  }
}
