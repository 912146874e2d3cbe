package org.mlflow4j.rest.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.RunInfo;
import org.mlflow4j.entity.RunStatus;
import org.mlflow4j.entity.ViewType;

/** The request-reading rules of spec/rest-api.md §1.2, §1.4 and validation.md §15. */
class RestJsonReadRulesTest {
  private static final String DOCS =
      " See the API docs for more information about request parameters.";

  private static String json(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  private static Metric metricOf(String body) {
    return RestJson.read(LogMetric.class, json(body)).metric();
  }

  @Nested
  @DisplayName("int64")
  class Int64 {
    @Test
    @DisplayName("is read from numbers and from decimal strings, as the Java client sends it")
    void fromNumbersAndStrings() {
      Metric m =
          metricOf("{'run_id':'r','key':'k','value':1,'timestamp':'1733400000123','step':'-7'}");
      assertThat(m.timestamp()).isEqualTo(1733400000123L);
      assertThat(m.step()).isEqualTo(-7);
      assertThat(RestJson.read(CreateRun.class, json("{'start_time':'1700000000000'}")).startTime())
          .hasValue(1700000000000L);
      assertThat(RestJson.read(SearchRuns.class, json("{'max_results':'2'}")).maxResults())
          .hasValue(2);
      assertThat(
              RestJson.read(SearchExperiments.class, json("{'max_results':9007199254740993}"))
                  .maxResults())
          .hasValue(9007199254740993L);
    }

    @Test
    @DisplayName("accepts an integral float such as 5.0, as protobuf does")
    void integralFloat() {
      assertThat(metricOf("{'run_id':'r','key':'k','value':1,'timestamp':5.0}").timestamp())
          .isEqualTo(5);
    }

    @Test
    @DisplayName("rejects a non-integral number (MLflow 2.22 stored 0) with MLflow's type error")
    void rejectsNonIntegral() {
      assertThatThrownBy(() -> metricOf("{'run_id':'r','key':'k','value':1,'timestamp':5.5}"))
          .isInstanceOfSatisfying(
              MlflowException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
          .hasMessage(
              "Invalid value 5.5 for parameter 'timestamp' supplied:  Hint: Value was of type"
                  + " 'float'."
                  + DOCS);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
        delimiter = '|',
        quoteCharacter = '"',
        value = {
          "'abc'|str",
          "'5.0'|str",
          "'99999999999999999999'|str",
          "99999999999999999999|int",
          "true|bool",
          "[1]|list",
          "{}|dict"
        })
    @DisplayName("rejects other values, naming their Python type")
    void rejectsOthers(String value, String pyType) {
      assertThatThrownBy(
              () -> metricOf("{'run_id':'r','key':'k','value':1,'timestamp':" + value + "}"))
          .isInstanceOf(MlflowException.class)
          .hasMessageStartingWith("Invalid value " + json(value) + " for parameter 'timestamp'")
          .hasMessageContaining("Hint: Value was of type '" + pyType + "'.");
    }
  }

  @Nested
  @DisplayName("doubles")
  class Doubles {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
        delimiter = '|',
        quoteCharacter = '"',
        value = {
          "'NaN'|NaN",
          "'nan'|NaN",
          "'Infinity'|Infinity",
          "'-Infinity'|-Infinity",
          "'inf'|Infinity",
          "'0.5'|0.5",
          "'-1e3'|-1000",
          "0.75|0.75",
          "3|3",
          "true|1",
          "false|0"
        })
    @DisplayName("are read from numbers, numeric and NaN/Infinity strings, and booleans")
    void accepted(String value, double expected) {
      double read =
          metricOf("{'run_id':'r','key':'k','timestamp':1,'value':" + value + "}").value();
      assertThat(Double.valueOf(read)).isEqualTo(Double.valueOf(expected));
    }

    @Test
    @DisplayName("bare NaN and Infinity tokens are read too, as MLflow's server reads them")
    void bareTokens() {
      assertThat(metricOf("{'run_id':'r','key':'k','timestamp':1,'value':NaN}").value()).isNaN();
      assertThat(metricOf("{'run_id':'r','key':'k','timestamp':1,'value':-Infinity}").value())
          .isEqualTo(Double.NEGATIVE_INFINITY);
      assertThatThrownBy(() -> metricOf("{'run_id':'r','key':'k','value':1,'timestamp':NaN}"))
          .hasMessageContaining("Value was of type 'float'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
        delimiter = '|',
        quoteCharacter = '"',
        value = {"'abc'|str", "'0x10'|str", "'1.5d'|str", "[]|list"})
    @DisplayName("reject non-numeric strings and other types")
    void rejected(String value, String pyType) {
      assertThatThrownBy(
              () -> metricOf("{'run_id':'r','key':'k','timestamp':1,'value':" + value + "}"))
          .isInstanceOf(MlflowException.class)
          .hasMessage(
              "Invalid value "
                  + json(value)
                  + " for parameter 'value' supplied:  Hint: Value was of type '"
                  + pyType
                  + "'."
                  + DOCS);
    }
  }

  @Nested
  @DisplayName("enums")
  class Enums {
    @Test
    @DisplayName("are read by name or by number, also as text")
    void byNameOrNumber() {
      assertThat(RestJson.read(UpdateRun.class, json("{'run_id':'r','status':3}")).status())
          .hasValue(RunStatus.FINISHED);
      assertThat(RestJson.read(UpdateRun.class, json("{'run_id':'r','status':'KILLED'}")).status())
          .hasValue(RunStatus.KILLED);
      assertThat(RestJson.read(UpdateRun.class, json("{'run_id':'r','status':'4'}")).status())
          .hasValue(RunStatus.FAILED);
      assertThat(RestJson.read(SearchRuns.class, json("{'run_view_type':2}")).runViewType())
          .hasValue(ViewType.DELETED_ONLY);
      assertThat(RestJson.read(SearchExperiments.class, json("{'view_type':'ALL'}")).viewType())
          .hasValue(ViewType.ALL);
    }

    @Test
    @DisplayName("reject an unknown number or name (MLflow 2.22 ignores unknown names)")
    void unknownRejected() {
      assertThatThrownBy(() -> RestJson.read(UpdateRun.class, json("{'run_id':'r','status':99}")))
          .isInstanceOf(MlflowException.class)
          .hasMessageStartingWith("Invalid value 99 for parameter 'status' supplied")
          .hasMessageContaining("RUNNING, SCHEDULED, FINISHED, FAILED, KILLED");
      assertThatThrownBy(
              () -> RestJson.read(UpdateRun.class, json("{'run_id':'r','status':'DONE'}")))
          .isInstanceOf(MlflowException.class)
          .hasMessageStartingWith("Invalid value \"DONE\" for parameter 'status' supplied");
      assertThatThrownBy(
              () -> RestJson.read(SearchRuns.class, json("{'run_view_type':'finished'}")))
          .hasMessageStartingWith("Invalid value \"finished\" for parameter 'run_view_type'");
    }
  }

  @Nested
  @DisplayName("experiment ids")
  class ExperimentIds {
    @Test
    @DisplayName("given as JSON numbers become strings")
    void numbersBecomeStrings() {
      assertThat(RestJson.read(GetExperiment.class, "{\"experiment_id\": 7}").experimentId())
          .isEqualTo("7");
      assertThat(RestJson.read(CreateRun.class, "{\"experiment_id\": 0}").experimentId())
          .hasValue("0");
      assertThat(
              RestJson.read(SearchRuns.class, "{\"experiment_ids\": [1, \"2\"]}").experimentIds())
          .containsExactly("1", "2");
    }

    @Test
    @DisplayName("a single string or number for experiment_ids is a one-element list")
    void singleValue() {
      assertThat(RestJson.read(SearchRuns.class, "{\"experiment_ids\": \"5\"}").experimentIds())
          .containsExactly("5");
      assertThat(RestJson.read(SearchRuns.class, "{\"experiment_ids\": 6}").experimentIds())
          .containsExactly("6");
    }

    @Test
    @DisplayName("other types are MLflow's type error")
    void otherTypes() {
      assertThatThrownBy(() -> RestJson.read(GetExperiment.class, "{\"experiment_id\": true}"))
          .hasMessage(
              "Invalid value true for parameter 'experiment_id' supplied:  Hint: Value was of"
                  + " type 'bool'."
                  + DOCS);
    }
  }

  @Nested
  @DisplayName("run_id and run_uuid")
  class RunIds {
    @Test
    @DisplayName("either is accepted where the proto has both; run_id wins")
    void eitherAccepted() {
      assertThat(RestJson.read(GetRun.class, json("{'run_uuid':'u'}")).runId()).isEqualTo("u");
      assertThat(RestJson.read(GetRun.class, json("{'run_uuid':'u','run_id':'i'}")).runId())
          .isEqualTo("i");
      assertThat(RestJson.read(LogParam.class, json("{'run_uuid':'u','key':'k','value':'v'}")))
          .isEqualTo(new LogParam("u", "k", "v"));
      assertThat(
              RestJson.readQuery(
                      GetMetricHistory.class,
                      Map.of(
                          "run_uuid",
                          List.of("u"),
                          "run_id",
                          List.of("i"),
                          "metric_key",
                          List.of("m")))
                  .runId())
          .isEqualTo("i");
    }

    @Test
    @DisplayName("requests that only know run_id do not read run_uuid")
    void onlyRunId() {
      assertThatThrownBy(() -> RestJson.read(DeleteRun.class, json("{'run_uuid':'u'}")))
          .hasMessage("Missing value for required parameter 'run_id'." + DOCS);
    }

    @Test
    @DisplayName("a RunInfo is read from either id")
    void runInfo() {
      assertThat(RestJson.read(RunInfo.class, json("{'run_uuid':'u'}")).runId()).isEqualTo("u");
      assertThat(RestJson.read(RunInfo.class, json("{'run_id':'i','run_uuid':'u'}")).runId())
          .isEqualTo("i");
    }
  }

  @Nested
  @DisplayName("type errors and missing fields")
  class Errors {
    @Test
    @DisplayName("a number for a string field gives MLflow's message")
    void numberForString() {
      assertThatThrownBy(
              () -> RestJson.read(LogParam.class, json("{'run_id':'r','key':123,'value':'v'}")))
          .isInstanceOfSatisfying(
              MlflowException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
          .hasMessage(
              "Invalid value 123 for parameter 'key' supplied:  Hint: Value was of type 'int'."
                  + DOCS);
      assertThatThrownBy(
              () -> RestJson.read(LogParam.class, json("{'run_id':'r','key':'k','value':5}")))
          .hasMessage(
              "Invalid value 5 for parameter 'value' supplied:  Hint: Value was of type 'int'."
                  + DOCS);
    }

    @Test
    @DisplayName("nested fields are named by their path")
    void nestedPaths() {
      assertThatThrownBy(
              () ->
                  RestJson.read(
                      LogBatch.class,
                      json(
                          "{'run_id':'r','metrics':[{'key':'a','value':1,'timestamp':1},"
                              + "{'key':'b','value':1}]}")))
          .hasMessage("Missing value for required parameter 'metrics[1].timestamp'." + DOCS);
      assertThatThrownBy(
              () -> RestJson.read(LogBatch.class, json("{'run_id':'r','params':[{'value':'v'}]}")))
          .hasMessage("Missing value for required parameter 'params[0].key'." + DOCS);
      assertThatThrownBy(
              () ->
                  RestJson.read(
                      LogInputs.class,
                      json(
                          "{'run_id':'r','datasets':[{'dataset':{'name':'n','digest':'d',"
                              + "'source_type':'local'}}]}")))
          .hasMessage("Missing value for required parameter 'datasets[0].dataset.source'." + DOCS);
      assertThatThrownBy(
              () -> RestJson.read(LogBatch.class, json("{'run_id':'r','tags':[{'key':1}]}")))
          .hasMessageStartingWith("Invalid value 1 for parameter 'tags[0].key' supplied");
      assertThatThrownBy(() -> RestJson.read(LogBatch.class, json("{'run_id':'r','tags':{}}")))
          .hasMessageContaining("Value was of type 'dict'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
        delimiter = '|',
        quoteCharacter = '"',
        value = {
          "CreateExperiment|{}|name",
          "CreateExperiment|{'name':''}|name",
          "GetExperiment|{}|experiment_id",
          "GetExperimentByName|{}|experiment_name",
          "DeleteExperiment|{}|experiment_id",
          "RestoreExperiment|{}|experiment_id",
          "UpdateExperiment|{'experiment_id':'1'}|new_name",
          "SetExperimentTag|{'experiment_id':'1','value':'v'}|key",
          "DeleteExperimentTag|{'key':'k'}|experiment_id",
          "UpdateRun|{'status':'FINISHED'}|run_id",
          "DeleteRun|{}|run_id",
          "RestoreRun|{}|run_id",
          "GetRun|{'run_id':''}|run_id",
          "LogMetric|{'run_id':'r','key':'k','timestamp':1}|value",
          "LogMetric|{'run_id':'r','value':1,'timestamp':1}|key",
          "LogParam|{'run_id':'r'}|key",
          "SetTag|{'run_id':'r','value':'v'}|key",
          "DeleteTag|{'run_id':'r'}|key",
          "LogBatch|{}|run_id",
          "LogInputs|{}|run_id",
          "GetMetricHistory|{'run_id':'r'}|metric_key",
          "ListArtifacts|{'path':'p'}|run_id"
        })
    @DisplayName("a missing or empty required field gives MLflow's message")
    void missingRequired(String type, String body, String field) throws Exception {
      Class<?> cls = Class.forName(RestJson.class.getPackageName() + "." + type);
      assertThatThrownBy(() -> RestJson.read(cls, json(body)))
          .isInstanceOfSatisfying(
              MlflowException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
          .hasMessage("Missing value for required parameter '" + field + "'." + DOCS);
    }

    @Test
    @DisplayName("runs/create and runs/search need no field")
    void nothingRequired() {
      assertThat(RestJson.read(CreateRun.class, "{}")).isEqualTo(CreateRun.builder().build());
      assertThat(RestJson.read(SearchRuns.class, ""))
          .isEqualTo(SearchRuns.builder(List.of()).build());
    }

    @Test
    @DisplayName("a body that is not JSON or not an object is INVALID_PARAMETER_VALUE")
    void malformedBody() {
      assertThatThrownBy(() -> RestJson.read(CreateRun.class, "{\"run_name\": "))
          .isInstanceOfSatisfying(
              MlflowException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
          .hasMessageStartingWith("Malformed JSON in request body");
      assertThatThrownBy(() -> RestJson.read(CreateRun.class, "[1]"))
          .isInstanceOfSatisfying(
              MlflowException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
      assertThatThrownBy(() -> RestJson.read(GetRunResponse.class, "nope"))
          .isInstanceOfSatisfying(
              MlflowException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INTERNAL_ERROR));
    }
  }

  @Test
  @DisplayName("unknown fields are ignored, top-level and nested; null means unset")
  void unknownFieldsIgnored() {
    LogBatch batch =
        RestJson.read(
            LogBatch.class,
            json(
                "{'run_id':'r','workspace':'w','metrics':[{'key':'a','value':1,'timestamp':2,"
                    + "'model_id':'m','dataset_name':'d','run_id':'x'}],'params':null}"));
    assertThat(batch)
        .isEqualTo(new LogBatch("r", List.of(Metric.of("a", 1, 2, 0)), List.of(), List.of()));
    GetRunResponse run =
        RestJson.read(
            GetRunResponse.class,
            json(
                "{'run':{'info':{'run_id':'r','status':'RUNNING','extra':1},'outputs':{},"
                    + "'inputs':{'model_inputs':[{'model_id':'m'}]}}}"));
    assertThat(run.run().runId()).isEqualTo("r");
    assertThat(run.run().inputs()).isEmpty();
  }

  @Test
  @DisplayName("a body double-encoded as a JSON string (old clients) is decoded twice")
  void doubleEncoded() {
    assertThat(RestJson.read(GetRun.class, "\"{\\\"run_id\\\": \\\"r\\\"}\""))
        .isEqualTo(new GetRun("r"));
  }
}
