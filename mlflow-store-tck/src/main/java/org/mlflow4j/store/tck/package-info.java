/**
 * The store compatibility kit: {@link org.mlflow4j.store.tck.TrackingStoreCompatibilityKit}, the
 * JUnit 5 contract every {@link org.mlflow4j.store.TrackingStore} passes, published from main code
 * so that third-party stores can run it too.
 */
package org.mlflow4j.store.tck;
