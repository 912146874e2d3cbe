/** Runnable examples of MLflow4j; {@link org.mlflow4j.examples.LogisticRegressionExample} is the README's main job. */
package org.mlflow4j.examples;
