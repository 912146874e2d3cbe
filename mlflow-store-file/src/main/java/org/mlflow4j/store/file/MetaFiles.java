package org.mlflow4j.store.file;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.mlflow4j.entity.Dataset;
import org.mlflow4j.entity.Experiment;
import org.mlflow4j.entity.ExperimentTag;
import org.mlflow4j.entity.InputTag;
import org.mlflow4j.entity.LifecycleStage;
import org.mlflow4j.entity.RunInfo;
import org.mlflow4j.entity.RunStatus;

/**
 * The {@code meta.yaml} documents of the file store, both ways: entity to the mapping MLflow
 * writes, and the parsed YAML tree (as MLflow 2.x and 3.x wrote it) to the entity. Stateless and
 * thread-safe.
 */
final class MetaFiles {
  private MetaFiles() {}

  /** SourceType.LOCAL, the only source type MLflow's file store writes. */
  private static final long SOURCE_TYPE_LOCAL = 4;

  // ---- experiments ----

  /**
   * The experiment's meta.yaml mapping. {@code withTags}: MLflow omits {@code tags} at creation,
   * and writes the full entity (tags included) when it rewrites the file (delete, restore, rename).
   */
  static Map<String, Object> experiment(Experiment e, boolean withTags) {
    Map<String, Object> m = new TreeMap<>();
    m.put("artifact_location", e.artifactLocation());
    m.put("creation_time", e.creationTime());
    m.put("experiment_id", e.experimentId());
    m.put("last_update_time", e.lastUpdateTime());
    m.put("lifecycle_stage", e.lifecycleStage().wireName());
    m.put("name", e.name());
    if (withTags) {
      Map<String, Object> tags = new TreeMap<>();
      e.tags().forEach(t -> tags.put(t.key(), t.value()));
      m.put("tags", tags);
    }
    return m;
  }

  /** The experiment of a parsed meta.yaml; tags are those of its {@code tags} key, if any. */
  static Experiment experiment(Map<String, ?> node) {
    List<ExperimentTag> tags = new ArrayList<>();
    if (node.get("tags") instanceof Map<?, ?> tagMap) {
      tagMap.forEach((k, v) -> tags.add(ExperimentTag.of(String.valueOf(k), orEmpty(v))));
    }
    return Experiment.builder()
        .experimentId(requiredText(node, "experiment_id"))
        .name(Optional.ofNullable(text(node.get("name"))).orElse(""))
        .artifactLocation(Optional.ofNullable(text(node.get("artifact_location"))).orElse(""))
        .lifecycleStage(stage(node))
        .creationTime(longOr(node.get("creation_time"), 0))
        .lastUpdateTime(longOr(node.get("last_update_time"), 0))
        .tags(tags)
        .build();
  }

  // ---- runs ----

  /**
   * A run's meta.yaml mapping: exactly the keys a fresh MLflow 2.22 run has (both {@code run_id}
   * and {@code run_uuid}), plus {@code deleted_time} when given.
   */
  static Map<String, Object> run(RunInfo info, OptionalLong deletedTime) {
    Map<String, Object> m = new TreeMap<>();
    m.put("artifact_uri", info.artifactUri());
    if (deletedTime.isPresent()) {
      m.put("deleted_time", deletedTime.getAsLong());
    }
    m.put("end_time", info.endTime().isPresent() ? info.endTime().getAsLong() : null);
    m.put("entry_point_name", "");
    m.put("experiment_id", info.experimentId());
    m.put("lifecycle_stage", info.lifecycleStage().wireName());
    m.put("run_id", info.runId());
    m.put("run_name", info.runName());
    m.put("run_uuid", info.runId());
    m.put("source_name", "");
    m.put("source_type", SOURCE_TYPE_LOCAL);
    m.put("source_version", "");
    m.put("start_time", info.startTime());
    m.put("status", (long) info.status().number());
    m.put("tags", List.of());
    m.put("user_id", info.userId());
    return m;
  }

  /** The run info of a parsed meta.yaml (legacy int ids, missing keys tolerated). */
  static RunInfo run(Map<String, ?> node) {
    String runId = text(node.get("run_id"));
    if (runId == null || runId.isEmpty()) {
      runId = requiredText(node, "run_uuid");
    }
    String status = text(node.get("status"));
    RunStatus runStatus = RunStatus.RUNNING;
    if (status != null && !status.isBlank()) {
      runStatus =
          Character.isDigit(status.trim().charAt(0))
              ? RunStatus.fromNumber(Integer.parseInt(status.trim()))
              : RunStatus.valueOf(status.trim());
    }
    String end = text(node.get("end_time"));
    return RunInfo.builder()
        .runId(runId)
        .experimentId(requiredText(node, "experiment_id"))
        .runName(Optional.ofNullable(text(node.get("run_name"))).orElse(""))
        .userId(Optional.ofNullable(text(node.get("user_id"))).orElse(""))
        .status(runStatus)
        .startTime(longOr(node.get("start_time"), 0))
        .endTime(end == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(end.trim())))
        .artifactUri(Optional.ofNullable(text(node.get("artifact_uri"))).orElse(""))
        .lifecycleStage(stage(node))
        .build();
  }

  /** The deleted_time of a parsed run meta.yaml, if set. */
  static OptionalLong deletedTime(Map<String, ?> node) {
    String d = text(node.get("deleted_time"));
    return d == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(d.trim()));
  }

  // ---- datasets and inputs ----

  /** A dataset record's meta.yaml mapping (schema and profile {@code null} when absent). */
  static Map<String, Object> dataset(Dataset d) {
    Map<String, Object> m = new TreeMap<>();
    m.put("digest", d.digest());
    m.put("name", d.name());
    m.put("profile", d.profile().orElse(null));
    m.put("schema", d.schema().orElse(null));
    m.put("source", d.source());
    m.put("source_type", d.sourceType());
    return m;
  }

  /** The dataset of a parsed dataset meta.yaml. */
  static Dataset dataset(Map<String, ?> node) {
    return new Dataset(
        Optional.ofNullable(text(node.get("name"))).orElse(""),
        Optional.ofNullable(text(node.get("digest"))).orElse(""),
        Optional.ofNullable(text(node.get("source_type"))).orElse(""),
        Optional.ofNullable(text(node.get("source"))).orElse(""),
        Optional.ofNullable(text(node.get("schema"))),
        Optional.ofNullable(text(node.get("profile"))));
  }

  /**
   * A dataset input edge's meta.yaml mapping. MLflow writes {@code destination_id} equal to {@code
   * source_id} (a quirk of its file store), so we do too.
   */
  static Map<String, Object> datasetInput(String datasetId, List<InputTag> tags) {
    Map<String, Object> m = new TreeMap<>();
    m.put("destination_id", datasetId);
    m.put("destination_type", "RUN");
    m.put("source_id", datasetId);
    m.put("source_type", "DATASET");
    Map<String, Object> tagMap = new LinkedHashMap<>();
    tags.forEach(t -> tagMap.put(t.key(), t.value()));
    m.put("tags", tagMap);
    return m;
  }

  /** The input tags of a parsed input edge, in file order. */
  static List<InputTag> inputTags(Map<String, ?> node) {
    List<InputTag> tags = new ArrayList<>();
    if (node.get("tags") instanceof Map<?, ?> tagMap) {
      tagMap.forEach((k, v) -> tags.add(InputTag.of(String.valueOf(k), orEmpty(v))));
    }
    return tags;
  }

  // ---- helpers ----

  private static LifecycleStage stage(Map<String, ?> node) {
    String stage = text(node.get("lifecycle_stage"));
    return stage == null ? LifecycleStage.ACTIVE : LifecycleStage.fromWireName(stage);
  }

  /** A scalar as text (legacy int ids are read as their decimal text); null if absent. */
  static String text(Object node) {
    return node == null ? null : node.toString();
  }

  private static String orEmpty(Object node) {
    String t = text(node);
    return t == null ? "" : t;
  }

  private static String requiredText(Map<String, ?> node, String key) {
    String t = text(node.get(key));
    if (t == null) {
      throw new IllegalArgumentException("meta.yaml has no '" + key + "'");
    }
    return t;
  }

  private static long longOr(Object node, long fallback) {
    String t = text(node);
    return t == null || t.isBlank() ? fallback : Long.parseLong(t.trim());
  }
}
