/**
 * MLflow's search language for runs and experiments: the filter and order-by parsers, their
 * syntax tree, and an in-memory evaluator and comparator.
 *
 * <p>{@link org.mlflow4j.search.SearchParser} turns a filter into {@link
 * org.mlflow4j.search.FilterClause}s and an order-by list into {@link
 * org.mlflow4j.search.OrderByClause}s (tie-breakers included), raising MLflow's
 * INVALID_PARAMETER_VALUE errors. {@link org.mlflow4j.search.SearchEvaluator} applies them to
 * runs and experiments held in memory.
 *
 * <p>Notes for a store that translates clauses to SQL (spec/search.md §2.5, §2.6, §3):
 *
 * <ul>
 *   <li>attribute keys are normalised: {@code run_id} is the column {@code run_uuid};
 *       {@code run_name} in a <em>filter</em> compares the tag {@code mlflow.runName} (in an
 *       order-by, the run's name column); {@code start_time}, {@code end_time} and the
 *       experiments' {@code creation_time}, {@code last_update_time} are numeric;
 *   <li>each metric, param, tag and dataset clause is a sub-select joined to the run, so a run
 *       lacking the key never matches; metrics compare the latest value;
 *   <li>{@code =}, {@code !=} and {@code LIKE} must be case-sensitive ({@code ILIKE} not), and
 *       {@code LIKE} patterns use only {@code %} and {@code _} as wildcards;
 *   <li>{@link org.mlflow4j.search.FilterValue.Numeric#literal()} keeps the number as written;
 *       {@link org.mlflow4j.search.FilterValue.TextList} is non-empty as written but may be
 *       empty after MLflow's dropping of upper-case run ids ({@code IN ()} matches nothing,
 *       {@code NOT IN ()} everything);
 *   <li>orders put missing values last in both directions and, for metrics, NaN after numbers
 *       but before missing values.
 * </ul>
 */
package org.mlflow4j.search;
