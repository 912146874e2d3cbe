/**
 * MLflow's search language for runs and experiments: the filter and order-by parsers, their
 * syntax tree, and an in-memory evaluator and comparator.
 */
package org.mlflow4j.search;
