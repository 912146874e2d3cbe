/**
 * {@link org.mlflow4j.client.MlflowClient}: the synchronous tracking client, with tracking-URI
 * resolution, store discovery through {@link java.util.ServiceLoader}, and the asynchronous
 * batching writer {@link org.mlflow4j.client.AsyncRunLogger}.
 */
package org.mlflow4j.client;
