package org.mlflow4j.store.support;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.Experiment;
import org.mlflow4j.entity.Page;
import org.mlflow4j.entity.Run;
import org.mlflow4j.search.SearchEvaluator;
import org.mlflow4j.search.SearchParser;
import org.mlflow4j.store.ExperimentSearch;
import org.mlflow4j.store.RunSearch;

/**
 * Searches runs and experiments held in memory exactly as MLflow does: checks {@code max_results},
 * parses the filter and order-by, filters, sorts and pages with {@link PageTokens}. A store that
 * can load all candidates gets MLflow's search semantics by delegating here. A next-page token is
 * returned only when more rows exist.
 *
 * <p>Stateless and thread-safe; the collections passed in are only read.
 */
public final class InMemorySearch {
  private InMemorySearch() {}

  /**
   * One page of the runs matching a search.
   *
   * @param runs every run of the requested experiments, in any lifecycle stage (runs of other
   *     experiments and of stages outside the view type are skipped)
   * @param search the search
   * @throws MlflowException INVALID_PARAMETER_VALUE for a bad max_results, filter, order-by or page
   *     token
   */
  public static Page<Run> searchRuns(Collection<Run> runs, RunSearch search) {
    checkMaxResults(search.maxResults(), RunSearch.MAX_RESULTS_LIMIT);
    Predicate<Run> filter =
        SearchEvaluator.runPredicate(SearchParser.parseRunFilter(search.filter()));
    java.util.Comparator<Run> order =
        SearchEvaluator.runComparator(SearchParser.parseRunOrderBy(search.orderBy()));
    int offset = PageTokens.decode(search.pageToken());
    Set<String> experimentIds = new HashSet<>(search.experimentIds());
    List<Run> matching = new ArrayList<>();
    for (Run run : runs) {
      if (experimentIds.contains(run.info().experimentId())
          && search.viewType().includes(run.info().lifecycleStage())
          && filter.test(run)) {
        matching.add(run);
      }
    }
    matching.sort(order);
    return page(matching, offset, search.maxResults());
  }

  /**
   * One page of the experiments matching a search.
   *
   * @param experiments every experiment, in any lifecycle stage
   * @param search the search
   * @throws MlflowException INVALID_PARAMETER_VALUE for a bad max_results, filter, order-by or page
   *     token
   */
  public static Page<Experiment> searchExperiments(
      Collection<Experiment> experiments, ExperimentSearch search) {
    checkMaxResults(search.maxResults(), ExperimentSearch.MAX_RESULTS_LIMIT);
    Predicate<Experiment> filter =
        SearchEvaluator.experimentPredicate(SearchParser.parseExperimentFilter(search.filter()));
    java.util.Comparator<Experiment> order =
        SearchEvaluator.experimentComparator(SearchParser.parseExperimentOrderBy(search.orderBy()));
    int offset = PageTokens.decode(search.pageToken());
    List<Experiment> matching = new ArrayList<>();
    for (Experiment e : experiments) {
      if (search.viewType().includes(e.lifecycleStage()) && filter.test(e)) {
        matching.add(e);
      }
    }
    matching.sort(order);
    return page(matching, offset, search.maxResults());
  }

  private static void checkMaxResults(int maxResults, int limit) {
    if (maxResults < 1) {
      throw MlflowException.invalidParameter(
          "Invalid value "
              + maxResults
              + " for parameter 'max_results' supplied. It must be a positive integer");
    }
    if (maxResults > limit) {
      throw MlflowException.invalidParameter(
          "Invalid value "
              + maxResults
              + " for parameter 'max_results' supplied. It must be at most "
              + limit);
    }
  }

  private static <T> Page<T> page(List<T> sorted, int offset, int maxResults) {
    if (offset >= sorted.size()) {
      return Page.last(List.of());
    }
    long end = (long) offset + maxResults;
    if (end < sorted.size()) {
      return Page.of(sorted.subList(offset, (int) end), PageTokens.encode((int) end));
    }
    return Page.last(sorted.subList(offset, sorted.size()));
  }
}
