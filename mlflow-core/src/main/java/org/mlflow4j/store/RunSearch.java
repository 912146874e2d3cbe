package org.mlflow4j.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mlflow4j.entity.ViewType;

/**
 * A search for runs: experiments, filter, view type, order, page size and page token, as MLflow's
 * {@code runs/search}.
 *
 * <p>Immutable.
 *
 * @param experimentIds the experiments to search (none gives an empty page)
 * @param filter the filter in MLflow's search language; empty matches every run
 * @param viewType which lifecycle stages to return
 * @param maxResults page size, 1 to 50000 (default 1000)
 * @param orderBy order-by clauses such as {@code metrics.rmse DESC}
 * @param pageToken the token of the page to fetch; empty for the first page
 */
public record RunSearch(
    List<String> experimentIds,
    String filter,
    ViewType viewType,
    int maxResults,
    List<String> orderBy,
    Optional<String> pageToken) {

  /** MLflow's default page size for run searches. */
  public static final int DEFAULT_MAX_RESULTS = 1000;

  /** MLflow's largest page size for run searches. */
  public static final int MAX_RESULTS_LIMIT = 50000;

  /** Checks for nulls and copies the lists. */
  public RunSearch {
    experimentIds = List.copyOf(experimentIds);
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(viewType, "viewType");
    orderBy = List.copyOf(orderBy);
    Objects.requireNonNull(pageToken, "pageToken");
  }

  /** A builder searching the given experiments. */
  public static Builder builder(String... experimentIds) {
    return new Builder().experimentIds(List.of(experimentIds));
  }

  /** A builder initialised with this search, e.g. to ask for the next page. */
  public Builder toBuilder() {
    return new Builder()
        .experimentIds(experimentIds)
        .filter(filter)
        .viewType(viewType)
        .maxResults(maxResults)
        .orderBy(orderBy)
        .pageToken(pageToken);
  }

  /** This search for the page of the given token. */
  public RunSearch withPageToken(Optional<String> token) {
    return toBuilder().pageToken(token).build();
  }

  /** Builds a {@link RunSearch}. Confined to one thread. */
  public static final class Builder {
    private List<String> experimentIds = List.of();
    private String filter = "";
    private ViewType viewType = ViewType.ACTIVE_ONLY;
    private int maxResults = DEFAULT_MAX_RESULTS;
    private List<String> orderBy = List.of();
    private Optional<String> pageToken = Optional.empty();

    private Builder() {}

    /** Sets the experiments to search. */
    public Builder experimentIds(List<String> experimentIds) {
      this.experimentIds = experimentIds;
      return this;
    }

    /** Sets the filter. */
    public Builder filter(String filter) {
      this.filter = filter;
      return this;
    }

    /** Sets the view type (default ACTIVE_ONLY). */
    public Builder viewType(ViewType viewType) {
      this.viewType = viewType;
      return this;
    }

    /** Sets the page size (default 1000). */
    public Builder maxResults(int maxResults) {
      this.maxResults = maxResults;
      return this;
    }

    /** Sets the order-by clauses. */
    public Builder orderBy(List<String> orderBy) {
      this.orderBy = orderBy;
      return this;
    }

    /** Sets the order-by clauses. */
    public Builder orderBy(String... orderBy) {
      return orderBy(List.of(orderBy));
    }

    /** Sets the page token. */
    public Builder pageToken(String pageToken) {
      return pageToken(Optional.of(pageToken));
    }

    /** Sets or clears the page token. */
    public Builder pageToken(Optional<String> pageToken) {
      this.pageToken = pageToken;
      return this;
    }

    /** The search. */
    public RunSearch build() {
      return new RunSearch(experimentIds, filter, viewType, maxResults, orderBy, pageToken);
    }
  }
}
