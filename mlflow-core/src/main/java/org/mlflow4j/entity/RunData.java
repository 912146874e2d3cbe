package org.mlflow4j.entity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run has logged: the latest point of each metric, the params and the tags.
 *
 * <p>Immutable.
 *
 * @param metrics the latest point per metric key (greatest by step, timestamp, value)
 * @param params the params
 * @param tags the tags
 */
public record RunData(List<Metric> metrics, List<Param> params, List<RunTag> tags) {
  /** Empty run data. */
  public static final RunData EMPTY = new RunData(List.of(), List.of(), List.of());

  /** Copies the lists. */
  public RunData {
    metrics = List.copyOf(metrics);
    params = List.copyOf(params);
    tags = List.copyOf(tags);
  }

  /** The latest point of the given metric, if logged. */
  public Optional<Metric> metric(String key) {
    return metrics.stream().filter(m -> m.key().equals(key)).findFirst();
  }

  /** The value of the given param, if logged. */
  public Optional<String> param(String key) {
    return params.stream().filter(p -> p.key().equals(key)).map(Param::value).findFirst();
  }

  /** The value of the given tag, if set. */
  public Optional<String> tag(String key) {
    return tags.stream().filter(t -> t.key().equals(key)).map(RunTag::value).findFirst();
  }

  /** The latest value of each metric, by key. */
  public Map<String, Double> metricValues() {
    Map<String, Double> map = new LinkedHashMap<>();
    metrics.forEach(m -> map.put(m.key(), m.value()));
    return map;
  }

  /** The params as a map from key to value. */
  public Map<String, String> paramMap() {
    Map<String, String> map = new LinkedHashMap<>();
    params.forEach(p -> map.put(p.key(), p.value()));
    return map;
  }

  /** The tags as a map from key to value. */
  public Map<String, String> tagMap() {
    Map<String, String> map = new LinkedHashMap<>();
    tags.forEach(t -> map.put(t.key(), t.value()));
    return map;
  }
}
