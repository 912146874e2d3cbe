package org.mlflow4j.rest.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.ViewType;
import tools.jackson.databind.json.JsonMapper;

/** GET query-string decoding (spec/rest-api.md §1.2), the endpoint table and error bodies. */
class QueryAndEndpointsTest {

  @Test
  @DisplayName(
      "repeated keys give lists, scalars take the first occurrence, numbers and enums parse")
  void queryDecoding() {
    Map<String, List<String>> query =
        RestJson.parseQueryString(
            "max_results=5&order_by=name+ASC&order_by=creation_time%20DESC&view_type=3"
                + "&filter=name%20LIKE%20%27a%25%27&filter=ignored&unknown=1");
    SearchExperiments search = RestJson.readQuery(SearchExperiments.class, query);
    assertThat(search.maxResults()).hasValue(5);
    assertThat(search.orderBy()).containsExactly("name ASC", "creation_time DESC");
    assertThat(search.viewType()).hasValue(ViewType.ALL);
    assertThat(search.filter()).hasValue("name LIKE 'a%'");
    assertThat(
            RestJson.readQuery(GetExperiment.class, Map.of("experiment_id", List.of("1", "2")))
                .experimentId())
        .isEqualTo("1");
    assertThat(
            RestJson.readQuery(
                    SearchRuns.class,
                    Map.of("experiment_ids", List.of("4"), "max_results", List.of("7")))
                .experimentIds())
        .containsExactly("4");
  }

  @Test
  @DisplayName("query values get the same type checks as JSON, typed as 'str'")
  void queryTypeErrors() {
    assertThatThrownBy(
            () ->
                RestJson.readQuery(
                    GetMetricHistory.class,
                    Map.of(
                        "run_id",
                        List.of("r"),
                        "metric_key",
                        List.of("m"),
                        "max_results",
                        List.of("many"))))
        .isInstanceOf(MlflowException.class)
        .hasMessageStartingWith(
            "Invalid value \"many\" for parameter 'max_results' supplied:  Hint: Value was of"
                + " type 'str'.");
    assertThatThrownBy(() -> RestJson.readQuery(GetRun.class, Map.of()))
        .hasMessageStartingWith("Missing value for required parameter 'run_id'.");
  }

  @Test
  @DisplayName("query booleans are true/false in any case, anything else is an error")
  void queryBooleans() {
    JsonMapper mapper = JsonMapper.builder().build();
    JsonIn query =
        new JsonIn(mapper.readTree("{\"a\":\"TRUE\",\"b\":\"False\",\"c\":\"yes\"}"), "", true);
    assertThat(query.bool("a")).hasValue(true);
    assertThat(query.bool("b")).hasValue(false);
    assertThat(query.bool("missing")).isEmpty();
    assertThatThrownBy(() -> query.bool("c"))
        .isInstanceOfSatisfying(
            MlflowException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
        .hasMessage("Invalid boolean value: yes, must be 'true' or 'false'.");
    JsonIn body = JsonIn.root(mapper.readTree("{\"a\":\"true\",\"b\":true}"));
    assertThat(body.bool("b")).hasValue(true);
    assertThatThrownBy(() -> body.bool("a")).hasMessageContaining("Value was of type 'str'");
  }

  @Test
  @DisplayName("GET requests encode to a query string that decodes back to the same record")
  void queryEncoding() {
    GetMetricHistory history =
        new GetMetricHistory("r1", "loss & val/acc", Optional.of("t=="), OptionalInt.of(25000));
    String query = RestJson.toQueryString(history);
    assertThat(query)
        .isEqualTo("run_id=r1&metric_key=loss+%26+val%2Facc&page_token=t%3D%3D&max_results=25000");
    assertThat(RestJson.readQuery(GetMetricHistory.class, RestJson.parseQueryString(query)))
        .isEqualTo(history);
    SearchExperiments search =
        SearchExperiments.builder().orderBy(List.of("a", "b")).viewType(ViewType.ALL).build();
    assertThat(RestJson.toQueryString(search)).isEqualTo("order_by=a&order_by=b&view_type=ALL");
    assertThat(
            RestJson.readQuery(
                SearchExperiments.class, RestJson.parseQueryString(RestJson.toQueryString(search))))
        .isEqualTo(search);
    assertThat(RestJson.parseQueryString("a&b=&=c&&"))
        .containsEntry("a", List.of(""))
        .containsEntry("b", List.of(""));
    assertThatThrownBy(() -> RestJson.parseQueryString("a=%zz"))
        .isInstanceOf(MlflowException.class);
  }

  @Test
  @DisplayName("the table holds the 23 tracking endpoints, one request type each, all mapped")
  void endpointTable() {
    assertThat(Endpoints.ALL).hasSize(23);
    Set<Class<?>> requestTypes = new HashSet<>();
    Set<String> routes = new HashSet<>();
    for (Endpoint<?, ?> e : Endpoints.ALL) {
      assertThat(requestTypes.add(e.requestType())).as(e.path()).isTrue();
      assertThat(routes.add(e.method() + " " + e.path())).as(e.path()).isTrue();
      assertThat(RestJson.supports(e.requestType())).isTrue();
      assertThat(RestJson.supports(e.responseType())).isTrue();
      assertThat(Endpoints.forRequest(e.requestType())).isSameAs(e);
      for (String method : e.methods()) {
        assertThat(Endpoints.find(method, e.apiPath())).containsSame(e);
        assertThat(Endpoints.find(method, e.ajaxPath())).containsSame(e);
      }
    }
  }

  @Test
  @DisplayName("lookups: both prefixes, GET-only and POST-only routes, unknown paths")
  void endpointLookup() {
    assertThat(Endpoints.find("GET", "/api/2.0/mlflow/runs/get")).containsSame(Endpoints.GET_RUN);
    assertThat(Endpoints.find("POST", "/ajax-api/2.0/mlflow/runs/log-batch"))
        .containsSame(Endpoints.LOG_BATCH);
    assertThat(Endpoints.find("GET", "/api/2.0/mlflow/experiments/search"))
        .containsSame(Endpoints.SEARCH_EXPERIMENTS);
    assertThat(Endpoints.find("GET", "/api/2.0/mlflow/runs/search")).isEmpty();
    assertThat(Endpoints.find("POST", "/api/2.0/mlflow/runs/get")).isEmpty();
    assertThat(Endpoints.find("GET", "/api/2.0/mlflow/registered-models/get")).isEmpty();
    assertThat(Endpoints.find("GET", "/runs/get")).isEmpty();
    assertThat(Endpoints.GET_RUN.usesQueryString()).isTrue();
    assertThat(Endpoints.SEARCH_EXPERIMENTS.usesQueryString()).isFalse();
    assertThat(Endpoints.LOG_PARAM.apiPath()).isEqualTo("/api/2.0/mlflow/runs/log-parameter");
  }

  @Test
  @DisplayName("error bodies: written from an exception, read back; unknown and numeric codes")
  void errorBodies() {
    MlflowException e = MlflowException.notFound("Run with id=x not found");
    ErrorResponse body = ErrorResponse.of(e);
    assertThat(RestJson.write(body))
        .isEqualTo(
            "{\"error_code\":\"RESOURCE_DOES_NOT_EXIST\",\"message\":\"Run with id=x not found\"}");
    ErrorResponse back = RestJson.read(ErrorResponse.class, RestJson.write(body));
    assertThat(back.toException().errorCode()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
    assertThat(back.toException().getMessage()).isEqualTo("Run with id=x not found");

    ErrorResponse unknown =
        RestJson.read(
            ErrorResponse.class, "{\"error_code\":\"WORKSPACE_GONE\",\"message\":\"m\",\"x\":1}");
    assertThat(unknown.errorCode()).isEqualTo("WORKSPACE_GONE");
    assertThat(unknown.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);

    assertThat(RestJson.read(ErrorResponse.class, "{\"error_code\":3002}").errorCode())
        .isEqualTo("RESOURCE_DOES_NOT_EXIST");
    assertThat(RestJson.read(ErrorResponse.class, "{}").code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
  }

  @Test
  @DisplayName("an unmapped type is a programming error")
  void unmappedType() {
    assertThat(RestJson.supports(String.class)).isFalse();
    assertThatThrownBy(() -> RestJson.write("x")).isInstanceOf(IllegalArgumentException.class);
  }
}
