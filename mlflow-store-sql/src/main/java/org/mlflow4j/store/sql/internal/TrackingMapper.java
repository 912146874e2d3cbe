package org.mlflow4j.store.sql.internal;

import java.util.Collection;
import java.util.List;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.SelectProvider;
import org.apache.ibatis.annotations.Update;
import org.mlflow4j.store.sql.internal.Rows.DatasetInputRow;
import org.mlflow4j.store.sql.internal.Rows.ExperimentRow;
import org.mlflow4j.store.sql.internal.Rows.InputTagRow;
import org.mlflow4j.store.sql.internal.Rows.KeyValueRow;
import org.mlflow4j.store.sql.internal.Rows.MetricRow;
import org.mlflow4j.store.sql.internal.Rows.RunRow;

/**
 * The MyBatis mapper of MLflow's tracking tables. Statements are written to run unchanged on
 * SQLite, PostgreSQL and MySQL/MariaDB; where they cannot, they branch on {@code _databaseId} (the
 * {@link Dialect#id()}). The column {@code key}, reserved in MySQL, is written {@code ${key}}: a
 * configuration variable that quotes it there. Not API.
 */
public interface TrackingMapper {
  /** Columns of experiments. */
  String EXPERIMENT =
      "SELECT experiment_id, name, artifact_location, lifecycle_stage, creation_time,"
          + " last_update_time FROM experiments ";

  /** Columns of runs. */
  String RUN =
      "SELECT run_uuid, name, source_type, source_name, entry_point_name, user_id, status,"
          + " start_time, end_time, source_version, lifecycle_stage, artifact_uri, experiment_id,"
          + " deleted_time FROM runs ";

  /** Rows locked for the rest of the transaction, where the dialect has row locks. */
  String FOR_UPDATE = "<if test=\"_databaseId != 'sqlite'\"> FOR UPDATE</if>";

  /** An IN list of experiment ids. */
  String EXPERIMENT_IDS =
      "<foreach item='id' collection='experimentIds' open='(' separator=','"
          + " close=')'>#{id}</foreach>";

  /** An IN list of run ids. */
  String RUN_IDS =
      "<foreach item='id' collection='runIds' open='(' separator=',' close=')'>#{id}</foreach>";

  // ---- schema

  /** The alembic revisions stamped (MLflow keeps exactly one). */
  @Select("SELECT version_num FROM alembic_version")
  List<String> alembicVersions();

  /** Stamps a revision. */
  @Insert("INSERT INTO alembic_version (version_num) VALUES (#{revision})")
  void insertAlembicVersion(@Param("revision") String revision);

  // ---- experiments

  /** An experiment by id. */
  @Select(EXPERIMENT + "WHERE experiment_id = #{id}")
  ExperimentRow experiment(@Param("id") int id);

  /** An experiment by id, locked for update. */
  @Select("<script>" + EXPERIMENT + "WHERE experiment_id = #{id}" + FOR_UPDATE + "</script>")
  ExperimentRow experimentForUpdate(@Param("id") int id);

  /** Experiments of a name (case-insensitively on MySQL: the caller compares exactly). */
  @Select(EXPERIMENT + "WHERE name = #{name}")
  List<ExperimentRow> experimentsByName(@Param("name") String name);

  /** Inserts an experiment with a generated id (set on the row), artifact location NULL. */
  @Insert(
      "INSERT INTO experiments (name, artifact_location, lifecycle_stage, creation_time,"
          + " last_update_time) VALUES (#{name}, NULL, #{lifecycleStage}, #{creationTime},"
          + " #{lastUpdateTime})")
  @Options(useGeneratedKeys = true, keyProperty = "experimentId", keyColumn = "experiment_id")
  void insertExperiment(ExperimentRow row);

  /** Inserts an experiment with the id of the row. */
  @Insert(
      "INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage,"
          + " creation_time, last_update_time) VALUES (#{experimentId}, #{name},"
          + " #{artifactLocation}, #{lifecycleStage}, #{creationTime}, #{lastUpdateTime})")
  void insertExperimentWithId(ExperimentRow row);

  /** Sets the artifact location. */
  @Update("UPDATE experiments SET artifact_location = #{location} WHERE experiment_id = #{id}")
  int setArtifactLocation(@Param("id") int id, @Param("location") String location);

  /** Sets the lifecycle stage and last update time. */
  @Update(
      "UPDATE experiments SET lifecycle_stage = #{stage}, last_update_time = #{now}"
          + " WHERE experiment_id = #{id}")
  int setExperimentStage(@Param("id") int id, @Param("stage") String stage, @Param("now") long now);

  /** Renames. */
  @Update(
      "UPDATE experiments SET name = #{name}, last_update_time = #{now} WHERE experiment_id ="
          + " #{id}")
  int renameExperiment(@Param("id") int id, @Param("name") String name, @Param("now") long now);

  /** Tags of the given experiments ({@code owner} = experiment id). */
  @Select(
      "<script>SELECT experiment_id AS owner, ${key}, value FROM experiment_tags"
          + " WHERE experiment_id IN "
          + EXPERIMENT_IDS
          + "</script>")
  List<KeyValueRow> experimentTags(@Param("experimentIds") Collection<Integer> experimentIds);

  /** Overwrites an experiment tag; 0 if there is none. */
  @Update(
      "UPDATE experiment_tags SET value = #{value} WHERE experiment_id = #{id} AND ${key} = #{key}")
  int updateExperimentTag(
      @Param("id") int id, @Param("key") String key, @Param("value") String value);

  /** Inserts an experiment tag. */
  @Insert(
      "INSERT INTO experiment_tags (${key}, value, experiment_id) VALUES (#{key}, #{value}, #{id})")
  void insertExperimentTag(
      @Param("id") int id, @Param("key") String key, @Param("value") String value);

  /** Deletes an experiment tag; 0 if there was none. */
  @Delete("DELETE FROM experiment_tags WHERE experiment_id = #{id} AND ${key} = #{key}")
  int deleteExperimentTag(@Param("id") int id, @Param("key") String key);

  // ---- runs

  /** Inserts a run. */
  @Insert(
      "INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id,"
          + " status, start_time, end_time, source_version, lifecycle_stage, artifact_uri,"
          + " experiment_id, deleted_time) VALUES (#{runUuid}, #{name}, #{sourceType},"
          + " #{sourceName}, #{entryPointName}, #{userId}, #{status}, #{startTime}, #{endTime},"
          + " #{sourceVersion}, #{lifecycleStage}, #{artifactUri}, #{experimentId},"
          + " #{deletedTime})")
  void insertRun(RunRow row);

  /** A run by id. */
  @Select(RUN + "WHERE run_uuid = #{id}")
  RunRow run(@Param("id") String id);

  /** A run by id, locked for update (SQLite: the transaction already holds the write lock). */
  @Select("<script>" + RUN + "WHERE run_uuid = #{id}" + FOR_UPDATE + "</script>")
  RunRow runForUpdate(@Param("id") String id);

  /** Runs of the given experiments. */
  @Select("<script>" + RUN + "WHERE experiment_id IN " + EXPERIMENT_IDS + "</script>")
  List<RunRow> runsOfExperiments(@Param("experimentIds") Collection<Integer> experimentIds);

  /** Runs found by a query of {@link SearchSql}; pass the query's params as {@code params}. */
  @SelectProvider(type = SqlQuery.class, method = "text")
  List<RunRow> searchRuns(@Param("q") SqlQuery query, @Param("params") List<Object> params);

  /**
   * Experiments found by a query of {@link SearchSql}; pass the query's params as {@code params}.
   */
  @SelectProvider(type = SqlQuery.class, method = "text")
  List<ExperimentRow> searchExperiments(
      @Param("q") SqlQuery query, @Param("params") List<Object> params);

  /** Updates status, end time and name. */
  @Update(
      "UPDATE runs SET status = #{status}, end_time = #{endTime}, name = #{name}"
          + " WHERE run_uuid = #{runUuid}")
  int updateRun(RunRow row);

  /** Sets the name. */
  @Update("UPDATE runs SET name = #{name} WHERE run_uuid = #{id}")
  int setRunName(@Param("id") String id, @Param("name") String name);

  /** Sets the lifecycle stage and deleted time of one run. */
  @Update(
      "UPDATE runs SET lifecycle_stage = #{stage}, deleted_time = #{deletedTime}"
          + " WHERE run_uuid = #{id}")
  int setRunStage(
      @Param("id") String id, @Param("stage") String stage, @Param("deletedTime") Long deletedTime);

  /** Sets the lifecycle stage and deleted time of every run of an experiment. */
  @Update(
      "UPDATE runs SET lifecycle_stage = #{stage}, deleted_time = #{deletedTime}"
          + " WHERE experiment_id = #{id}")
  int setExperimentRunsStage(
      @Param("id") int id, @Param("stage") String stage, @Param("deletedTime") Long deletedTime);

  // ---- run data: one query per kind, for any number of runs

  /** Tags of the given runs. */
  @Select(
      "<script>SELECT run_uuid AS owner, ${key}, value FROM tags WHERE run_uuid IN "
          + RUN_IDS
          + "</script>")
  List<KeyValueRow> tags(@Param("runIds") Collection<String> runIds);

  /** Params of the given runs. */
  @Select(
      "<script>SELECT run_uuid AS owner, ${key}, value FROM params WHERE run_uuid IN "
          + RUN_IDS
          + "</script>")
  List<KeyValueRow> params(@Param("runIds") Collection<String> runIds);

  /** Latest metrics of the given runs. */
  @Select(
      "<script>SELECT run_uuid, ${key}, value, timestamp, step, is_nan FROM latest_metrics"
          + " WHERE run_uuid IN "
          + RUN_IDS
          + "</script>")
  List<MetricRow> latestMetrics(@Param("runIds") Collection<String> runIds);

  /** Dataset inputs of the given runs. */
  @Select(
      "<script>SELECT i.destination_id AS run_uuid, i.input_uuid, d.dataset_uuid, d.name,"
          + " d.digest, d.dataset_source_type, d.dataset_source, d.dataset_schema,"
          + " d.dataset_profile FROM inputs i JOIN datasets d ON d.dataset_uuid = i.source_id"
          + " WHERE i.source_type = 'DATASET' AND i.destination_type = 'RUN'"
          + " AND i.destination_id IN "
          + RUN_IDS
          + "</script>")
  List<DatasetInputRow> datasetInputs(@Param("runIds") Collection<String> runIds);

  /** Tags of the dataset inputs of the given runs. */
  @Select(
      "<script>SELECT t.input_uuid, t.name, t.value FROM input_tags t JOIN inputs i"
          + " ON i.input_uuid = t.input_uuid WHERE i.source_type = 'DATASET'"
          + " AND i.destination_type = 'RUN' AND i.destination_id IN "
          + RUN_IDS
          + "</script>")
  List<InputTagRow> inputTags(@Param("runIds") Collection<String> runIds);

  // ---- writes of run data (batched by the caller's session)

  /** Inserts a run tag. */
  @Insert("INSERT INTO tags (${key}, value, run_uuid) VALUES (#{key}, #{value}, #{runId})")
  void insertTag(
      @Param("runId") String runId, @Param("key") String key, @Param("value") String value);

  /** Overwrites a run tag. */
  @Update("UPDATE tags SET value = #{value} WHERE run_uuid = #{runId} AND ${key} = #{key}")
  int updateTag(
      @Param("runId") String runId, @Param("key") String key, @Param("value") String value);

  /** Deletes a run tag; 0 if there was none. */
  @Delete("DELETE FROM tags WHERE run_uuid = #{runId} AND ${key} = #{key}")
  int deleteTag(@Param("runId") String runId, @Param("key") String key);

  /** Inserts a param. */
  @Insert("INSERT INTO params (${key}, value, run_uuid) VALUES (#{key}, #{value}, #{runId})")
  void insertParam(
      @Param("runId") String runId, @Param("key") String key, @Param("value") String value);

  /** Inserts a metric point unless the identical row exists. */
  @Insert(
      "<script><choose>"
          + "<when test=\"_databaseId == 'sqlite'\">INSERT OR IGNORE INTO</when>"
          + "<when test=\"_databaseId == 'mysql'\">INSERT IGNORE INTO</when>"
          + "<otherwise>INSERT INTO</otherwise></choose>"
          + " metrics (${key}, value, timestamp, step, is_nan, run_uuid) VALUES (#{m.key},"
          + " #{m.value}, #{m.timestamp}, #{m.step}, #{m.isNan}, #{m.runUuid})"
          + "<if test=\"_databaseId == 'postgresql'\"> ON CONFLICT DO NOTHING</if></script>")
  void insertMetric(@Param("m") MetricRow m);

  /** Inserts a latest metric. */
  @Insert(
      "INSERT INTO latest_metrics (${key}, value, timestamp, step, is_nan, run_uuid) VALUES"
          + " (#{m.key}, #{m.value}, #{m.timestamp}, #{m.step}, #{m.isNan}, #{m.runUuid})")
  void insertLatestMetric(@Param("m") MetricRow m);

  /** Overwrites a latest metric. */
  @Update(
      "UPDATE latest_metrics SET value = #{m.value}, timestamp = #{m.timestamp}, step = #{m.step},"
          + " is_nan = #{m.isNan} WHERE run_uuid = #{m.runUuid} AND ${key} = #{m.key}")
  int updateLatestMetric(@Param("m") MetricRow m);

  /** The history of one metric of a run, in time order. */
  @Select(
      "SELECT run_uuid, ${key}, value, timestamp, step, is_nan FROM metrics"
          + " WHERE run_uuid = #{runId} AND ${key} = #{key} ORDER BY timestamp, step, value")
  List<MetricRow> metricHistory(@Param("runId") String runId, @Param("key") String key);

  // ---- datasets

  /** The uuid of a dataset of an experiment, if any. */
  @Select(
      "SELECT dataset_uuid FROM datasets WHERE experiment_id = #{experimentId} AND name = #{name}"
          + " AND digest = #{digest}")
  List<String> datasetUuid(
      @Param("experimentId") int experimentId,
      @Param("name") String name,
      @Param("digest") String digest);

  /** Inserts a dataset. */
  @Insert(
      "INSERT INTO datasets (dataset_uuid, experiment_id, name, digest, dataset_source_type,"
          + " dataset_source, dataset_schema, dataset_profile) VALUES (#{d.datasetUuid},"
          + " #{experimentId}, #{d.name}, #{d.digest}, #{d.datasetSourceType}, #{d.datasetSource},"
          + " #{d.datasetSchema}, #{d.datasetProfile})")
  void insertDataset(@Param("experimentId") int experimentId, @Param("d") DatasetInputRow d);

  /** The uuid of the input edge from a dataset to a run, if any. */
  @Select(
      "SELECT input_uuid FROM inputs WHERE source_type = 'DATASET' AND source_id = #{datasetUuid}"
          + " AND destination_type = 'RUN' AND destination_id = #{runId}")
  List<String> datasetInputUuid(
      @Param("datasetUuid") String datasetUuid, @Param("runId") String runId);

  /** Inserts the input edge from a dataset to a run. */
  @Insert(
      "INSERT INTO inputs (input_uuid, source_type, source_id, destination_type, destination_id)"
          + " VALUES (#{inputUuid}, 'DATASET', #{datasetUuid}, 'RUN', #{runId})")
  void insertDatasetInput(
      @Param("inputUuid") String inputUuid,
      @Param("datasetUuid") String datasetUuid,
      @Param("runId") String runId);

  /** Inserts an input tag. */
  @Insert(
      "INSERT INTO input_tags (input_uuid, name, value) VALUES (#{inputUuid}, #{name}, #{value})")
  void insertInputTag(
      @Param("inputUuid") String inputUuid,
      @Param("name") String name,
      @Param("value") String value);
}
