package org.mlflow4j.rest.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.mlflow4j.entity.Dataset;
import org.mlflow4j.entity.DatasetInput;
import org.mlflow4j.entity.Experiment;
import org.mlflow4j.entity.ExperimentTag;
import org.mlflow4j.entity.FileInfo;
import org.mlflow4j.entity.LifecycleStage;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.Page;
import org.mlflow4j.entity.Param;
import org.mlflow4j.entity.Run;
import org.mlflow4j.entity.RunData;
import org.mlflow4j.entity.RunInfo;
import org.mlflow4j.entity.RunStatus;
import org.mlflow4j.entity.RunTag;
import org.mlflow4j.entity.ViewType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The writing rules of spec/rest-api.md §1.3 and the entity mappings of §3. */
class RestJsonWriteRulesTest {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private static JsonNode tree(String singleQuoted) {
    return MAPPER.readTree(singleQuoted.replace('\'', '"'));
  }

  private static JsonNode written(Object message) {
    return MAPPER.readTree(RestJson.write(message));
  }

  private static RunInfo runningInfo() {
    return RunInfo.builder()
        .runId("abc")
        .experimentId("7")
        .runName("baseline")
        .status(RunStatus.RUNNING)
        .startTime(1733400000000L)
        .artifactUri("file:///a")
        .build();
  }

  @Test
  @DisplayName(
      "RunInfo: both run ids, status by name, int64 as numbers, \"\" kept, unset end time omitted")
  void runInfo() {
    assertThat(written(runningInfo()))
        .isEqualTo(
            tree(
                "{'run_uuid':'abc','experiment_id':'7','run_name':'baseline','user_id':'',"
                    + "'status':'RUNNING','start_time':1733400000000,'artifact_uri':'file:///a',"
                    + "'lifecycle_stage':'active','run_id':'abc'}"));
    RunInfo ended =
        runningInfo().toBuilder()
            .status(RunStatus.KILLED)
            .endTime(5L)
            .lifecycleStage(LifecycleStage.DELETED)
            .build();
    JsonNode json = written(ended);
    assertThat(json.get("end_time").isIntegralNumber()).isTrue();
    assertThat(json.get("end_time").longValue()).isEqualTo(5);
    assertThat(json.get("status").stringValue()).isEqualTo("KILLED");
    assertThat(json.get("lifecycle_stage").stringValue()).isEqualTo("deleted");
    assertThat(RestJson.read(RunInfo.class, RestJson.write(ended))).isEqualTo(ended);
  }

  @Test
  @DisplayName("a Run always has data and inputs, empty lists are omitted")
  void emptyRun() {
    Run run = new Run(runningInfo(), RunData.EMPTY, List.of());
    JsonNode json = written(run);
    assertThat(json.get("data")).isEqualTo(tree("{}"));
    assertThat(json.get("inputs")).isEqualTo(tree("{}"));
    assertThat(json.has("outputs")).isFalse();
    assertThat(RestJson.read(Run.class, RestJson.write(run))).isEqualTo(run);
  }

  @Test
  @DisplayName("a full Run round-trips through JSON")
  void fullRun() {
    Dataset dataset = Dataset.of("iris", "a1b2", "local", "{\"uri\": \"x\"}").withSchema("{}");
    Run run =
        new Run(
            runningInfo(),
            new RunData(
                List.of(Metric.of("rmse", 0.72, 10, 3), Metric.of("loss", Double.NaN, 11, 0)),
                List.of(Param.of("alpha", "0.5")),
                List.of(RunTag.of("team", ""))),
            List.of(DatasetInput.of(dataset, "training")));
    JsonNode json = written(run);
    assertThat(json.at("/data/tags/0")).isEqualTo(tree("{'key':'team','value':''}"));
    assertThat(json.at("/inputs/dataset_inputs/0/dataset").has("profile")).isFalse();
    assertThat(json.at("/inputs/dataset_inputs/0/dataset/schema").stringValue()).isEqualTo("{}");
    Run back = RestJson.read(Run.class, RestJson.write(run));
    assertThat(back.info()).isEqualTo(run.info());
    assertThat(back.inputs()).isEqualTo(run.inputs());
    assertThat(back.data().params()).isEqualTo(run.data().params());
    assertThat(back.data().metric("loss").orElseThrow().value()).isNaN();
  }

  @Test
  @DisplayName("doubles: NaN and infinities are written as strings, finite values as numbers")
  void doubles() {
    assertThat(written(Metric.of("m", Double.NaN, 1, 2)))
        .isEqualTo(tree("{'key':'m','value':'NaN','timestamp':1,'step':2}"));
    assertThat(written(Metric.of("m", Double.POSITIVE_INFINITY, 1, 0)).get("value").stringValue())
        .isEqualTo("Infinity");
    assertThat(written(Metric.of("m", Double.NEGATIVE_INFINITY, 1, 0)).get("value").stringValue())
        .isEqualTo("-Infinity");
    assertThat(written(Metric.of("m", 1.7976931348623157e308, 1, 0)).get("value").doubleValue())
        .isEqualTo(Double.MAX_VALUE);
    assertThat(RestJson.read(Metric.class, RestJson.write(Metric.of("m", -0.0, 1, 0))).value())
        .isEqualTo(-0.0);
  }

  @Test
  @DisplayName("Experiment: zero times omitted, tags omitted when empty")
  void experiment() {
    Experiment bare = Experiment.builder().experimentId("0").name("Default").build();
    assertThat(written(bare))
        .isEqualTo(
            tree(
                "{'experiment_id':'0','name':'Default','artifact_location':'',"
                    + "'lifecycle_stage':'active'}"));
    Experiment full =
        bare.toBuilder()
            .creationTime(1)
            .lastUpdateTime(2)
            .tags(List.of(ExperimentTag.of("k", "v")))
            .build();
    assertThat(RestJson.read(Experiment.class, RestJson.write(full))).isEqualTo(full);
  }

  @Test
  @DisplayName("FileInfo: file_size omitted when absent, is_dir always written")
  void fileInfo() {
    assertThat(written(new FileInfo("sub", true, OptionalLong.empty())))
        .isEqualTo(tree("{'path':'sub','is_dir':true}"));
    FileInfo file = new FileInfo("a.txt", false, OptionalLong.of(13));
    assertThat(RestJson.read(FileInfo.class, RestJson.write(file))).isEqualTo(file);
  }

  @Test
  @DisplayName("empty responses and empty pages are {}; pages carry their token")
  void emptyAndPages() {
    assertThat(RestJson.write(EmptyResponse.INSTANCE)).isEqualTo("{}");
    assertThat(RestJson.write(SearchRunsResponse.of(Page.last(List.of())))).isEqualTo("{}");
    assertThat(RestJson.read(EmptyResponse.class, "")).isEqualTo(EmptyResponse.INSTANCE);
    SearchExperimentsResponse page =
        SearchExperimentsResponse.of(
            Page.of(List.of(Experiment.builder().experimentId("1").name("e").build()), "tok"));
    assertThat(written(page).get("next_page_token").stringValue()).isEqualTo("tok");
    assertThat(RestJson.read(SearchExperimentsResponse.class, RestJson.write(page)).page())
        .isEqualTo(page.page());
    assertThat(
            RestJson.read(GetMetricHistoryResponse.class, "{\"next_page_token\": \"\"}")
                .page()
                .hasNextPage())
        .isFalse();
  }

  @Test
  @DisplayName("requests write only what is set, enums by name, int64 as numbers")
  void requests() {
    SearchRuns search =
        SearchRuns.builder(List.of("1", "2"))
            .filter("")
            .runViewType(ViewType.ALL)
            .maxResults(100)
            .orderBy(List.of("metrics.m DESC"))
            .build();
    assertThat(written(search))
        .isEqualTo(
            tree(
                "{'experiment_ids':['1','2'],'filter':'','run_view_type':'ALL',"
                    + "'max_results':100,'order_by':['metrics.m DESC']}"));
    assertThat(RestJson.read(SearchRuns.class, RestJson.write(search))).isEqualTo(search);
    assertThat(written(UpdateRun.end("r", RunStatus.FINISHED, 9)))
        .isEqualTo(tree("{'run_id':'r','status':'FINISHED','end_time':9}"));
    assertThat(written(new LogMetric("r", Metric.of("k", 0.5, 1733400000123L, 0))))
        .isEqualTo(tree("{'run_id':'r','key':'k','value':0.5,'timestamp':1733400000123,'step':0}"));
    CreateRun create =
        CreateRun.builder()
            .experimentId("7")
            .startTime(3)
            .tags(List.of(RunTag.of("a", "b")))
            .build();
    assertThat(RestJson.read(CreateRun.class, RestJson.write(create))).isEqualTo(create);
    assertThat(written(CreateExperiment.of("x"))).isEqualTo(tree("{'name':'x'}"));
    CreateExperiment withLocation = new CreateExperiment("x", Optional.of("s3://b"), List.of());
    assertThat(RestJson.read(CreateExperiment.class, RestJson.write(withLocation)))
        .isEqualTo(withLocation);
  }
}
