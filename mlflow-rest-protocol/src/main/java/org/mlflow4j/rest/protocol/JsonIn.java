package org.mlflow4j.rest.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import org.mlflow4j.MlflowException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Reads the fields of one JSON object with MLflow's request rules (spec/rest-api.md §1.2): null and
 * absent mean unset, int64 from numbers or decimal strings, doubles from numbers, numeric strings,
 * NaN/Infinity strings and {@code true}, enums by name or number. Type mismatches and missing
 * required fields raise MLflow's INVALID_PARAMETER_VALUE messages, naming the field by its path
 * ({@code metrics[0].timestamp}).
 *
 * <p>Confined to one thread; one instance per object read.
 */
final class JsonIn {
  private static final String API_DOCS =
      " See the API docs for more information about request parameters.";
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private final JsonNode node;
  private final String prefix;
  private final boolean fromQuery;

  /**
   * @param node the object to read
   * @param prefix the path of this object, "" at the top, else e.g. {@code "metrics[0]."}
   * @param fromQuery whether values come from a URL query string (all text)
   */
  JsonIn(JsonNode node, String prefix, boolean fromQuery) {
    this.node = node;
    this.prefix = prefix;
    this.fromQuery = fromQuery;
  }

  /** The top-level reader of a request or response body. */
  static JsonIn root(JsonNode node) {
    return new JsonIn(node, "", false);
  }

  /** A reader of an empty object at the same path, for a message that is absent. */
  JsonIn empty() {
    return new JsonIn(JsonNodeFactory.instance.objectNode(), prefix, fromQuery);
  }

  private JsonNode value(String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v;
  }

  /** The field's node as sent, or null when absent or null. */
  JsonNode raw(String field) {
    return value(field);
  }

  boolean has(String field) {
    return value(field) != null;
  }

  private String path(String field) {
    return prefix + field;
  }

  // ---- strings

  Optional<String> string(String field) {
    JsonNode v = value(field);
    if (v == null) {
      return Optional.empty();
    }
    if (!v.isString()) {
      throw typeError(path(field), v);
    }
    return Optional.of(v.stringValue());
  }

  /** An optional string; absent gives the proto default "". */
  String stringOrEmpty(String field) {
    return string(field).orElse("");
  }

  /** A required string: absent or "" is MLflow's missing-value error. */
  String requiredString(String field) {
    String s = string(field).orElse("");
    if (s.isEmpty()) {
      throw missing(path(field));
    }
    return s;
  }

  /**
   * An experiment id: MLflow converts JSON numbers given for {@code experiment_id} to strings (ids
   * were integers before MLflow 0.9).
   */
  Optional<String> experimentId(String field) {
    JsonNode v = value(field);
    if (v == null) {
      return Optional.empty();
    }
    return Optional.of(idText(path(field), v));
  }

  String requiredExperimentId(String field) {
    String s = experimentId(field).orElse("");
    if (s.isEmpty()) {
      throw missing(path(field));
    }
    return s;
  }

  /** {@code experiment_ids}: a list of strings or numbers, or a single string or number. */
  List<String> experimentIds(String field) {
    JsonNode v = value(field);
    if (v == null) {
      return List.of();
    }
    if (!v.isArray()) {
      return List.of(idText(path(field), v));
    }
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      ids.add(idText(path(field) + "[" + i + "]", v.get(i)));
    }
    return ids;
  }

  private static String idText(String path, JsonNode v) {
    if (v.isString()) {
      return v.stringValue();
    }
    if (v.isIntegralNumber()) {
      return v.bigIntegerValue().toString();
    }
    throw typeError(path, v);
  }

  /** A repeated string field. */
  List<String> strings(String field) {
    JsonNode v = value(field);
    if (v == null) {
      return List.of();
    }
    if (!v.isArray()) {
      throw typeError(path(field), v);
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode item = v.get(i);
      if (!item.isString()) {
        throw typeError(path(field) + "[" + i + "]", item);
      }
      out.add(item.stringValue());
    }
    return out;
  }

  /** The run id of a request that knows both names: run_id wins over run_uuid. */
  Optional<String> runIdOrUuid() {
    Optional<String> runId = string("run_id").filter(s -> !s.isEmpty());
    return runId.isPresent() ? runId : string("run_uuid").filter(s -> !s.isEmpty());
  }

  String requiredRunIdOrUuid() {
    return runIdOrUuid().orElseThrow(() -> missing(path("run_id")));
  }

  // ---- numbers

  OptionalLong int64(String field) {
    JsonNode v = value(field);
    if (v == null) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(toLong(path(field), v));
  }

  long requiredInt64(String field) {
    OptionalLong v = int64(field);
    if (v.isEmpty()) {
      throw missing(path(field));
    }
    return v.getAsLong();
  }

  OptionalInt int32(String field) {
    OptionalLong v = int64(field);
    if (v.isEmpty()) {
      return OptionalInt.empty();
    }
    long l = v.getAsLong();
    if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
      throw typeError(path(field), node.get(field));
    }
    return OptionalInt.of((int) l);
  }

  private static long toLong(String path, JsonNode v) {
    if (v.isIntegralNumber()) {
      if (!v.canConvertToLong()) {
        throw typeError(path, v);
      }
      return v.longValue();
    }
    if (v.isFloatingPointNumber()) {
      // 5.0 is an integer to protobuf; 5.5 is not (MLflow 2.22 silently stored 0).
      double d = v.doubleValue();
      if (d != Math.rint(d) || Double.isInfinite(d) || Math.abs(d) > 0x1p63) {
        throw typeError(path, v);
      }
      return (long) d;
    }
    if (v.isString()) {
      String s = v.stringValue().strip();
      if (INTEGER.matcher(s).matches()) {
        try {
          return Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
        } catch (NumberFormatException e) {
          throw typeError(path, v);
        }
      }
    }
    throw typeError(path, v);
  }

  OptionalDouble dbl(String field) {
    JsonNode v = value(field);
    if (v == null) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(toDouble(path(field), v));
  }

  double requiredDouble(String field) {
    OptionalDouble v = dbl(field);
    if (v.isEmpty()) {
      throw missing(path(field));
    }
    return v.getAsDouble();
  }

  private static double toDouble(String path, JsonNode v) {
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (v.isBoolean()) {
      // Python's float(True) is 1.0, and MLflow accepts it.
      return v.booleanValue() ? 1.0 : 0.0;
    }
    if (v.isString()) {
      String s = v.stringValue().strip();
      String lower = s.toLowerCase(Locale.ROOT);
      boolean negative = lower.startsWith("-");
      String unsigned = lower.startsWith("-") || lower.startsWith("+") ? lower.substring(1) : lower;
      if (unsigned.equals("nan")) {
        return Double.NaN;
      }
      if (unsigned.equals("inf") || unsigned.equals("infinity")) {
        return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      }
      if (DECIMAL.matcher(s).matches()) {
        return Double.parseDouble(s);
      }
    }
    throw typeError(path, v);
  }

  // ---- booleans

  Optional<Boolean> bool(String field) {
    JsonNode v = value(field);
    if (v == null) {
      return Optional.empty();
    }
    if (v.isBoolean()) {
      return Optional.of(v.booleanValue());
    }
    if (fromQuery && v.isString()) {
      String s = v.stringValue().toLowerCase(Locale.ROOT);
      if (s.equals("true") || s.equals("false")) {
        return Optional.of(s.equals("true"));
      }
      throw MlflowException.invalidParameter(
          "Invalid boolean value: " + v.stringValue() + ", must be 'true' or 'false'.");
    }
    throw typeError(path(field), v);
  }

  // ---- enums

  /**
   * An enum given by name or by number (as a JSON number or, from a query string, as text). Unlike
   * MLflow 2.22, which ignores an unknown name, an unknown name or number is an error.
   */
  <E extends Enum<E>> Optional<E> enumValue(String field, E[] values, IntFunction<E> byNumber) {
    JsonNode v = value(field);
    if (v == null) {
      return Optional.empty();
    }
    if (v.isIntegralNumber() && v.canConvertToInt()) {
      return Optional.of(enumByNumber(field, v, values, byNumber));
    }
    if (v.isString()) {
      String s = v.stringValue();
      for (E e : values) {
        if (e.name().equals(s)) {
          return Optional.of(e);
        }
      }
      if (INTEGER.matcher(s.strip()).matches()) {
        return Optional.of(enumByNumber(field, v, values, byNumber));
      }
      throw badEnum(path(field), v, values);
    }
    throw typeError(path(field), v);
  }

  private <E extends Enum<E>> E enumByNumber(
      String field, JsonNode v, E[] values, IntFunction<E> byNumber) {
    try {
      long n = toLong(path(field), v);
      if (n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE) {
        E e = byNumber.apply((int) n);
        if (e != null) {
          return e;
        }
      }
    } catch (MlflowException e) {
      // fall through to the enum error, which lists the accepted names
    }
    throw badEnum(path(field), v, values);
  }

  private static <E extends Enum<E>> MlflowException badEnum(String path, JsonNode v, E[] values) {
    List<String> names = new ArrayList<>();
    for (E e : values) {
      names.add(e.name());
    }
    return MlflowException.invalidParameter(
        "Invalid value "
            + pyJson(v)
            + " for parameter '"
            + path
            + "' supplied: it must be one of "
            + String.join(", ", names)
            + "."
            + API_DOCS);
  }

  // ---- nested messages

  /** A nested message, read with {@code reader}; absent gives empty. */
  <T> Optional<T> object(String field, Function<JsonIn, T> reader) {
    JsonNode v = value(field);
    if (v == null) {
      return Optional.empty();
    }
    if (!v.isObject()) {
      throw typeError(path(field), v);
    }
    return Optional.of(reader.apply(new JsonIn(v, path(field) + ".", fromQuery)));
  }

  <T> T requiredObject(String field, Function<JsonIn, T> reader) {
    return object(field, reader).orElseThrow(() -> missing(path(field)));
  }

  /** A repeated nested message; each item is read with {@code reader}. */
  <T> List<T> objects(String field, Function<JsonIn, T> reader) {
    JsonNode v = value(field);
    if (v == null) {
      return List.of();
    }
    if (!v.isArray()) {
      throw typeError(path(field), v);
    }
    List<T> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode item = v.get(i);
      String itemPath = path(field) + "[" + i + "]";
      if (!item.isObject()) {
        throw typeError(itemPath, item);
      }
      out.add(reader.apply(new JsonIn(item, itemPath + ".", fromQuery)));
    }
    return out;
  }

  // ---- errors, worded as MLflow's handlers word them

  static MlflowException missing(String path) {
    return MlflowException.invalidParameter(
        "Missing value for required parameter '" + path + "'." + API_DOCS);
  }

  static MlflowException typeError(String path, JsonNode v) {
    return MlflowException.invalidParameter(
        "Invalid value "
            + pyJson(v)
            + " for parameter '"
            + path
            + "' supplied:  Hint: Value was of type '"
            + pyType(v)
            + "'."
            + API_DOCS);
  }

  /** The value as MLflow prints it: compact JSON. */
  private static String pyJson(JsonNode v) {
    return v.toString();
  }

  /** The name of the Python type the value would have in MLflow's server. */
  private static String pyType(JsonNode v) {
    if (v.isBoolean()) {
      return "bool";
    }
    if (v.isIntegralNumber()) {
      return "int";
    }
    if (v.isNumber()) {
      return "float";
    }
    if (v.isString()) {
      return "str";
    }
    if (v.isArray()) {
      return "list";
    }
    if (v.isObject()) {
      return "dict";
    }
    return "NoneType";
  }
}
