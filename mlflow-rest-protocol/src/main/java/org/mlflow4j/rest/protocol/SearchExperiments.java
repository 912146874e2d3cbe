package org.mlflow4j.rest.protocol;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.ViewType;
import org.mlflow4j.store.ExperimentSearch;
import tools.jackson.databind.node.ObjectNode;

/**
 * Request of {@code POST|GET experiments/search}. Every field is optional on the wire; absent ones
 * stay empty here so that the server applies MLflow's defaults and a client sends only what it set.
 *
 * <p>Immutable.
 *
 * @param maxResults the page size
 * @param pageToken the token of the page to fetch
 * @param filter the filter in MLflow's search language
 * @param orderBy order-by clauses
 * @param viewType which lifecycle stages to return (MLflow's default: active only)
 */
public record SearchExperiments(
    OptionalLong maxResults,
    Optional<String> pageToken,
    Optional<String> filter,
    List<String> orderBy,
    Optional<ViewType> viewType) {

  /** Checks for nulls and copies the list. */
  public SearchExperiments {
    Objects.requireNonNull(maxResults, "maxResults");
    Objects.requireNonNull(pageToken, "pageToken");
    Objects.requireNonNull(filter, "filter");
    orderBy = List.copyOf(orderBy);
    Objects.requireNonNull(viewType, "viewType");
  }

  /** A builder with every field unset. */
  public static Builder builder() {
    return new Builder();
  }

  /** The request a client sends for {@code search}: every field explicit, as MLflow's do. */
  public static SearchExperiments of(ExperimentSearch search) {
    return new SearchExperiments(
        OptionalLong.of(search.maxResults()),
        search.pageToken(),
        Optional.of(search.filter()),
        search.orderBy(),
        Optional.of(search.viewType()));
  }

  /**
   * The store's search, with MLflow's defaults for what is absent: no filter, active only and
   * (unlike MLflow's server, which answers a missing {@code max_results} with 400) 1000 results,
   * the page size every MLflow client sends.
   *
   * @throws MlflowException INVALID_PARAMETER_VALUE if {@code max_results} exceeds an int
   */
  public ExperimentSearch toExperimentSearch() {
    long max = maxResults.orElse(ExperimentSearch.DEFAULT_MAX_RESULTS);
    return new ExperimentSearch(
        filter.orElse(""),
        viewType.orElse(ViewType.ACTIVE_ONLY),
        toIntPageSize(max, ExperimentSearch.MAX_RESULTS_LIMIT),
        orderBy,
        pageToken.filter(t -> !t.isEmpty()));
  }

  /** An int page size; one beyond int range fails as the store's limit check would. */
  static int toIntPageSize(long maxResults, int limit) {
    if (maxResults > Integer.MAX_VALUE) {
      throw MlflowException.invalidParameter(
          "Invalid value "
              + maxResults
              + " for parameter 'max_results' supplied. It must be at most "
              + limit);
    }
    if (maxResults < Integer.MIN_VALUE) {
      throw MlflowException.invalidParameter(
          "Invalid value "
              + maxResults
              + " for parameter 'max_results' supplied. It must be a positive integer");
    }
    return (int) maxResults;
  }

  static SearchExperiments read(JsonIn in) {
    return new SearchExperiments(
        in.int64("max_results"),
        in.string("page_token"),
        in.string("filter"),
        in.strings("order_by"),
        in.enumValue("view_type", ViewType.values(), RestEnums::viewType));
  }

  void write(ObjectNode out) {
    JsonOut.int64(out, "max_results", maxResults);
    JsonOut.string(out, "page_token", pageToken);
    JsonOut.string(out, "filter", filter);
    JsonOut.strings(out, "order_by", orderBy);
    viewType.ifPresent(v -> out.put("view_type", v.name()));
  }

  /** Builds a {@link SearchExperiments}. Not thread-safe. */
  public static final class Builder {
    private OptionalLong maxResults = OptionalLong.empty();
    private Optional<String> pageToken = Optional.empty();
    private Optional<String> filter = Optional.empty();
    private List<String> orderBy = List.of();
    private Optional<ViewType> viewType = Optional.empty();

    private Builder() {}

    /** Sets the page size. */
    public Builder maxResults(long maxResults) {
      this.maxResults = OptionalLong.of(maxResults);
      return this;
    }

    /** Sets the page token. */
    public Builder pageToken(String pageToken) {
      this.pageToken = Optional.of(pageToken);
      return this;
    }

    /** Sets the filter. */
    public Builder filter(String filter) {
      this.filter = Optional.of(filter);
      return this;
    }

    /** Sets the order-by clauses. */
    public Builder orderBy(List<String> orderBy) {
      this.orderBy = orderBy;
      return this;
    }

    /** Sets the view type. */
    public Builder viewType(ViewType viewType) {
      this.viewType = Optional.of(viewType);
      return this;
    }

    /** The request. */
    public SearchExperiments build() {
      return new SearchExperiments(maxResults, pageToken, filter, orderBy, viewType);
    }
  }
}
