package org.mlflow4j.store.file;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a {@code meta.yaml} into plain Java values with Jackson YAML: mappings become {@link
 * LinkedHashMap}s, sequences {@link List}s, scalars their source text ({@link String}) or {@code
 * null}. Scalars are kept as text because MLflow's reader (PyYAML, YAML 1.1) and Jackson (YAML 1.2)
 * disagree on the type of some plain scalars (e.g. {@code 1e3}); the callers know which keys are
 * numbers. Thread-safe.
 */
final class YamlReader {
  // A dataset record may hold a 16 MB profile and a 1 MB schema (MLflow's limits); snakeyaml's
  // default cap of 3 MB per document would refuse it.
  private static final YAMLMapper MAPPER =
      new YAMLMapper(
          YAMLFactory.builder()
              .loadSettings(LoadSettings.builder().setCodePointLimit(64 * 1024 * 1024).build())
              .build());

  private YamlReader() {}

  /** The document as a mapping; {@code null} for an empty document. */
  static Map<String, Object> read(byte[] yaml) {
    try (JsonParser p = MAPPER.createParser(yaml)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return null;
      }
      Object value = value(p, t);
      if (value == null) {
        return null;
      }
      if (!(value instanceof Map)) {
        throw new IllegalArgumentException("meta.yaml is not a mapping");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) value;
      return map;
    }
  }

  private static Object value(JsonParser p, JsonToken t) {
    switch (t) {
      case START_OBJECT:
        {
          Map<String, Object> map = new LinkedHashMap<>();
          for (JsonToken n = p.nextToken(); n != JsonToken.END_OBJECT; n = p.nextToken()) {
            String name = p.currentName();
            map.put(name, value(p, p.nextToken()));
          }
          return map;
        }
      case START_ARRAY:
        {
          List<Object> list = new ArrayList<>();
          for (JsonToken n = p.nextToken(); n != JsonToken.END_ARRAY; n = p.nextToken()) {
            list.add(value(p, n));
          }
          return list;
        }
      case VALUE_NULL:
        return null;
      default:
        return p.getString();
    }
  }
}
