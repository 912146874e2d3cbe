package org.mlflow4j.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.DatasetInput;
import org.mlflow4j.entity.Experiment;
import org.mlflow4j.entity.InputTag;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.MlflowTags;
import org.mlflow4j.entity.Param;
import org.mlflow4j.entity.Run;
import org.mlflow4j.entity.RunTag;

/**
 * Evaluates parsed filters and orders in memory, with MLflow's semantics (spec/search.md §2.3,
 * §2.4, §2.6, §3):
 *
 * <ul>
 *   <li>clauses are ANDed; a run lacking the metric, param, tag or end time never matches, even for
 *       {@code !=};
 *   <li>metrics compare the latest value ({@link org.mlflow4j.entity.RunData#metrics()}); a NaN
 *       value fails every comparison except {@code !=} (the file store's rule);
 *   <li>{@code =}/{@code !=} on strings are case-sensitive; {@code LIKE} is case-sensitive and
 *       {@code ILIKE} not, with {@code %} and {@code _} as the only wildcards. Unlike MLflow's file
 *       store, other characters (e.g. {@code .+()}) match only themselves, as in SQL;
 *   <li>{@code run_name} compares the tag {@code mlflow.runName}; a dataset clause holds when any
 *       dataset input of the run satisfies it, {@code context} being the input tag {@code
 *       mlflow.data.context};
 *   <li>orders put missing values last in both directions and, for metrics, NaN after every number
 *       but before missing values.
 * </ul>
 *
 * <p>Patterns are compiled when the predicate is built, never per run. Stateless; the predicates
 * and comparators returned are immutable and thread-safe.
 */
public final class SearchEvaluator {
  private SearchEvaluator() {}

  /** A predicate that holds for runs satisfying every clause of a run filter. */
  public static Predicate<Run> runPredicate(List<FilterClause> clauses) {
    List<Predicate<Run>> parts = new ArrayList<>();
    for (FilterClause clause : clauses) {
      parts.add(runClause(clause));
    }
    return allOf(parts);
  }

  /** A predicate that holds for experiments satisfying every clause of an experiment filter. */
  public static Predicate<Experiment> experimentPredicate(List<FilterClause> clauses) {
    List<Predicate<Experiment>> parts = new ArrayList<>();
    for (FilterClause clause : clauses) {
      parts.add(experimentClause(clause));
    }
    return allOf(parts);
  }

  /**
   * The order of runs given by clauses, typically {@link SearchParser#parseRunOrderBy}'s result
   * (which ends with the tie-breakers).
   */
  public static Comparator<Run> runComparator(List<OrderByClause> order) {
    Comparator<Run> result = (a, b) -> 0;
    for (OrderByClause clause : order) {
      result = result.thenComparing(runOrder(clause));
    }
    return result;
  }

  /**
   * The order of experiments given by clauses, typically {@link
   * SearchParser#parseExperimentOrderBy}'s result. Experiment ids compare as numbers when both are
   * numeric (as in SQL stores), else as strings; numeric ids come first.
   */
  public static Comparator<Experiment> experimentComparator(List<OrderByClause> order) {
    Comparator<Experiment> result = (a, b) -> 0;
    for (OrderByClause clause : order) {
      result = result.thenComparing(experimentOrder(clause));
    }
    return result;
  }

  // ---------------------------------------------------------------- run filters

  private static Predicate<Run> runClause(FilterClause clause) {
    String key = clause.key();
    switch (clause.entity()) {
      case METRIC:
        {
          NumberTest test = numberTest(clause);
          return run -> {
            Metric m = metric(run, key);
            return m != null && test.test(m.value());
          };
        }
      case PARAM:
        {
          Predicate<String> test = stringTest(clause);
          return run -> {
            String v = param(run, key);
            return v != null && test.test(v);
          };
        }
      case TAG:
        {
          Predicate<String> test = stringTest(clause);
          return run -> {
            String v = tag(run, key);
            return v != null && test.test(v);
          };
        }
      case DATASET:
        return datasetClause(clause);
      default:
        return runAttributeClause(clause);
    }
  }

  private static Predicate<Run> runAttributeClause(FilterClause clause) {
    switch (clause.key()) {
      case "start_time":
        {
          NumberTest test = numberTest(clause);
          return run -> test.test(run.info().startTime());
        }
      case "end_time":
        {
          NumberTest test = numberTest(clause);
          return run -> {
            OptionalLong end = run.info().endTime();
            return end.isPresent() && test.test(end.getAsLong());
          };
        }
      case "run_id":
        {
          Predicate<String> test = stringTest(clause);
          return run -> test.test(run.info().runId());
        }
      case "run_name":
        {
          // the tag, not the name column: runs of MLflow <= 1.29 have no name column value
          Predicate<String> test = stringTest(clause);
          return run -> {
            String v = tag(run, MlflowTags.RUN_NAME);
            return v != null && test.test(v);
          };
        }
      case "user_id":
        {
          Predicate<String> test = stringTest(clause);
          return run -> test.test(run.info().userId());
        }
      case "status":
        {
          Predicate<String> test = stringTest(clause);
          return run -> test.test(run.info().status().name());
        }
      case "artifact_uri":
        {
          Predicate<String> test = stringTest(clause);
          return run -> test.test(run.info().artifactUri());
        }
      default:
        throw MlflowException.invalidParameter(
            "Invalid attribute key '" + clause.key() + "' for a run filter");
    }
  }

  private static Predicate<Run> datasetClause(FilterClause clause) {
    Predicate<String> test = stringTest(clause);
    switch (clause.key()) {
      case "name":
        return run -> {
          for (DatasetInput input : run.inputs()) {
            if (test.test(input.dataset().name())) {
              return true;
            }
          }
          return false;
        };
      case "digest":
        return run -> {
          for (DatasetInput input : run.inputs()) {
            if (test.test(input.dataset().digest())) {
              return true;
            }
          }
          return false;
        };
      case "context":
        return run -> {
          for (DatasetInput input : run.inputs()) {
            for (InputTag t : input.tags()) {
              if (t.key().equals(DatasetInput.CONTEXT_TAG) && test.test(t.value())) {
                return true;
              }
            }
          }
          return false;
        };
      default:
        throw MlflowException.invalidParameter(
            "Invalid dataset key '" + clause.key() + "' for a run filter");
    }
  }

  // ---------------------------------------------------------------- experiment filters

  private static Predicate<Experiment> experimentClause(FilterClause clause) {
    String key = clause.key();
    if (clause.entity() == EntityType.TAG) {
      Predicate<String> test = stringTest(clause);
      return e -> {
        String v = e.tag(key).orElse(null);
        return v != null && test.test(v);
      };
    }
    if (clause.entity() != EntityType.ATTRIBUTE) {
      throw MlflowException.invalidParameter(
          "Invalid entity type " + clause.entity() + " for an experiment filter");
    }
    switch (key) {
      case "name":
        {
          Predicate<String> test = stringTest(clause);
          return e -> test.test(e.name());
        }
      case "creation_time":
        {
          NumberTest test = numberTest(clause);
          return e -> test.test(e.creationTime());
        }
      case "last_update_time":
        {
          NumberTest test = numberTest(clause);
          return e -> test.test(e.lastUpdateTime());
        }
      default:
        throw MlflowException.invalidParameter(
            "Invalid attribute key '" + key + "' for an experiment filter");
    }
  }

  // ---------------------------------------------------------------- value tests

  /** A test of a number against the clause's literal; plain double comparison gives NaN's rules. */
  @FunctionalInterface
  private interface NumberTest {
    boolean test(double value);
  }

  private static NumberTest numberTest(FilterClause clause) {
    if (!(clause.value() instanceof FilterValue.Numeric)) {
      throw MlflowException.invalidParameter(
          "Expected numeric value type for " + clause.key() + ". Found " + clause.value());
    }
    double x = ((FilterValue.Numeric) clause.value()).value();
    switch (clause.operator()) {
      case EQ:
        return v -> v == x;
      case NE:
        return v -> v != x;
      case LT:
        return v -> v < x;
      case LE:
        return v -> v <= x;
      case GT:
        return v -> v > x;
      case GE:
        return v -> v >= x;
      default:
        throw MlflowException.invalidParameter(
            "Invalid comparator '"
                + clause.operator().symbol()
                + "' for numeric key '"
                + clause.key()
                + "'");
    }
  }

  private static Predicate<String> stringTest(FilterClause clause) {
    FilterValue value = clause.value();
    if (value instanceof FilterValue.TextList) {
      Set<String> set = new HashSet<>(((FilterValue.TextList) value).values());
      return clause.operator() == Operator.IN ? set::contains : v -> !set.contains(v);
    }
    if (!(value instanceof FilterValue.Text)) {
      throw MlflowException.invalidParameter(
          "Expected a quoted string value for " + clause.key() + ". Got value " + value);
    }
    String x = ((FilterValue.Text) value).value();
    switch (clause.operator()) {
      case EQ:
        return x::equals;
      case NE:
        return v -> !x.equals(v);
      case LIKE:
        {
          LikePattern p = LikePattern.compile(x, false);
          return p::matches;
        }
      case ILIKE:
        {
          LikePattern p = LikePattern.compile(x, true);
          return p::matches;
        }
      default:
        throw MlflowException.invalidParameter(
            "Invalid comparator '"
                + clause.operator().symbol()
                + "' for string key '"
                + clause.key()
                + "'");
    }
  }

  // ---------------------------------------------------------------- orders

  private static Comparator<Run> runOrder(OrderByClause clause) {
    String key = clause.key();
    boolean asc = clause.ascending();
    switch (clause.entity()) {
      case METRIC:
        return (a, b) -> compareDoubles(metric(a, key), metric(b, key), asc);
      case PARAM:
        return (a, b) -> compareNullable(param(a, key), param(b, key), asc);
      case TAG:
        return (a, b) -> compareNullable(tag(a, key), tag(b, key), asc);
      case ATTRIBUTE:
        switch (key) {
          case "start_time":
            return (a, b) ->
                directed(Long.compare(a.info().startTime(), b.info().startTime()), asc);
          case "end_time":
            return (a, b) -> compareNullable(endTime(a), endTime(b), asc);
          case "run_id":
            return (a, b) -> directed(a.info().runId().compareTo(b.info().runId()), asc);
          case "run_name":
            return (a, b) -> directed(a.info().runName().compareTo(b.info().runName()), asc);
          case "user_id":
            return (a, b) -> directed(a.info().userId().compareTo(b.info().userId()), asc);
          case "status":
            return (a, b) ->
                directed(a.info().status().name().compareTo(b.info().status().name()), asc);
          case "artifact_uri":
            return (a, b) ->
                directed(a.info().artifactUri().compareTo(b.info().artifactUri()), asc);
          default:
            throw MlflowException.invalidParameter(
                "Invalid attribute key '" + key + "' for a run order_by");
        }
      default:
        throw MlflowException.invalidParameter(
            "Invalid order_by entity type '"
                + clause.entity().name().toLowerCase(java.util.Locale.ROOT)
                + "'");
    }
  }

  private static Comparator<Experiment> experimentOrder(OrderByClause clause) {
    boolean asc = clause.ascending();
    if (clause.entity() != EntityType.ATTRIBUTE) {
      throw MlflowException.invalidParameter(
          "Invalid order_by entity: " + clause.entity().name().toLowerCase(java.util.Locale.ROOT));
    }
    switch (clause.key()) {
      case "name":
        return (a, b) -> directed(a.name().compareTo(b.name()), asc);
      case "experiment_id":
        return (a, b) -> directed(compareIds(a.experimentId(), b.experimentId()), asc);
      case "creation_time":
        return (a, b) -> directed(Long.compare(a.creationTime(), b.creationTime()), asc);
      case "last_update_time":
        return (a, b) -> directed(Long.compare(a.lastUpdateTime(), b.lastUpdateTime()), asc);
      default:
        throw MlflowException.invalidParameter(
            "Invalid attribute key '" + clause.key() + "' for an experiment order_by");
    }
  }

  /**
   * Numeric comparison of digit strings of any length; string comparison of other ids. Numeric ids
   * come before other ids, which keeps the order transitive ("9" &lt; "10" numerically but "10"
   * &lt; "1a" &lt; "9" as strings would not be).
   */
  static int compareIds(String a, String b) {
    boolean an = isDigits(a);
    boolean bn = isDigits(b);
    if (an != bn) {
      return an ? -1 : 1;
    }
    if (an) {
      String x = stripLeadingZeros(a);
      String y = stripLeadingZeros(b);
      if (x.length() != y.length()) {
        return Integer.compare(x.length(), y.length());
      }
      int c = x.compareTo(y);
      return c != 0 ? c : a.compareTo(b);
    }
    return a.compareTo(b);
  }

  private static boolean isDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static String stripLeadingZeros(String s) {
    int i = 0;
    while (i < s.length() - 1 && s.charAt(i) == '0') {
      i++;
    }
    return s.substring(i);
  }

  private static int directed(int c, boolean ascending) {
    return ascending ? c : -c;
  }

  /** Missing last in both directions, otherwise the natural order in the given direction. */
  private static <T extends Comparable<T>> int compareNullable(T a, T b, boolean ascending) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : 1) : -1;
    }
    return directed(a.compareTo(b), ascending);
  }

  /** Numbers in the given direction, then NaN, then missing, in both directions. */
  private static int compareDoubles(Metric a, Metric b, boolean ascending) {
    int ra = rank(a);
    int rb = rank(b);
    if (ra != 0 || rb != 0) {
      return Integer.compare(ra, rb);
    }
    return directed(Double.compare(a.value(), b.value()), ascending);
  }

  private static int rank(Metric m) {
    return m == null ? 2 : Double.isNaN(m.value()) ? 1 : 0;
  }

  // ---------------------------------------------------------------- run access

  private static Metric metric(Run run, String key) {
    for (Metric m : run.data().metrics()) {
      if (m.key().equals(key)) {
        return m;
      }
    }
    return null;
  }

  private static String param(Run run, String key) {
    for (Param p : run.data().params()) {
      if (p.key().equals(key)) {
        return p.value();
      }
    }
    return null;
  }

  private static String tag(Run run, String key) {
    for (RunTag t : run.data().tags()) {
      if (t.key().equals(key)) {
        return t.value();
      }
    }
    return null;
  }

  private static Long endTime(Run run) {
    OptionalLong end = run.info().endTime();
    return end.isPresent() ? end.getAsLong() : null;
  }

  private static <T> Predicate<T> allOf(List<Predicate<T>> parts) {
    if (parts.isEmpty()) {
      return t -> true;
    }
    if (parts.size() == 1) {
      return parts.get(0);
    }
    List<Predicate<T>> copy = List.copyOf(parts);
    return t -> {
      for (Predicate<T> p : copy) {
        if (!p.test(t)) {
          return false;
        }
      }
      return true;
    };
  }
}
