package org.mlflow4j.client;

import java.util.ArrayList;
import java.util.List;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.Param;
import org.mlflow4j.entity.RunTag;

/**
 * Splits a large batch into {@code logBatch} calls within MLflow's limits, exactly as MLflow's
 * Python client does (spec/validation.md §7): params and tags in paired chunks of 100, each call
 * topped up with metrics to 1000 items, then the remaining metrics in chunks of 1000. Stateless.
 */
final class BatchSplitter {
  static final int MAX_METRICS = 1000;
  static final int MAX_PARAMS = 100;
  static final int MAX_TAGS = 100;
  static final int MAX_ITEMS = 1000;

  /** One {@code logBatch} call. */
  record Chunk(List<Metric> metrics, List<Param> params, List<RunTag> tags) {}

  private BatchSplitter() {}

  static List<Chunk> split(List<Metric> metrics, List<Param> params, List<RunTag> tags) {
    List<Chunk> chunks = new ArrayList<>();
    int m = 0;
    int p = 0;
    int t = 0;
    while (p < params.size() || t < tags.size()) {
      List<Param> paramChunk = params.subList(p, Math.min(params.size(), p + MAX_PARAMS));
      List<RunTag> tagChunk = tags.subList(t, Math.min(tags.size(), t + MAX_TAGS));
      p += paramChunk.size();
      t += tagChunk.size();
      int room = Math.max(0, Math.min(MAX_ITEMS - paramChunk.size() - tagChunk.size(), MAX_METRICS));
      List<Metric> metricChunk = metrics.subList(m, Math.min(metrics.size(), m + room));
      m += metricChunk.size();
      chunks.add(new Chunk(List.copyOf(metricChunk), List.copyOf(paramChunk), List.copyOf(tagChunk)));
    }
    while (m < metrics.size()) {
      List<Metric> metricChunk = metrics.subList(m, Math.min(metrics.size(), m + MAX_METRICS));
      m += metricChunk.size();
      chunks.add(new Chunk(List.copyOf(metricChunk), List.of(), List.of()));
    }
    return chunks;
  }
}
