/**
 * The fluent API: {@link org.mlflow4j.fluent.Mlflow}, a static facade over one {@link
 * org.mlflow4j.client.MlflowClient} with a per-thread stack of {@link
 * org.mlflow4j.fluent.ActiveRun}s, logging through the client's asynchronous writer.
 */
package org.mlflow4j.fluent;
