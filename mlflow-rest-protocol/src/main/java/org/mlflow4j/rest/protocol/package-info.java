/**
 * The JSON mapping of MLflow's tracking REST API, shared by the tracking server and the REST store:
 * request and response messages of every tracking endpoint as records, the endpoint table ({@link
 * org.mlflow4j.rest.protocol.Endpoints}) and the one codec that reads and writes them and
 * MLflow4j's entities ({@link org.mlflow4j.rest.protocol.RestJson}).
 */
package org.mlflow4j.rest.protocol;
