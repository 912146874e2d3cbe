package org.mlflow4j.store.sql.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.DatasetInput;
import org.mlflow4j.entity.LifecycleStage;
import org.mlflow4j.entity.MlflowTags;
import org.mlflow4j.entity.ViewType;
import org.mlflow4j.search.FilterClause;
import org.mlflow4j.search.FilterValue;
import org.mlflow4j.search.Operator;
import org.mlflow4j.search.OrderByClause;

/**
 * Translates a parsed run search (spec/search.md §2.5, §2.6) into one SQL query over {@code runs},
 * and an experiment search (§3) into one over {@code experiments}, that filters, orders and pages
 * in the database, with the semantics of the in-memory evaluator: each metric, param, tag and
 * dataset clause is an {@code EXISTS} sub-select on the run; metrics compare the latest value and
 * NaN fails every comparison but {@code !=}; string comparisons are case-sensitive ({@code ILIKE}
 * not) and {@code LIKE} knows only {@code %} and {@code _}; orders put missing values last (NaN
 * metrics just before them) and compare strings by code point. Not API.
 *
 * <p>Confined to one thread.
 */
public final class SearchSql {
  /** The escape character of LIKE patterns: makes {@code \} an ordinary character everywhere. */
  private static final char ESCAPE = '!';

  private final Dialect dialect;
  private final StringBuilder sql = new StringBuilder();
  private final List<Object> params = new ArrayList<>();
  private int aliases;

  private SearchSql(Dialect dialect) {
    this.dialect = dialect;
  }

  /**
   * The query, ready for {@link TrackingMapper#searchRuns}: runs of the experiments in the view
   * type that satisfy the filter, ordered, {@code limit} rows from {@code offset}.
   */
  public static SqlQuery runs(
      Dialect dialect,
      List<Integer> experimentIds,
      ViewType viewType,
      List<FilterClause> filter,
      List<OrderByClause> order,
      int offset,
      int limit) {
    return new SearchSql(dialect).build(experimentIds, viewType, filter, order, offset, limit);
  }

  /**
   * The query, ready for {@link TrackingMapper#searchExperiments}: experiments in the view type
   * that satisfy the filter, ordered, {@code limit} rows from {@code offset} (spec/search.md §3).
   */
  public static SqlQuery experiments(
      Dialect dialect,
      ViewType viewType,
      List<FilterClause> filter,
      List<OrderByClause> order,
      int offset,
      int limit) {
    return new SearchSql(dialect).buildExperiments(viewType, filter, order, offset, limit);
  }

  private SqlQuery buildExperiments(
      ViewType viewType,
      List<FilterClause> filter,
      List<OrderByClause> order,
      int offset,
      int limit) {
    StringBuilder where = new StringBuilder("e.lifecycle_stage IN (");
    where.append(String.join(", ", stageParams(viewType))).append(")");
    for (FilterClause clause : filter) {
      where.append(" AND ").append(experimentCondition(clause));
    }
    List<String> terms = new ArrayList<>();
    for (OrderByClause clause : order) {
      String dir = clause.ascending() ? " ASC" : " DESC";
      switch (clause.key()) {
        case "name":
          terms.add(sortable("e.name") + dir);
          break;
        case "experiment_id":
          terms.add("e.experiment_id" + dir);
          break;
        case "creation_time":
        case "last_update_time":
          terms.add("COALESCE(e." + clause.key() + ", 0)" + dir);
          break;
        default:
          throw MlflowException.invalidParameter(
              "Invalid attribute key '" + clause.key() + "' for an experiment order_by");
      }
    }
    sql.append("SELECT e.experiment_id, e.name, e.artifact_location, e.lifecycle_stage,")
        .append(" e.creation_time, e.last_update_time FROM experiments e WHERE ")
        .append(where)
        .append(" ORDER BY ")
        .append(String.join(", ", terms))
        .append(" LIMIT ")
        .append(limit)
        .append(" OFFSET ")
        .append(offset);
    return new SqlQuery(sql.toString(), params);
  }

  private List<String> stageParams(ViewType viewType) {
    List<String> result = new ArrayList<>();
    for (LifecycleStage stage : LifecycleStage.values()) {
      if (viewType.includes(stage)) {
        result.add(bind(stage.wireName()));
      }
    }
    return result;
  }

  private String experimentCondition(FilterClause clause) {
    if (clause.entity() == org.mlflow4j.search.EntityType.TAG) {
      return "EXISTS (SELECT 1 FROM experiment_tags t WHERE t.experiment_id = e.experiment_id AND "
          + textTest("t." + keyColumn(), Operator.EQ, new FilterValue.Text(clause.key()))
          + " AND "
          + textTest("COALESCE(t.value, '')", clause.operator(), clause.value())
          + ")";
    }
    switch (clause.key()) {
      case "name":
        return textTest("e.name", clause.operator(), clause.value());
      case "creation_time":
      case "last_update_time":
        return numberTest("COALESCE(e." + clause.key() + ", 0)", clause);
      default:
        throw MlflowException.invalidParameter(
            "Invalid attribute key '" + clause.key() + "' for an experiment filter");
    }
  }

  private SqlQuery build(
      List<Integer> experimentIds,
      ViewType viewType,
      List<FilterClause> filter,
      List<OrderByClause> order,
      int offset,
      int limit) {
    StringBuilder joins = new StringBuilder();
    List<String> orderTerms = new ArrayList<>();
    for (OrderByClause clause : order) {
      orderBy(clause, joins, orderTerms);
    }
    // Placeholders name their value by index, so the order of binding does not matter.
    StringBuilder where = new StringBuilder("r.experiment_id IN (");
    for (int i = 0; i < experimentIds.size(); i++) {
      where.append(i == 0 ? "" : ", ").append(bind(experimentIds.get(i)));
    }
    where.append(")");
    where
        .append(" AND r.lifecycle_stage IN (")
        .append(String.join(", ", stageParams(viewType)))
        .append(")");
    for (FilterClause clause : filter) {
      where.append(" AND ").append(condition(clause));
    }
    sql.append("SELECT r.run_uuid, r.name, r.source_type, r.source_name, r.entry_point_name,")
        .append(" r.user_id, r.status, r.start_time, r.end_time, r.source_version,")
        .append(" r.lifecycle_stage, r.artifact_uri, r.experiment_id, r.deleted_time FROM runs r")
        .append(joins)
        .append(" WHERE ")
        .append(where)
        .append(" ORDER BY ")
        .append(String.join(", ", orderTerms))
        .append(" LIMIT ")
        .append(limit)
        .append(" OFFSET ")
        .append(offset);
    return new SqlQuery(sql.toString(), params);
  }

  // ---- filter

  private String condition(FilterClause clause) {
    switch (clause.entity()) {
      case METRIC:
        return "EXISTS (SELECT 1 FROM latest_metrics m WHERE m.run_uuid = r.run_uuid AND "
            + textTest("m." + keyColumn(), Operator.EQ, new FilterValue.Text(clause.key()))
            + " AND "
            + metricTest(clause)
            + ")";
      case PARAM:
        return "EXISTS (SELECT 1 FROM params p WHERE p.run_uuid = r.run_uuid AND "
            + textTest("p." + keyColumn(), Operator.EQ, new FilterValue.Text(clause.key()))
            + " AND "
            + textTest("p.value", clause.operator(), clause.value())
            + ")";
      case TAG:
        return tagExists(clause.key(), clause.operator(), clause.value());
      case DATASET:
        return datasetCondition(clause);
      default:
        return attributeCondition(clause);
    }
  }

  private String tagExists(String key, Operator op, FilterValue value) {
    return "EXISTS (SELECT 1 FROM tags t WHERE t.run_uuid = r.run_uuid AND "
        + textTest("t." + keyColumn(), Operator.EQ, new FilterValue.Text(key))
        + " AND "
        + textTest("COALESCE(t.value, '')", op, value)
        + ")";
  }

  private String attributeCondition(FilterClause clause) {
    switch (clause.key()) {
      case "start_time":
        return numberTest("COALESCE(r.start_time, 0)", clause);
      case "end_time":
        return numberTest("r.end_time", clause);
      case "run_id":
        return textTest("r.run_uuid", clause.operator(), clause.value());
      case "run_name":
        return tagExists(MlflowTags.RUN_NAME, clause.operator(), clause.value());
      case "user_id":
        return textTest("COALESCE(r.user_id, '')", clause.operator(), clause.value());
      case "status":
        return textTest("r.status", clause.operator(), clause.value());
      case "artifact_uri":
        return textTest("COALESCE(r.artifact_uri, '')", clause.operator(), clause.value());
      default:
        throw MlflowException.invalidParameter(
            "Invalid attribute key '" + clause.key() + "' for a run filter");
    }
  }

  private String datasetCondition(FilterClause clause) {
    String from = "EXISTS (SELECT 1 FROM inputs i JOIN datasets d ON d.dataset_uuid = i.source_id";
    String edge =
        " WHERE i.destination_id = r.run_uuid AND i.source_type = 'DATASET'"
            + " AND i.destination_type = 'RUN' AND ";
    switch (clause.key()) {
      case "name":
        return from + edge + textTest("d.name", clause.operator(), clause.value()) + ")";
      case "digest":
        return from + edge + textTest("d.digest", clause.operator(), clause.value()) + ")";
      case "context":
        return from
            + " JOIN input_tags it ON it.input_uuid = i.input_uuid"
            + edge
            + "it.name = "
            + bind(DatasetInput.CONTEXT_TAG)
            + " AND "
            + textTest("it.value", clause.operator(), clause.value())
            + ")";
      default:
        throw MlflowException.invalidParameter(
            "Invalid dataset key '" + clause.key() + "' for a run filter");
    }
  }

  /** NaN (stored as 0 with is_nan) fails every comparison but {@code !=}, which it passes. */
  private String metricTest(FilterClause clause) {
    String op = numericOperator(clause);
    double x = numeric(clause);
    if (clause.operator() == Operator.NE) {
      return "(m.is_nan = " + bind(Boolean.TRUE) + " OR m.value <> " + bind(x) + ")";
    }
    return "(m.is_nan = " + bind(Boolean.FALSE) + " AND m.value " + op + " " + bind(x) + ")";
  }

  private String numberTest(String column, FilterClause clause) {
    return column + " " + numericOperator(clause) + " " + bind(numeric(clause));
  }

  private static double numeric(FilterClause clause) {
    if (!(clause.value() instanceof FilterValue.Numeric n)) {
      throw MlflowException.invalidParameter(
          "Expected numeric value type for " + clause.key() + ". Found " + clause.value());
    }
    return n.value();
  }

  private static String numericOperator(FilterClause clause) {
    switch (clause.operator()) {
      case EQ:
        return "=";
      case NE:
        return "<>";
      case LT:
        return "<";
      case LE:
        return "<=";
      case GT:
        return ">";
      case GE:
        return ">=";
      default:
        throw MlflowException.invalidParameter(
            "Invalid comparator '"
                + clause.operator().symbol()
                + "' for numeric key '"
                + clause.key()
                + "'");
    }
  }

  /** A case-sensitive string comparison (ILIKE excepted) of a column with a value. */
  private String textTest(String column, Operator op, FilterValue value) {
    if (value instanceof FilterValue.TextList list) {
      if (list.values().isEmpty()) {
        return op == Operator.IN ? "1 = 0" : "1 = 1";
      }
      StringBuilder in = new StringBuilder(exact(column));
      in.append(op == Operator.IN ? " IN (" : " NOT IN (");
      for (int i = 0; i < list.values().size(); i++) {
        in.append(i == 0 ? "" : ", ").append(bind(list.values().get(i)));
      }
      return in.append(")").toString();
    }
    if (!(value instanceof FilterValue.Text text)) {
      throw MlflowException.invalidParameter(
          "Expected a quoted string value for " + column + ". Got value " + value);
    }
    String x = text.value();
    switch (op) {
      case EQ:
        return exact(column) + " = " + bind(x);
      case NE:
        return exact(column) + " <> " + bind(x);
      case LIKE:
        return exact(column) + " LIKE " + bind(escapeLike(x)) + " ESCAPE '" + ESCAPE + "'";
      case ILIKE:
        if (dialect == Dialect.POSTGRESQL) {
          return column + " ILIKE " + bind(escapeLike(x)) + " ESCAPE '" + ESCAPE + "'";
        }
        return "LOWER("
            + column
            + ") LIKE LOWER("
            + bind(escapeLike(x))
            + ") ESCAPE '"
            + ESCAPE
            + "'";
      default:
        throw MlflowException.invalidParameter(
            "Invalid comparator '" + op.symbol() + "' for string key '" + column + "'");
    }
  }

  private static String escapeLike(String pattern) {
    return pattern.replace(String.valueOf(ESCAPE), "" + ESCAPE + ESCAPE);
  }

  /** The column compared byte for byte: MySQL's default collations ignore case. */
  private String exact(String column) {
    return dialect == Dialect.MYSQL ? "BINARY " + column : column;
  }

  /** The column sorted by code point. */
  private String sortable(String column) {
    switch (dialect) {
      case POSTGRESQL:
        return column + " COLLATE \"C\"";
      case MYSQL:
        return "BINARY " + column;
      default:
        return column;
    }
  }

  private String keyColumn() {
    return dialect == Dialect.MYSQL ? "`key`" : "key";
  }

  // ---- order

  private void orderBy(OrderByClause clause, StringBuilder joins, List<String> terms) {
    String dir = clause.ascending() ? " ASC" : " DESC";
    switch (clause.entity()) {
      case METRIC:
        {
          String a = "o" + (++aliases);
          joins
              .append(" LEFT JOIN latest_metrics ")
              .append(a)
              .append(" ON ")
              .append(a)
              .append(".run_uuid = r.run_uuid AND ")
              .append(
                  textTest(a + "." + keyColumn(), Operator.EQ, new FilterValue.Text(clause.key())));
          terms.add(
              "CASE WHEN "
                  + a
                  + ".run_uuid IS NULL THEN 2 WHEN "
                  + a
                  + ".is_nan = "
                  + bind(Boolean.TRUE)
                  + " THEN 1 ELSE 0 END");
          terms.add(a + ".value" + dir);
          return;
        }
      case PARAM:
      case TAG:
        {
          String a = "o" + (++aliases);
          String table =
              clause.entity() == org.mlflow4j.search.EntityType.PARAM ? "params" : "tags";
          joins
              .append(" LEFT JOIN ")
              .append(table)
              .append(' ')
              .append(a)
              .append(" ON ")
              .append(a)
              .append(".run_uuid = r.run_uuid AND ")
              .append(
                  textTest(a + "." + keyColumn(), Operator.EQ, new FilterValue.Text(clause.key())));
          terms.add("CASE WHEN " + a + ".run_uuid IS NULL THEN 1 ELSE 0 END");
          terms.add(sortable("COALESCE(" + a + ".value, '')") + dir);
          return;
        }
      case ATTRIBUTE:
        break;
      default:
        throw MlflowException.invalidParameter(
            "Invalid order_by entity type '" + clause.entity() + "'");
    }
    switch (clause.key()) {
      case "start_time":
        terms.add("COALESCE(r.start_time, 0)" + dir);
        return;
      case "end_time":
        terms.add("CASE WHEN r.end_time IS NULL THEN 1 ELSE 0 END");
        terms.add("r.end_time" + dir);
        return;
      default:
        break;
    }
    Map<String, String> columns =
        Map.of(
            "run_id", "r.run_uuid",
            "run_name", "COALESCE(r.name, '')",
            "user_id", "COALESCE(r.user_id, '')",
            "status", "r.status",
            "artifact_uri", "COALESCE(r.artifact_uri, '')");
    String column = columns.get(clause.key());
    if (column == null) {
      throw MlflowException.invalidParameter(
          "Invalid attribute key '" + clause.key() + "' for a run order_by");
    }
    terms.add(sortable(column) + dir);
  }

  private String bind(Object value) {
    params.add(value);
    return "#{params[" + (params.size() - 1) + "]}";
  }
}
