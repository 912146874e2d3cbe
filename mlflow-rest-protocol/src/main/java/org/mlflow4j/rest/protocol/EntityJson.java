package org.mlflow4j.rest.protocol;

import java.util.List;
import java.util.OptionalLong;
import org.mlflow4j.entity.Dataset;
import org.mlflow4j.entity.DatasetInput;
import org.mlflow4j.entity.Experiment;
import org.mlflow4j.entity.ExperimentTag;
import org.mlflow4j.entity.FileInfo;
import org.mlflow4j.entity.InputTag;
import org.mlflow4j.entity.LifecycleStage;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.Param;
import org.mlflow4j.entity.Run;
import org.mlflow4j.entity.RunData;
import org.mlflow4j.entity.RunInfo;
import org.mlflow4j.entity.RunStatus;
import org.mlflow4j.entity.RunTag;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON form of MLflow4j's entities, field by field in proto field order (spec/rest-api.md §3).
 * Readers are lenient about absent fields where an entity is a response part (proto defaults), and
 * strict where MLflow's handlers require a field in a request (metrics, params and tags of
 * log-batch, datasets of log-inputs).
 *
 * <p>Stateless; thread-safe.
 */
final class EntityJson {
  private EntityJson() {}

  // ---- Experiment

  static void writeExperiment(Experiment e, ObjectNode out) {
    out.put("experiment_id", e.experimentId());
    out.put("name", e.name());
    out.put("artifact_location", e.artifactLocation());
    out.put("lifecycle_stage", e.lifecycleStage().wireName());
    if (e.lastUpdateTime() != 0) {
      out.put("last_update_time", e.lastUpdateTime());
    }
    if (e.creationTime() != 0) {
      out.put("creation_time", e.creationTime());
    }
    JsonOut.objects(out, "tags", e.tags(), EntityJson::writeExperimentTag);
  }

  static Experiment readExperiment(JsonIn in) {
    return Experiment.builder()
        .experimentId(in.experimentId("experiment_id").orElse(""))
        .name(in.stringOrEmpty("name"))
        .artifactLocation(in.stringOrEmpty("artifact_location"))
        .lifecycleStage(lifecycleStage(in))
        .lastUpdateTime(in.int64("last_update_time").orElse(0))
        .creationTime(in.int64("creation_time").orElse(0))
        .tags(in.objects("tags", EntityJson::readExperimentTag))
        .build();
  }

  private static LifecycleStage lifecycleStage(JsonIn in) {
    return in.string("lifecycle_stage")
        .map(LifecycleStage::fromWireName)
        .orElse(LifecycleStage.ACTIVE);
  }

  static void writeExperimentTag(ExperimentTag t, ObjectNode out) {
    out.put("key", t.key());
    out.put("value", t.value());
  }

  static ExperimentTag readExperimentTag(JsonIn in) {
    return ExperimentTag.of(in.requiredString("key"), in.stringOrEmpty("value"));
  }

  // ---- Run

  static void writeRun(Run run, ObjectNode out) {
    JsonOut.message(out, "info", run.info(), EntityJson::writeRunInfo);
    JsonOut.message(out, "data", run.data(), EntityJson::writeRunData);
    ObjectNode inputs = out.putObject("inputs");
    JsonOut.objects(inputs, "dataset_inputs", run.inputs(), EntityJson::writeDatasetInput);
  }

  static Run readRun(JsonIn in) {
    RunInfo info =
        in.object("info", EntityJson::readRunInfo).orElseGet(() -> readRunInfo(in.empty()));
    RunData data = in.object("data", EntityJson::readRunData).orElse(RunData.EMPTY);
    List<DatasetInput> inputs =
        in.object("inputs", i -> i.objects("dataset_inputs", EntityJson::readDatasetInput))
            .orElse(List.of());
    return new Run(info, data, inputs);
  }

  static void writeRunInfo(RunInfo info, ObjectNode out) {
    // Both ids, as MLflow sends them: old clients read run_uuid, new ones run_id.
    out.put("run_uuid", info.runId());
    out.put("experiment_id", info.experimentId());
    out.put("run_name", info.runName());
    out.put("user_id", info.userId());
    out.put("status", info.status().name());
    out.put("start_time", info.startTime());
    JsonOut.int64(out, "end_time", info.endTime());
    out.put("artifact_uri", info.artifactUri());
    out.put("lifecycle_stage", info.lifecycleStage().wireName());
    out.put("run_id", info.runId());
  }

  static RunInfo readRunInfo(JsonIn in) {
    OptionalLong endTime = in.int64("end_time");
    return RunInfo.builder()
        .runId(in.runIdOrUuid().orElse(""))
        .experimentId(in.experimentId("experiment_id").orElse(""))
        .runName(in.stringOrEmpty("run_name"))
        .userId(in.stringOrEmpty("user_id"))
        .status(
            in.enumValue("status", RunStatus.values(), RestEnums::runStatus)
                .orElse(RunStatus.RUNNING))
        .startTime(in.int64("start_time").orElse(0))
        .endTime(endTime)
        .artifactUri(in.stringOrEmpty("artifact_uri"))
        .lifecycleStage(lifecycleStage(in))
        .build();
  }

  static void writeRunData(RunData data, ObjectNode out) {
    JsonOut.objects(out, "metrics", data.metrics(), EntityJson::writeMetric);
    JsonOut.objects(out, "params", data.params(), EntityJson::writeParam);
    JsonOut.objects(out, "tags", data.tags(), EntityJson::writeRunTag);
  }

  static RunData readRunData(JsonIn in) {
    return new RunData(
        in.objects("metrics", EntityJson::readMetric),
        in.objects("params", EntityJson::readParam),
        in.objects("tags", EntityJson::readRunTag));
  }

  // ---- Metric, Param, RunTag

  static void writeMetric(Metric m, ObjectNode out) {
    out.put("key", m.key());
    JsonOut.dbl(out, "value", m.value());
    out.put("timestamp", m.timestamp());
    out.put("step", m.step());
  }

  /** A metric; key, value and timestamp are required as in log-batch, step defaults to 0. */
  static Metric readMetric(JsonIn in) {
    String key = in.requiredString("key");
    double value = in.requiredDouble("value");
    long timestamp = in.requiredInt64("timestamp");
    return Metric.of(key, value, timestamp, in.int64("step").orElse(0));
  }

  static void writeParam(Param p, ObjectNode out) {
    out.put("key", p.key());
    out.put("value", p.value());
  }

  static Param readParam(JsonIn in) {
    return Param.of(in.requiredString("key"), in.stringOrEmpty("value"));
  }

  static void writeRunTag(RunTag t, ObjectNode out) {
    out.put("key", t.key());
    out.put("value", t.value());
  }

  static RunTag readRunTag(JsonIn in) {
    return RunTag.of(in.requiredString("key"), in.stringOrEmpty("value"));
  }

  // ---- Datasets

  static void writeDatasetInput(DatasetInput d, ObjectNode out) {
    JsonOut.objects(out, "tags", d.tags(), EntityJson::writeInputTag);
    JsonOut.message(out, "dataset", d.dataset(), EntityJson::writeDataset);
  }

  static DatasetInput readDatasetInput(JsonIn in) {
    List<InputTag> tags = in.objects("tags", EntityJson::readInputTag);
    return new DatasetInput(in.requiredObject("dataset", EntityJson::readDataset), tags);
  }

  static void writeInputTag(InputTag t, ObjectNode out) {
    out.put("key", t.key());
    out.put("value", t.value());
  }

  static InputTag readInputTag(JsonIn in) {
    return InputTag.of(in.requiredString("key"), in.stringOrEmpty("value"));
  }

  static void writeDataset(Dataset d, ObjectNode out) {
    out.put("name", d.name());
    out.put("digest", d.digest());
    out.put("source_type", d.sourceType());
    out.put("source", d.source());
    JsonOut.string(out, "schema", d.schema());
    JsonOut.string(out, "profile", d.profile());
  }

  static Dataset readDataset(JsonIn in) {
    return new Dataset(
        in.requiredString("name"),
        in.requiredString("digest"),
        in.requiredString("source_type"),
        in.requiredString("source"),
        in.string("schema"),
        in.string("profile"));
  }

  // ---- FileInfo

  static void writeFileInfo(FileInfo f, ObjectNode out) {
    out.put("path", f.path());
    out.put("is_dir", f.isDir());
    JsonOut.int64(out, "file_size", f.fileSize());
  }

  static FileInfo readFileInfo(JsonIn in) {
    return new FileInfo(
        in.stringOrEmpty("path"), in.bool("is_dir").orElse(false), in.int64("file_size"));
  }
}
