/**
 * The REST store: {@link org.mlflow4j.store.rest.RestTrackingStore}, a tracking store that talks to
 * an MLflow tracking server over HTTP(S), configured by {@link
 * org.mlflow4j.store.rest.RestStoreOptions} or, for {@code http}/{@code https} tracking URIs, by
 * MLflow's {@code MLFLOW_HTTP_*} and {@code MLFLOW_TRACKING_*} settings.
 */
package org.mlflow4j.store.rest;
