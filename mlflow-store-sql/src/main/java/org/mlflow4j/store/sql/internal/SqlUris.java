package org.mlflow4j.store.sql.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.mlflow4j.MlflowException;
import org.mlflow4j.store.TrackingUris;

/**
 * Maps MLflow's (SQLAlchemy) database URIs to JDBC: {@code sqlite:///relative.db}, {@code
 * sqlite:////absolute.db}, {@code postgresql://user:pw@host:port/db}, {@code
 * mysql://user:pw@host:port/db}; a {@code +driver} suffix on the scheme is ignored. Not API.
 *
 * <p>Stateless and thread-safe.
 */
public final class SqlUris {
  private SqlUris() {}

  /**
   * Where to connect: a JDBC URL without credentials, and the user and password from the URI.
   *
   * @param dialect the engine
   * @param jdbcUrl the JDBC URL
   * @param user the user, if the URI names one
   * @param password the password, if the URI has one
   */
  public record JdbcTarget(
      Dialect dialect, String jdbcUrl, Optional<String> user, Optional<String> password) {
    @Override
    public String toString() {
      return "JdbcTarget[" + jdbcUrl + ", user=" + user.orElse("") + "]";
    }
  }

  /** Whether the URI is one of MLflow's database URIs. */
  public static boolean isDatabaseUri(String uri) {
    String scheme = TrackingUris.scheme(uri);
    return scheme.equals("sqlite") || scheme.equals("postgresql") || scheme.equals("mysql");
  }

  /** The JDBC target of an MLflow database URI; errors name the URI with its password masked. */
  public static JdbcTarget toJdbc(String uri) {
    String scheme = TrackingUris.scheme(uri);
    int sep = uri.indexOf("://");
    if (sep < 0) {
      throw invalid(uri, "expected <scheme>://...");
    }
    String rest = uri.substring(sep + 3);
    switch (scheme) {
      case "sqlite":
        return sqlite(uri, rest);
      case "postgresql":
        return server(uri, rest, Dialect.POSTGRESQL, 5432);
      case "mysql":
        return server(uri, rest, Dialect.MYSQL, 3306);
      default:
        throw invalid(uri, "the scheme must be sqlite, postgresql or mysql");
    }
  }

  private static JdbcTarget sqlite(String uri, String rest) {
    // sqlite:///<path>: rest is "/<path>"; an absolute path has one more slash.
    if (!rest.startsWith("/")) {
      throw invalid(uri, "expected sqlite:///relative/path.db or sqlite:////absolute/path.db");
    }
    String path = rest.substring(1);
    int query = path.indexOf('?');
    if (query >= 0) {
      path = path.substring(0, query);
    }
    if (path.isEmpty() || path.equals(":memory:")) {
      throw invalid(
          uri,
          "an in-memory SQLite database is not supported; name a file, e.g. sqlite:///mlflow.db");
    }
    String file = Path.of(decode(path)).toAbsolutePath().normalize().toString();
    return new JdbcTarget(
        Dialect.SQLITE, "jdbc:sqlite:" + file, Optional.empty(), Optional.empty());
  }

  private static JdbcTarget server(String uri, String rest, Dialect dialect, int defaultPort) {
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String pathAndQuery = slash < 0 ? "" : rest.substring(slash + 1);
    String database = pathAndQuery;
    String query = "";
    int q = pathAndQuery.indexOf('?');
    if (q >= 0) {
      database = pathAndQuery.substring(0, q);
      query = pathAndQuery.substring(q + 1);
    }
    if (database.isEmpty()) {
      throw invalid(uri, "name the database, e.g. " + dialect.id() + "://user:pw@host:port/db");
    }
    Optional<String> user = Optional.empty();
    Optional<String> password = Optional.empty();
    String hostPort = authority;
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      String userInfo = authority.substring(0, at);
      hostPort = authority.substring(at + 1);
      int colon = userInfo.indexOf(':');
      if (colon >= 0) {
        user = Optional.of(decode(userInfo.substring(0, colon)));
        password = Optional.of(decode(userInfo.substring(colon + 1)));
      } else {
        user = Optional.of(decode(userInfo));
      }
      user = user.filter(u -> !u.isEmpty());
    }
    if (hostPort.isEmpty()) {
      hostPort = "localhost";
    }
    if (hostPort.indexOf(':') < 0 || hostPort.endsWith("]")) {
      hostPort = hostPort + ":" + defaultPort;
    }
    StringBuilder jdbc = new StringBuilder();
    jdbc.append(dialect == Dialect.POSTGRESQL ? "jdbc:postgresql://" : "jdbc:mariadb://")
        .append(hostPort)
        .append('/')
        .append(database);
    String params = jdbcParams(dialect, query);
    if (!params.isEmpty()) {
      jdbc.append('?').append(params);
    }
    return new JdbcTarget(dialect, jdbc.toString(), user, password);
  }

  /** Query parameters passed on, minus SQLAlchemy-only ones. */
  private static String jdbcParams(Dialect dialect, String query) {
    StringBuilder out = new StringBuilder();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      String name = pair.split("=", 2)[0].toLowerCase(Locale.ROOT);
      if (name.equals("charset") || name.equals("driver")) {
        continue;
      }
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(pair);
    }
    return out.toString();
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static MlflowException invalid(String uri, String why) {
    return MlflowException.invalidParameter(
        "Invalid database URI '" + TrackingUris.maskCredentials(uri) + "': " + why);
  }
}
