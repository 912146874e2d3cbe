package org.mlflow4j.search;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.mlflow4j.MlflowException;
import org.mlflow4j.search.Token.Kind;

/**
 * Parses MLflow's search filters and order-by lists for runs and experiments into {@link
 * FilterClause}s and {@link OrderByClause}s, with MLflow's error messages. A store that searches in
 * memory hands the result to {@link SearchEvaluator}; a SQL store translates it.
 *
 * <p>The accepted language (spec/search.md §1): clauses {@code identifier comparator value} joined
 * by {@code AND} (case-insensitive; stray {@code AND}s at either end are tolerated); identifiers
 * {@code [prefix.]key} split at the first dot, keys quoted with backticks or double quotes when
 * they hold other characters than letters, digits and {@code _}; values are numeric literals,
 * strings in single or double quotes (a doubled quote stands for one quote), or parenthesised lists
 * of strings for {@code IN} / {@code NOT IN}.
 *
 * <p>Every error is an {@link MlflowException} with code {@code INVALID_PARAMETER_VALUE}; errors of
 * structure are reported first, then errors of keys and values, then of comparators, as MLflow
 * reports them.
 *
 * <p>Stateless and thread-safe.
 */
public final class SearchParser {
  private SearchParser() {}

  private static final List<String> ENTITY_NAMES =
      List.of("metric", "parameter", "tag", "attribute", "dataset");

  private static final Set<String> RUN_STRING_ATTRIBUTES =
      Set.of("run_id", "run_name", "user_id", "status", "artifact_uri");
  private static final Set<String> RUN_NUMERIC_ATTRIBUTES = Set.of("start_time", "end_time");
  private static final Set<String> RUN_SEARCH_KEYS =
      sorted(
          "run_id",
          "run_name",
          "user_id",
          "status",
          "artifact_uri",
          "start_time",
          "end_time",
          "created",
          "Created",
          "run name",
          "Run name",
          "Run Name");
  private static final Set<String> RUN_ORDER_KEYS =
      sorted(
          "run_id",
          "run_name",
          "user_id",
          "status",
          "artifact_uri",
          "start_time",
          "end_time",
          "created",
          "Created");
  private static final Set<String> DATASET_KEYS = ordered("name", "digest", "context");

  private static final Set<String> EXPERIMENT_SEARCH_KEYS =
      ordered("name", "creation_time", "last_update_time");
  private static final Set<String> EXPERIMENT_NUMERIC_KEYS =
      Set.of("creation_time", "last_update_time");
  private static final Set<String> EXPERIMENT_ORDER_KEYS =
      ordered("name", "experiment_id", "creation_time", "last_update_time");

  private static final Set<Operator> NUMERIC_OPS =
      ordered(Operator.EQ, Operator.NE, Operator.LT, Operator.LE, Operator.GT, Operator.GE);
  private static final Set<Operator> STRING_OPS =
      ordered(Operator.EQ, Operator.NE, Operator.LIKE, Operator.ILIKE);
  private static final Set<Operator> LIST_STRING_OPS =
      ordered(
          Operator.EQ, Operator.NE, Operator.LIKE, Operator.ILIKE, Operator.IN, Operator.NOT_IN);

  /** Words that can never start a clause or be a value. */
  private static final Set<String> RESERVED =
      Set.of("AND", "OR", "NOT", "IN", "LIKE", "ILIKE", "IS", "NULL", "BETWEEN");

  private enum Target {
    RUNS,
    EXPERIMENTS
  }

  // ---------------------------------------------------------------- public API

  /**
   * Parses a {@code search_runs} filter. An empty or blank filter gives no clauses.
   *
   * @throws MlflowException INVALID_PARAMETER_VALUE naming the offending clause
   */
  public static List<FilterClause> parseRunFilter(String filter) {
    return parseFilter(filter, Target.RUNS);
  }

  /**
   * Parses a {@code search_experiments} filter ({@code name}, {@code creation_time}, {@code
   * last_update_time}, {@code tags.<key>}). An empty or blank filter gives no clauses.
   *
   * @throws MlflowException INVALID_PARAMETER_VALUE naming the offending clause
   */
  public static List<FilterClause> parseExperimentFilter(String filter) {
    return parseFilter(filter, Target.EXPERIMENTS);
  }

  /**
   * Parses a {@code search_runs} order-by list and returns the complete order to apply: the given
   * clauses, then {@code start_time DESC} unless start_time was given, then {@code run_id ASC}.
   * Duplicate keys (after aliases) are an error.
   *
   * @throws MlflowException INVALID_PARAMETER_VALUE naming the offending element
   */
  public static List<OrderByClause> parseRunOrderBy(List<String> orderBy) {
    List<OrderByClause> result = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String element : orderBy) {
      OrderByClause clause = parseRunOrderByElement(element);
      if (!seen.add(clause.entity() + "\u0000" + clause.key())) {
        throw MlflowException.invalidParameter(
            "`order_by` contains duplicate fields: " + PyText.list(orderBy));
      }
      result.add(clause);
    }
    if (!seen.contains(EntityType.ATTRIBUTE + "\u0000start_time")) {
      result.add(OrderByClause.attribute("start_time", false));
    }
    result.add(OrderByClause.attribute("run_id", true));
    return List.copyOf(result);
  }

  /**
   * Parses a {@code search_experiments} order-by list and returns the complete order to apply: the
   * given clauses (by default {@code creation_time DESC, experiment_id ASC}), then {@code
   * experiment_id DESC} unless experiment_id was given.
   *
   * @throws MlflowException INVALID_PARAMETER_VALUE naming the offending element
   */
  public static List<OrderByClause> parseExperimentOrderBy(List<String> orderBy) {
    List<String> elements =
        orderBy.isEmpty() ? List.of("creation_time DESC", "experiment_id ASC") : orderBy;
    List<OrderByClause> result = new ArrayList<>();
    boolean hasId = false;
    for (String element : elements) {
      OrderByClause clause = parseExperimentOrderByElement(element);
      hasId |= clause.key().equals("experiment_id");
      result.add(clause);
    }
    if (!hasId) {
      result.add(OrderByClause.attribute("experiment_id", false));
    }
    return List.copyOf(result);
  }

  // ---------------------------------------------------------------- filter syntax

  /** A clause as written, before keys and values are checked. */
  private record RawClause(
      String text,
      List<Token> parts,
      String comparator,
      Token value,
      List<Token> list,
      String listText) {}

  private static List<FilterClause> parseFilter(String filter, Target target) {
    Objects.requireNonNull(filter, "filter");
    if (filter.isBlank()) {
      return List.of();
    }
    List<Token> tokens = Lexer.tokenize(filter);
    checkSingleStatement(filter, tokens);
    List<RawClause> raw = new Syntax(filter, tokens).clauses();
    // keys and values of every clause first, then comparators, in MLflow's order of errors
    List<Resolved> resolved = new ArrayList<>();
    for (RawClause clause : raw) {
      resolved.add(
          target == Target.RUNS ? resolveRunClause(clause) : resolveExperimentClause(clause));
    }
    List<FilterClause> result = new ArrayList<>();
    for (Resolved r : resolved) {
      result.add(r.toClause());
    }
    return List.copyOf(result);
  }

  private static void checkSingleStatement(String filter, List<Token> tokens) {
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.get(i).is(Kind.SEMICOLON)) {
        for (int j = i + 1; j < tokens.size(); j++) {
          if (!tokens.get(j).is(Kind.WHITESPACE) && !tokens.get(j).is(Kind.SEMICOLON)) {
            throw MlflowException.invalidParameter(
                "Search filter contained multiple expression "
                    + PyText.repr(filter)
                    + ". Provide AND-ed expression list.");
          }
        }
        return; // a trailing ';' is reported as an invalid clause by the syntax pass
      }
    }
  }

  /** Groups tokens into raw clauses; confined to one parse. */
  private static final class Syntax {
    private final String input;
    private final List<Token> tokens;
    private int pos;

    Syntax(String input, List<Token> tokens) {
      this.input = input;
      this.tokens = tokens;
    }

    List<RawClause> clauses() {
      List<RawClause> out = new ArrayList<>();
      while (true) {
        skipWhitespace();
        if (atEnd()) {
          return out;
        }
        if (peek().isKeyword("AND")) {
          pos++;
          continue;
        }
        out.add(clause());
        skipWhitespace();
        if (!atEnd() && !peek().isKeyword("AND")) {
          throw invalid(pos, pos);
        }
      }
    }

    private RawClause clause() {
      int start = pos;
      List<Token> parts = identifier(start);
      skipWhitespace();
      String comparator = comparator(start);
      skipWhitespace();
      if (atEnd()) {
        throw invalid(start, pos);
      }
      Token value = peek();
      List<Token> list = null;
      String listText = null;
      if (value.is(Kind.LPAREN)) {
        int open = pos;
        pos++;
        list = new ArrayList<>();
        while (!atEnd() && !peek().is(Kind.RPAREN)) {
          Token t = peek();
          if (t.is(Kind.LPAREN) || t.is(Kind.SEMICOLON) || t.is(Kind.UNTERMINATED)) {
            throw invalid(start, pos);
          }
          if (!t.is(Kind.WHITESPACE)) {
            list.add(t);
          }
          pos++;
        }
        if (atEnd()) {
          throw invalid(start, pos);
        }
        listText = input.substring(tokens.get(open).start(), peek().end());
        pos++;
      } else if (comparator.equals("IN") || comparator.equals("NOT IN")) {
        throw invalid(start, pos);
      } else if (value.is(Kind.NUMBER)
          || value.is(Kind.SINGLE_QUOTED)
          || value.is(Kind.DOUBLE_QUOTED)
          || value.is(Kind.BACKTICKED)
          || (value.is(Kind.WORD) && !RESERVED.contains(value.raw().toUpperCase(Locale.ROOT)))) {
        pos++;
      } else {
        throw invalid(start, pos);
      }
      String text = input.substring(tokens.get(start).start(), tokens.get(pos - 1).end());
      return new RawClause(text, parts, comparator, list == null ? value : null, list, listText);
    }

    /** The parts of {@code part(.part)*}, written without spaces around the dots. */
    private List<Token> identifier(int clauseStart) {
      List<Token> parts = new ArrayList<>();
      Token first = atEnd() ? null : peek();
      if (first == null
          || !isIdentifierPart(first)
          || (first.is(Kind.WORD) && RESERVED.contains(first.raw().toUpperCase(Locale.ROOT)))) {
        throw invalid(clauseStart, pos);
      }
      parts.add(first);
      pos++;
      while (!atEnd() && peek().is(Kind.DOT) && peek().start() == tokens.get(pos - 1).end()) {
        pos++;
        if (atEnd() || !isIdentifierPart(peek()) || peek().start() != tokens.get(pos - 1).end()) {
          throw invalid(clauseStart, pos);
        }
        parts.add(peek());
        pos++;
      }
      return parts;
    }

    private String comparator(int clauseStart) {
      if (atEnd()) {
        throw invalid(clauseStart, pos);
      }
      Token t = peek();
      if (t.is(Kind.COMPARISON)) {
        pos++;
        return t.raw();
      }
      if (t.isKeyword("LIKE") || t.isKeyword("ILIKE") || t.isKeyword("IN")) {
        pos++;
        return t.raw().toUpperCase(Locale.ROOT);
      }
      if (t.isKeyword("NOT")) {
        pos++;
        skipWhitespace();
        if (!atEnd()
            && (peek().isKeyword("LIKE") || peek().isKeyword("ILIKE") || peek().isKeyword("IN"))) {
          return "NOT " + tokens.get(pos++).raw().toUpperCase(Locale.ROOT);
        }
      }
      throw invalid(clauseStart, pos);
    }

    private MlflowException invalid(int clauseStart, int offending) {
      int end = input.length();
      for (int i = Math.max(clauseStart + 1, offending + 1); i < tokens.size(); i++) {
        if (tokens.get(i).isKeyword("AND")) {
          end = tokens.get(i).start();
          break;
        }
      }
      int from = tokens.get(Math.min(clauseStart, tokens.size() - 1)).start();
      String clause = input.substring(Math.min(from, end), end).strip();
      String where;
      if (offending >= tokens.size()) {
        where = "the filter ends too early";
      } else {
        Token t = tokens.get(offending);
        where =
            (t.is(Kind.UNTERMINATED)
                    ? "unterminated quote at index "
                    : "unexpected '" + t.raw() + "' at index ")
                + t.start();
      }
      return MlflowException.invalidParameter(
          "Invalid clause(s) in filter string: '" + clause + "' (" + where + ")");
    }

    private boolean atEnd() {
      return pos >= tokens.size();
    }

    private Token peek() {
      return tokens.get(pos);
    }

    private void skipWhitespace() {
      while (!atEnd() && peek().is(Kind.WHITESPACE)) {
        pos++;
      }
    }
  }

  private static boolean isIdentifierPart(Token t) {
    return t.is(Kind.WORD) || t.is(Kind.BACKTICKED) || t.is(Kind.DOUBLE_QUOTED);
  }

  // ---------------------------------------------------------------- keys and values

  /** A clause whose key and value are checked; its comparator is checked by toClause(). */
  private record Resolved(
      RawClause raw, EntityType entity, String key, FilterValue value, Set<Operator> allowed) {
    FilterClause toClause() {
      Operator op = Operator.fromSymbol(raw.comparator());
      if (op == null || !allowed.contains(op)) {
        throw MlflowException.invalidParameter(
            "Invalid comparator '"
                + raw.comparator()
                + "' not one of '"
                + opSet(allowed)
                + "'"
                + inClause(raw));
      }
      if (op.takesList() != (value instanceof FilterValue.TextList)) {
        throw MlflowException.invalidParameter(
            "Invalid comparator '"
                + raw.comparator()
                + "' for a list of values; use IN or NOT IN"
                + inClause(raw));
      }
      return new FilterClause(entity, key, op, value);
    }
  }

  /** The prefix as written (backticks removed if {@code unquotePrefix}) and the key. */
  private record Identifier(String prefix, String key) {}

  private static Identifier split(List<Token> parts, boolean unquotePrefix) {
    if (parts.size() == 1) {
      return new Identifier(null, unquoteKey(parts.get(0)));
    }
    Token p = parts.get(0);
    String prefix = p.is(Kind.BACKTICKED) && unquotePrefix ? p.value() : p.raw();
    String key;
    if (parts.size() == 2) {
      key = unquoteKey(parts.get(1));
    } else {
      // a.b.c: the key is everything after the first dot, as written
      StringBuilder b = new StringBuilder();
      for (int i = 1; i < parts.size(); i++) {
        b.append(i > 1 ? "." : "").append(parts.get(i).raw());
      }
      key = b.toString();
    }
    return new Identifier(prefix, key);
  }

  private static String unquoteKey(Token t) {
    return t.is(Kind.WORD) ? t.raw() : t.value();
  }

  private static EntityType runEntity(String prefix, String where) {
    if (prefix == null) {
      return EntityType.ATTRIBUTE;
    }
    switch (prefix) {
      case "metric":
      case "metrics":
        return EntityType.METRIC;
      case "parameter":
      case "parameters":
      case "param":
      case "params":
        return EntityType.PARAM;
      case "tag":
      case "tags":
        return EntityType.TAG;
      case "attribute":
      case "attributes":
      case "attr":
      case "run":
        return EntityType.ATTRIBUTE;
      case "dataset":
      case "datasets":
        return EntityType.DATASET;
      default:
        throw MlflowException.invalidParameter(
            "Invalid entity type '"
                + prefix
                + "'. Valid values are "
                + PyText.list(ENTITY_NAMES)
                + where);
    }
  }

  /** Checks the key of a run identifier and returns it with aliases normalised. */
  private static String runKey(
      EntityType entity, String key, Set<String> validAttributes, String where) {
    if (entity == EntityType.ATTRIBUTE) {
      if (!validAttributes.contains(key)) {
        throw MlflowException.invalidParameter(
            "Invalid attribute key '"
                + key
                + "' specified. Valid keys are '"
                + PyText.set(validAttributes)
                + "'"
                + where);
      }
      return normaliseRunAttribute(key);
    }
    if (entity == EntityType.DATASET && !DATASET_KEYS.contains(key)) {
      throw MlflowException.invalidParameter(
          "Invalid dataset key '"
              + key
              + "' specified. Valid keys are '"
              + PyText.set(DATASET_KEYS)
              + "'"
              + where);
    }
    return key;
  }

  private static String normaliseRunAttribute(String key) {
    switch (key) {
      case "created":
      case "Created":
        return "start_time";
      case "run name":
      case "Run name":
      case "Run Name":
        return "run_name";
      default:
        return key;
    }
  }

  private static String entityWord(EntityType entity) {
    return entity == EntityType.PARAM ? "parameter" : entity.name().toLowerCase(Locale.ROOT);
  }

  private static Resolved resolveRunClause(RawClause raw) {
    Identifier id = split(raw.parts(), true);
    EntityType entity = runEntity(id.prefix(), inClause(raw));
    String writtenKey = id.key();
    String key = runKey(entity, writtenKey, RUN_SEARCH_KEYS, inClause(raw));
    switch (entity) {
      case METRIC:
        return new Resolved(
            raw,
            entity,
            key,
            numeric(raw, "Expected numeric value type for metric. Found "),
            NUMERIC_OPS);
      case PARAM:
      case TAG:
        return new Resolved(raw, entity, key, quotedString(raw, entity), STRING_OPS);
      case DATASET:
        return new Resolved(raw, entity, key, datasetValue(raw), LIST_STRING_OPS);
      default:
        if (RUN_NUMERIC_ATTRIBUTES.contains(key)) {
          return new Resolved(
              raw,
              entity,
              key,
              numeric(
                  raw,
                  "Expected numeric value type for numeric attribute: " + writtenKey + ". Found "),
              NUMERIC_OPS);
        }
        return new Resolved(
            raw,
            entity,
            key,
            stringAttribute(raw, key),
            key.equals("run_id") ? LIST_STRING_OPS : STRING_OPS);
    }
  }

  private static Resolved resolveExperimentClause(RawClause raw) {
    Identifier id = split(raw.parts(), false);
    EntityType entity = experimentEntity(id.prefix(), inClause(raw));
    String key = id.key();
    if (entity == EntityType.TAG) {
      return new Resolved(raw, entity, key, quotedString(raw, entity), STRING_OPS);
    }
    if (!EXPERIMENT_SEARCH_KEYS.contains(key)) {
      throw MlflowException.invalidParameter(
          "Invalid attribute key '"
              + key
              + "' specified. Valid keys are '"
              + PyText.set(EXPERIMENT_SEARCH_KEYS)
              + "'"
              + inClause(raw));
    }
    if (EXPERIMENT_NUMERIC_KEYS.contains(key)) {
      return new Resolved(
          raw,
          entity,
          key,
          numeric(raw, "Expected numeric value type for numeric attribute: " + key + ". Found "),
          NUMERIC_OPS);
    }
    return new Resolved(raw, entity, key, stringAttribute(raw, key), STRING_OPS);
  }

  private static EntityType experimentEntity(String prefix, String where) {
    if (prefix == null || prefix.equals("attribute")) {
      return EntityType.ATTRIBUTE;
    }
    if (prefix.equals("tag") || prefix.equals("tags")) {
      return EntityType.TAG;
    }
    throw MlflowException.invalidParameter(
        "Invalid entity type '"
            + prefix
            + "'. Valid entity types are ('attribute', 'tag', 'tags')"
            + where);
  }

  private static String valueText(RawClause raw) {
    return raw.value() != null ? raw.value().raw() : raw.listText();
  }

  private static FilterValue numeric(RawClause raw, String message) {
    if (raw.value() == null || !raw.value().is(Kind.NUMBER)) {
      throw MlflowException.invalidParameter(message + valueText(raw) + inClause(raw));
    }
    String literal = raw.value().raw();
    return new FilterValue.Numeric(literal, Double.parseDouble(literal));
  }

  /** A quoted string; a bare or backticked word gets MLflow's "not quoted" error. */
  private static FilterValue.Text quotedOrUnquotedError(RawClause raw) {
    Token v = raw.value();
    if (v.isQuotedString()) {
      return new FilterValue.Text(v.value());
    }
    throw MlflowException.invalidParameter(
        "Parameter value is either not quoted or unidentified quote types used for string value "
            + v.raw()
            + ". Use either single or double quotes."
            + inClause(raw));
  }

  private static boolean isStringLike(Token v) {
    return v != null && (v.isQuotedString() || v.is(Kind.BACKTICKED) || v.is(Kind.WORD));
  }

  private static FilterValue quotedString(RawClause raw, EntityType entity) {
    if (isStringLike(raw.value())) {
      return quotedOrUnquotedError(raw);
    }
    throw MlflowException.invalidParameter(
        "Expected a quoted string value for "
            + entityWord(entity)
            + " (e.g. 'my-value'). Got value "
            + valueText(raw)
            + inClause(raw));
  }

  private static FilterValue stringAttribute(RawClause raw, String key) {
    if (isStringLike(raw.value())) {
      return quotedOrUnquotedError(raw);
    }
    if (raw.list() != null) {
      if (!key.equals("run_id")) {
        throw MlflowException.invalidParameter(
            "Only the 'run_id' attribute supports comparison with a list of quoted string values."
                + inClause(raw));
      }
      List<String> ids = new ArrayList<>();
      for (String id : stringList(raw)) {
        if (isPythonLower(id)) {
          ids.add(id);
        }
      }
      return new FilterValue.TextList(ids);
    }
    throw MlflowException.invalidParameter(
        "Expected a quoted string value for attributes. Got value "
            + valueText(raw)
            + inClause(raw));
  }

  private static FilterValue datasetValue(RawClause raw) {
    if (isStringLike(raw.value())) {
      return quotedOrUnquotedError(raw);
    }
    if (raw.list() != null) {
      return new FilterValue.TextList(stringList(raw));
    }
    throw MlflowException.invalidParameter(
        "Expected a quoted string value for dataset attributes. Got value "
            + valueText(raw)
            + inClause(raw));
  }

  /** The strings of a list value: {@code ('a', "b")}, a trailing comma allowed. */
  private static List<String> stringList(RawClause raw) {
    List<Token> items = raw.list();
    if (items.isEmpty()) {
      throw MlflowException.invalidParameter(
          "While parsing a list in the query, expected a non-empty list of string values, but got"
              + " empty list"
              + inClause(raw));
    }
    List<String> values = new ArrayList<>();
    boolean expectItem = true;
    boolean wrongType = false;
    for (Token t : items) {
      if (expectItem) {
        if (t.isQuotedString()) {
          values.add(t.value());
        } else if (t.is(Kind.NUMBER)) {
          wrongType = true;
        } else {
          throw illFormed(raw);
        }
        expectItem = false;
      } else if (t.is(Kind.COMMA)) {
        expectItem = true;
      } else {
        throw illFormed(raw);
      }
    }
    if (expectItem && items.size() == 1) {
      throw illFormed(raw); // "(,)"
    }
    if (wrongType) {
      throw MlflowException.invalidParameter(
          "While parsing a list in the query, expected string value, punctuation, or whitespace, "
              + "but got different type in list: "
              + raw.listText()
              + inClause(raw));
    }
    return values;
  }

  private static MlflowException illFormed(RawClause raw) {
    return MlflowException.invalidParameter(
        "While parsing a list in the query, expected a non-empty list of string values, but got"
            + " ill-formed list."
            + inClause(raw));
  }

  /** Python's str.islower(): some cased character and no upper-case one. */
  private static boolean isPythonLower(String s) {
    boolean cased = false;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (Character.isUpperCase(cp) || Character.isTitleCase(cp)) {
        return false;
      }
      cased |= Character.isLowerCase(cp);
      i += Character.charCount(cp);
    }
    return cased;
  }

  private static String inClause(RawClause raw) {
    return " (in clause '" + raw.text() + "')";
  }

  private static String inOrderBy(String element) {
    return " (in order_by clause '" + element + "')";
  }

  // ---------------------------------------------------------------- order by

  /** The identifier of an order-by element and whether it is ascending. */
  private record OrderSyntax(List<Token> parts, boolean ascending) {}

  private static OrderSyntax orderSyntax(String element) {
    Objects.requireNonNull(element, "order_by element");
    List<Token> tokens = new ArrayList<>(Lexer.tokenize(element));
    tokens.removeIf(t -> t.is(Kind.WHITESPACE) && (t.start() == 0 || t.end() == element.length()));
    MlflowException unparsable =
        MlflowException.invalidParameter(
            "Invalid order_by clause '" + element + "'. Could not be parsed.");
    if (tokens.isEmpty() || !isIdentifierPart(tokens.get(0))) {
      throw unparsable;
    }
    List<Token> parts = new ArrayList<>();
    parts.add(tokens.get(0));
    int i = 1;
    while (i + 1 < tokens.size()
        && tokens.get(i).is(Kind.DOT)
        && isIdentifierPart(tokens.get(i + 1))
        && tokens.get(i).start() == tokens.get(i - 1).end()
        && tokens.get(i + 1).start() == tokens.get(i).end()) {
      parts.add(tokens.get(i + 1));
      i += 2;
    }
    if (i == tokens.size()) {
      return new OrderSyntax(parts, true);
    }
    if (i + 2 == tokens.size()
        && tokens.get(i).is(Kind.WHITESPACE)
        && tokens.get(i + 1).is(Kind.WORD)) {
      String direction = tokens.get(i + 1).raw().toLowerCase(Locale.ROOT);
      if (direction.equals("asc") || direction.equals("desc")) {
        return new OrderSyntax(parts, direction.equals("asc"));
      }
      throw MlflowException.invalidParameter(
          "Invalid ordering key in order_by clause '" + element + "'.");
    }
    throw unparsable;
  }

  private static OrderByClause parseRunOrderByElement(String element) {
    OrderSyntax syntax = orderSyntax(element);
    Identifier id = split(syntax.parts(), true);
    String where = inOrderBy(element);
    EntityType entity = runEntity(id.prefix(), where);
    String key = runKey(entity, id.key(), RUN_ORDER_KEYS, where);
    if (entity == EntityType.DATASET) {
      throw MlflowException.invalidParameter("Invalid order_by entity type 'dataset'" + where);
    }
    return new OrderByClause(entity, key, syntax.ascending());
  }

  private static OrderByClause parseExperimentOrderByElement(String element) {
    OrderSyntax syntax = orderSyntax(element);
    Identifier id = split(syntax.parts(), false);
    String where = inOrderBy(element);
    EntityType entity = experimentEntity(id.prefix(), where);
    if (entity == EntityType.TAG) {
      throw MlflowException.invalidParameter("Invalid order_by entity: tag" + where);
    }
    if (!EXPERIMENT_ORDER_KEYS.contains(id.key())) {
      throw MlflowException.invalidParameter(
          "Invalid attribute key '"
              + id.key()
              + "' specified. Valid keys are '"
              + PyText.set(EXPERIMENT_ORDER_KEYS)
              + "'"
              + where);
    }
    return new OrderByClause(entity, id.key(), syntax.ascending());
  }

  // ---------------------------------------------------------------- helpers

  private static String opSet(Set<Operator> ops) {
    List<String> symbols = new ArrayList<>();
    ops.forEach(op -> symbols.add(op.symbol()));
    return PyText.set(symbols);
  }

  private static Set<String> sorted(String... items) {
    List<String> list = new ArrayList<>(List.of(items));
    list.sort(null);
    return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(list));
  }

  @SafeVarargs
  private static <T> Set<T> ordered(T... items) {
    Set<T> set = new LinkedHashSet<>();
    for (T item : items) {
      set.add(item);
    }
    return java.util.Collections.unmodifiableSet(set);
  }
}
