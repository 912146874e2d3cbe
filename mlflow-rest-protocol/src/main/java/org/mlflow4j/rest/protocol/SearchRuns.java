package org.mlflow4j.rest.protocol;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.mlflow4j.entity.ViewType;
import org.mlflow4j.store.RunSearch;
import tools.jackson.databind.node.ObjectNode;

/**
 * Request of {@code POST runs/search}. No field is required; absent ones stay empty here so that
 * the server applies MLflow's defaults (ACTIVE_ONLY, 1000 results).
 *
 * <p>Immutable.
 *
 * @param experimentIds the experiments to search (a single string or numbers are accepted)
 * @param filter the filter in MLflow's search language
 * @param runViewType which lifecycle stages to return
 * @param maxResults the page size
 * @param orderBy order-by clauses
 * @param pageToken the token of the page to fetch
 */
public record SearchRuns(
    List<String> experimentIds,
    Optional<String> filter,
    Optional<ViewType> runViewType,
    OptionalInt maxResults,
    List<String> orderBy,
    Optional<String> pageToken) {

  /** Checks for nulls and copies the lists. */
  public SearchRuns {
    experimentIds = List.copyOf(experimentIds);
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(runViewType, "runViewType");
    Objects.requireNonNull(maxResults, "maxResults");
    orderBy = List.copyOf(orderBy);
    Objects.requireNonNull(pageToken, "pageToken");
  }

  /** A builder searching the given experiments, every other field unset. */
  public static Builder builder(List<String> experimentIds) {
    return new Builder(experimentIds);
  }

  /** The request a client sends for {@code search}: every field explicit, as MLflow's do. */
  public static SearchRuns of(RunSearch search) {
    return new SearchRuns(
        search.experimentIds(),
        Optional.of(search.filter()),
        Optional.of(search.viewType()),
        OptionalInt.of(search.maxResults()),
        search.orderBy(),
        search.pageToken());
  }

  /**
   * The store's search, with MLflow's defaults for what is absent: no filter, active only, 1000
   * results; an empty page token means the first page.
   */
  public RunSearch toRunSearch() {
    return new RunSearch(
        experimentIds,
        filter.orElse(""),
        runViewType.orElse(ViewType.ACTIVE_ONLY),
        maxResults.orElse(RunSearch.DEFAULT_MAX_RESULTS),
        orderBy,
        pageToken.filter(t -> !t.isEmpty()));
  }

  static SearchRuns read(JsonIn in) {
    return new SearchRuns(
        in.experimentIds("experiment_ids"),
        in.string("filter"),
        in.enumValue("run_view_type", ViewType.values(), RestEnums::viewType),
        in.int32("max_results"),
        in.strings("order_by"),
        in.string("page_token"));
  }

  void write(ObjectNode out) {
    JsonOut.strings(out, "experiment_ids", experimentIds);
    JsonOut.string(out, "filter", filter);
    runViewType.ifPresent(v -> out.put("run_view_type", v.name()));
    JsonOut.int32(out, "max_results", maxResults);
    JsonOut.strings(out, "order_by", orderBy);
    JsonOut.string(out, "page_token", pageToken);
  }

  /** Builds a {@link SearchRuns}. Not thread-safe. */
  public static final class Builder {
    private final List<String> experimentIds;
    private Optional<String> filter = Optional.empty();
    private Optional<ViewType> runViewType = Optional.empty();
    private OptionalInt maxResults = OptionalInt.empty();
    private List<String> orderBy = List.of();
    private Optional<String> pageToken = Optional.empty();

    private Builder(List<String> experimentIds) {
      this.experimentIds = List.copyOf(experimentIds);
    }

    /** Sets the filter. */
    public Builder filter(String filter) {
      this.filter = Optional.of(filter);
      return this;
    }

    /** Sets the view type. */
    public Builder runViewType(ViewType runViewType) {
      this.runViewType = Optional.of(runViewType);
      return this;
    }

    /** Sets the page size. */
    public Builder maxResults(int maxResults) {
      this.maxResults = OptionalInt.of(maxResults);
      return this;
    }

    /** Sets the order-by clauses. */
    public Builder orderBy(List<String> orderBy) {
      this.orderBy = orderBy;
      return this;
    }

    /** Sets the page token. */
    public Builder pageToken(String pageToken) {
      this.pageToken = Optional.of(pageToken);
      return this;
    }

    /** The request. */
    public SearchRuns build() {
      return new SearchRuns(experimentIds, filter, runViewType, maxResults, orderBy, pageToken);
    }
  }
}
