/**
 * The store SPI: {@link org.mlflow4j.store.TrackingStore}, which every backend implements, and
 * {@link org.mlflow4j.store.TrackingStoreProvider}, by which {@code MlflowClient} finds stores with
 * {@link java.util.ServiceLoader}.
 */
package org.mlflow4j.store;
