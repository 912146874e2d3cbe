/**
 * MLflow's tracking entities as immutable records: experiments, runs, metrics, params, tags,
 * dataset inputs, artifact listings and result pages.
 */
package org.mlflow4j.entity;
