package org.mlflow4j.rest.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.RunStatus;
import org.mlflow4j.entity.RunTag;
import org.mlflow4j.entity.ViewType;
import org.mlflow4j.store.ExperimentSearch;
import org.mlflow4j.store.RunCreate;
import org.mlflow4j.store.RunSearch;
import org.mlflow4j.store.RunUpdate;

/** Requests to and from the store SPI's values, with MLflow's defaults for absent fields. */
class StoreConversionsTest {

  @Test
  @DisplayName("an empty runs/search gets MLflow's defaults; a full one keeps every field")
  void searchRuns() {
    RunSearch defaults =
        RestJson.read(SearchRuns.class, "{\"experiment_ids\": [\"1\"]}").toRunSearch();
    assertThat(defaults.experimentIds()).containsExactly("1");
    assertThat(defaults.filter()).isEmpty();
    assertThat(defaults.viewType()).isEqualTo(ViewType.ACTIVE_ONLY);
    assertThat(defaults.maxResults()).isEqualTo(RunSearch.DEFAULT_MAX_RESULTS);
    assertThat(defaults.pageToken()).isEmpty();

    RunSearch full =
        new RunSearch(
            List.of("1", "2"),
            "metrics.m > 0",
            ViewType.ALL,
            5,
            List.of("run_id"),
            Optional.of("t"));
    SearchRuns request = SearchRuns.of(full);
    assertThat(RestJson.read(SearchRuns.class, RestJson.write(request)).toRunSearch())
        .isEqualTo(full);
    assertThat(RestJson.read(SearchRuns.class, "{\"page_token\": \"\"}").toRunSearch().pageToken())
        .isEmpty();
  }

  @Test
  @DisplayName("experiments/search: defaults, round trip, and a max_results beyond int")
  void searchExperiments() {
    ExperimentSearch defaults = SearchExperiments.builder().build().toExperimentSearch();
    assertThat(defaults.maxResults()).isEqualTo(ExperimentSearch.DEFAULT_MAX_RESULTS);
    assertThat(defaults.viewType()).isEqualTo(ViewType.ACTIVE_ONLY);
    assertThat(defaults.filter()).isEmpty();

    ExperimentSearch full =
        new ExperimentSearch(
            "name LIKE 'a%'", ViewType.DELETED_ONLY, 7, List.of("name"), Optional.of("tok"));
    assertThat(
            RestJson.read(SearchExperiments.class, RestJson.write(SearchExperiments.of(full)))
                .toExperimentSearch())
        .isEqualTo(full);
    assertThatThrownBy(
            () -> SearchExperiments.builder().maxResults(1L << 40).build().toExperimentSearch())
        .isInstanceOf(MlflowException.class)
        .hasMessage(
            "Invalid value 1099511627776 for parameter 'max_results' supplied. It must be at most"
                + " 50000");
  }

  @Test
  @DisplayName("runs/create: absent fields give \"\" and 0, an empty run name counts as none")
  void createRun() {
    RunCreate bare = RestJson.read(CreateRun.class, "{\"run_name\": \"\"}").toRunCreate();
    assertThat(bare).isEqualTo(new RunCreate("", "", Optional.empty(), 0, List.of()));
    RunCreate full =
        new RunCreate(
            "7",
            "alice",
            Optional.of("baseline"),
            1733400000000L,
            List.of(RunTag.of("mlflow.user", "alice")));
    assertThat(RestJson.read(CreateRun.class, RestJson.write(CreateRun.of(full))).toRunCreate())
        .isEqualTo(full);
  }

  @Test
  @DisplayName("runs/update: present fields carry over, an empty run name is not applied")
  void updateRun() {
    RunUpdate update =
        new RunUpdate(Optional.of(RunStatus.FAILED), OptionalLong.of(9), Optional.of("x"));
    UpdateRun request = UpdateRun.of("r", update);
    assertThat(RestJson.read(UpdateRun.class, RestJson.write(request)).toRunUpdate())
        .isEqualTo(update);
    assertThat(
            RestJson.read(UpdateRun.class, "{\"run_id\": \"r\", \"run_name\": \"\"}")
                .toRunUpdate()
                .runName())
        .isEmpty();
  }
}
