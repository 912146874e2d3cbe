package org.mlflow4j.store.sql.internal;

/**
 * Rows of MLflow's tables as MyBatis fills them (columns mapped by name, underscores to camel
 * case). Not API. Mutable, confined to one thread.
 */
public final class Rows {
  private Rows() {}

  /** A row of {@code experiments}. */
  public static final class ExperimentRow {
    /** experiment_id. */
    public Integer experimentId;

    /** name. */
    public String name;

    /** artifact_location. */
    public String artifactLocation;

    /** lifecycle_stage. */
    public String lifecycleStage;

    /** creation_time. */
    public Long creationTime;

    /** last_update_time. */
    public Long lastUpdateTime;
  }

  /** A row of {@code runs}. */
  public static final class RunRow {
    /** run_uuid. */
    public String runUuid;

    /** name. */
    public String name;

    /** source_type. */
    public String sourceType;

    /** source_name. */
    public String sourceName;

    /** entry_point_name. */
    public String entryPointName;

    /** user_id. */
    public String userId;

    /** status. */
    public String status;

    /** start_time. */
    public Long startTime;

    /** end_time. */
    public Long endTime;

    /** source_version. */
    public String sourceVersion;

    /** lifecycle_stage. */
    public String lifecycleStage;

    /** artifact_uri. */
    public String artifactUri;

    /** experiment_id. */
    public Integer experimentId;

    /** deleted_time. */
    public Long deletedTime;
  }

  /** A key and value owned by a run or an experiment ({@code tags}, {@code params}, ...). */
  public static final class KeyValueRow {
    /** run_uuid, or experiment_id as text. */
    public String owner;

    /** key. */
    public String key;

    /** value. */
    public String value;
  }

  /** A row of {@code metrics} or {@code latest_metrics}. */
  public static final class MetricRow {
    /** run_uuid. */
    public String runUuid;

    /** key. */
    public String key;

    /** value (0 for NaN). */
    public double value;

    /** timestamp. */
    public Long timestamp;

    /** step. */
    public long step;

    /** is_nan. */
    public boolean isNan;
  }

  /** A dataset used by a run: a row of {@code datasets} joined with its {@code inputs} row. */
  public static final class DatasetInputRow {
    /** inputs.destination_id: the run. */
    public String runUuid;

    /** inputs.input_uuid. */
    public String inputUuid;

    /** datasets.dataset_uuid. */
    public String datasetUuid;

    /** datasets.name. */
    public String name;

    /** datasets.digest. */
    public String digest;

    /** datasets.dataset_source_type. */
    public String datasetSourceType;

    /** datasets.dataset_source. */
    public String datasetSource;

    /** datasets.dataset_schema. */
    public String datasetSchema;

    /** datasets.dataset_profile. */
    public String datasetProfile;
  }

  /** A row of {@code input_tags}. */
  public static final class InputTagRow {
    /** input_uuid. */
    public String inputUuid;

    /** name. */
    public String name;

    /** value. */
    public String value;
  }
}
