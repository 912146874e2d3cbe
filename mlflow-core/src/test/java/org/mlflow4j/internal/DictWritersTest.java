package org.mlflow4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * PythonJson and YamlWriter in PyYAML's default mode write what MLflow's {@code log_dict} writes.
 * The expected texts are written by hand from the rules of Python's {@code json.dump(d, f,
 * indent=2, default=str)} and PyYAML 6's {@code yaml.dump(d, f, indent=2,
 * default_flow_style=False)} (and were checked once against Python 3 and PyYAML 6.0.3).
 */
class DictWritersTest {

  /** Non-ASCII, nesting, Python float spellings, booleans, null, lists, quoting, folding. */
  static Map<String, Object> sample() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("b", Arrays.asList(1, 2.5, null));
    nested.put("a", Map.of("deep", true));
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("k", "v");
    item.put("a", List.of(1, List.of(2, 3)));
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("name", "Zoë ☃");
    d.put("nested", nested);
    d.put(
        "floats",
        List.of(
            0.1,
            1e16,
            1e-05,
            -0.0,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            1.0));
    d.put("empty", List.of());
    d.put("emptymap", Map.of());
    d.put("flag", false);
    d.put("none", null);
    d.put("count", 42L);
    d.put("quote", "say \"hi\"\n\ttab");
    d.put("emoji", "😀");
    d.put("yes", "yes");
    d.put("num", "123");
    d.put("items", List.of(item, List.of(), Map.of()));
    d.put("long", "word ".repeat(20));
    return d;
  }

  static final String SAMPLE_YAML =
      """
      count: 42
      emoji: "\\U0001F600"
      empty: []
      emptymap: {}
      flag: false
      floats:
      - 0.1
      - 1.0e+16
      - 1.0e-05
      - -0.0
      - .nan
      - .inf
      - -.inf
      - 1.0
      items:
      - a:
        - 1
        - - 2
          - 3
        k: v
      - []
      - {}
      long: 'word word word word word word word word word word word word word word word
        word word word word word '
      name: "Zo\\xEB \\u2603"
      nested:
        a:
          deep: true
        b:
        - 1
        - 2.5
        - null
      none: null
      num: '123'
      quote: "say \\"hi\\"\\n\\ttab"
      'yes': 'yes'
      """;

  static final String SAMPLE_JSON =
      """
      {
        "name": "Zo\\u00eb \\u2603",
        "nested": {
          "b": [
            1,
            2.5,
            null
          ],
          "a": {
            "deep": true
          }
        },
        "floats": [
          0.1,
          1e+16,
          1e-05,
          -0.0,
          NaN,
          Infinity,
          -Infinity,
          1.0
        ],
        "empty": [],
        "emptymap": {},
        "flag": false,
        "none": null,
        "count": 42,
        "quote": "say \\"hi\\"\\n\\ttab",
        "emoji": "\\ud83d\\ude00",
        "yes": "yes",
        "num": "123",
        "items": [
          {
            "k": "v",
            "a": [
              1,
              [
                2,
                3
              ]
            ]
          },
          [],
          {}
        ],
        "long": "LONG"
      }"""
          .replace("LONG", "word ".repeat(20));

  @Test
  @DisplayName("JSON: Python's json.dump with indent=2 and ensure_ascii, keys in the given order")
  void json() {
    assertThat(PythonJson.dump(sample())).isEqualTo(SAMPLE_JSON);
  }

  @Test
  @DisplayName("YAML: PyYAML's dump, keys sorted, non-ASCII escaped, sequences indentless in maps")
  void yaml() {
    assertThat(YamlWriter.write(sample(), false)).isEqualTo(SAMPLE_YAML);
  }

  @Test
  @DisplayName("YAML with allow_unicode keeps printable non-ASCII as it is (the meta.yaml mode)")
  void yamlAllowUnicode() {
    assertThat(YamlWriter.write(Map.of("name", "Zoë ☃", "e", "😀"), true))
        .isEqualTo("e: 😀\nname: Zoë ☃\n");
    assertThat(YamlWriter.write(Map.of("Zoë", 1), false)).isEqualTo("\"Zo\\xEB\": 1\n");
  }

  @Test
  @DisplayName("JSON: empty map, other objects as their string (default=str), number keys spelled")
  void jsonEdges() {
    assertThat(PythonJson.dump(Map.of())).isEqualTo("{}");
    Map<Object, Object> keys = new LinkedHashMap<>();
    keys.put(1, "int");
    keys.put(0.5, "float");
    keys.put(true, "bool");
    keys.put(null, "none");
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("when", java.time.LocalDate.of(2024, 1, 2));
    d.put("keys", keys);
    d.put("f", 0.1f);
    d.put("del", "\u007f");
    assertThat(PythonJson.dump(d))
        .isEqualTo(
            """
            {
              "when": "2024-01-02",
              "keys": {
                "1": "int",
                "0.5": "float",
                "true": "bool",
                "null": "none"
              },
              "f": 0.1,
              "del": "\\u007f"
            }"""
                .stripTrailing());
  }

  @Test
  @DisplayName("a map that contains itself, or a YAML value PyYAML would tag, is refused")
  void refusals() {
    List<Object> loop = new ArrayList<>();
    loop.add(loop);
    assertThatThrownBy(() -> PythonJson.dump(Map.of("l", loop)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Circular");
    assertThatThrownBy(() -> YamlWriter.write(Map.of("l", loop), false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> YamlWriter.write(Map.of("d", java.time.LocalDate.of(2024, 1, 2))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.time.LocalDate");
    assertThatThrownBy(() -> YamlWriter.write(Map.of("m", Map.of(1, 2))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keys must be strings");
  }

  @Test
  @DisplayName("YAML: the same list twice is written twice (no anchors), keys by code point")
  void yamlSharedAndOrder() {
    List<Integer> shared = List.of(1);
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("b", shared);
    d.put("a", shared);
    d.put("\uFF21", 1); // U+FF21 sorts before U+1F600 in Python, after it in UTF-16 order
    d.put("😀", 2);
    assertThat(YamlWriter.write(d, false))
        .isEqualTo("a:\n- 1\nb:\n- 1\n\"\\uFF21\": 1\n\"\\U0001F600\": 2\n");
  }
}
