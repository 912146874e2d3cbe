package org.mlflow4j.store.sql.internal;

import java.util.List;

/**
 * A query built at run time: SQL text whose placeholders {@code #{params[i]}} name the values of
 * {@link #params()}. Not API.
 *
 * <p>Immutable (the values themselves are strings, numbers and booleans).
 *
 * @param sql the SQL text
 * @param params the values bound to it, in order
 */
public record SqlQuery(String sql, List<Object> params) {
  /** Copies the values. */
  public SqlQuery {
    params = List.copyOf(params);
  }

  /** The SQL text of the query passed as {@code q}, for MyBatis's provider. */
  public static String text(java.util.Map<String, Object> parameters) {
    return ((SqlQuery) parameters.get("q")).sql();
  }
}
