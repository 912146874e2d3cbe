/**
 * Public helpers for store authors: validation of keys, values and batches exactly as MLflow
 * validates them, page tokens encoded as MLflow encodes them, in-memory search (filter, order,
 * paging), run names, and artifact-URI joining. A simple store gets MLflow's behaviour by
 * delegating to these.
 */
package org.mlflow4j.store.support;
