/**
 * The store compatibility kit: {@link org.mlflow4j.store.tck.TrackingStoreCompatibilityKit}, the
 * JUnit 5 contract every {@link org.mlflow4j.store.TrackingStore} passes, published from main code
 * so that third-party stores can run it too. {@link org.mlflow4j.store.tck.InMemoryTrackingStore}
 * is the reference store that passes it, for unit tests of code that logs to MLflow; {@link
 * org.mlflow4j.store.tck.ForwardingTrackingStore} is the base for test decorators around a store.
 */
package org.mlflow4j.store.tck;
