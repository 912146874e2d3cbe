/**
 * The store compatibility kits, published from main code so that third-party stores can run them
 * too: {@link org.mlflow4j.store.tck.TrackingStoreCompatibilityKit}, the JUnit 5 contract every
 * {@link org.mlflow4j.store.TrackingStore} passes, and {@link
 * org.mlflow4j.store.tck.ArtifactRepositoryCompatibilityKit}, the one every {@link
 * org.mlflow4j.store.ArtifactRepository} passes, with {@link
 * org.mlflow4j.store.tck.PathTraversalVectors}, the unsafe artifact paths for any test of code that
 * accepts one. {@link org.mlflow4j.store.tck.InMemoryTrackingStore} is the reference store that
 * passes the tracking kit, for unit tests of code that logs to MLflow; {@link
 * org.mlflow4j.store.tck.ForwardingTrackingStore} is the base for test decorators around a store.
 */
package org.mlflow4j.store.tck;
