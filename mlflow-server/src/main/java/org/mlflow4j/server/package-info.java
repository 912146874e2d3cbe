/**
 * An MLflow tracking server on embedded Jetty: {@link org.mlflow4j.server.TrackingServer} serves
 * MLflow's tracking REST API over any tracking store, and {@link org.mlflow4j.server.Main} is the
 * {@code mlflow-server} command with the options of {@code mlflow server}.
 */
package org.mlflow4j.server;
