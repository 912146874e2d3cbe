package org.mlflow4j.rest.protocol;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.BiConsumer;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes fields with MLflow's response rules (spec/rest-api.md §1.3): unset fields and empty
 * repeated fields omitted, int64 as numbers, NaN and infinities as strings.
 *
 * <p>Stateless; thread-safe.
 */
final class JsonOut {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonOut() {}

  static ObjectNode object() {
    return NODES.objectNode();
  }

  static void string(ObjectNode out, String field, String value) {
    out.put(field, value);
  }

  static void string(ObjectNode out, String field, Optional<String> value) {
    value.ifPresent(v -> out.put(field, v));
  }

  static void int64(ObjectNode out, String field, OptionalLong value) {
    value.ifPresent(v -> out.put(field, v));
  }

  static void int32(ObjectNode out, String field, OptionalInt value) {
    value.ifPresent(v -> out.put(field, v));
  }

  static void dbl(ObjectNode out, String field, double value) {
    if (Double.isNaN(value)) {
      out.put(field, "NaN");
    } else if (value == Double.POSITIVE_INFINITY) {
      out.put(field, "Infinity");
    } else if (value == Double.NEGATIVE_INFINITY) {
      out.put(field, "-Infinity");
    } else {
      out.put(field, value);
    }
  }

  static void dbl(ObjectNode out, String field, OptionalDouble value) {
    value.ifPresent(v -> dbl(out, field, v));
  }

  static void strings(ObjectNode out, String field, List<String> values) {
    if (!values.isEmpty()) {
      ArrayNode array = out.putArray(field);
      values.forEach(array::add);
    }
  }

  /** A repeated message, omitted when empty. */
  static <T> void objects(
      ObjectNode out, String field, List<T> values, BiConsumer<T, ObjectNode> writer) {
    if (!values.isEmpty()) {
      ArrayNode array = out.putArray(field);
      for (T value : values) {
        writer.accept(value, array.addObject());
      }
    }
  }

  /** A nested message, always written (possibly as {@code {}}). */
  static <T> void message(ObjectNode out, String field, T value, BiConsumer<T, ObjectNode> writer) {
    writer.accept(value, out.putObject(field));
  }
}
