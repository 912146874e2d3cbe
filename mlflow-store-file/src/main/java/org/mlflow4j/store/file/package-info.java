/**
 * MLflow's local file store ({@code mlruns}): {@link org.mlflow4j.store.file.FileTrackingStore} and
 * its {@link org.mlflow4j.store.file.FileStoreOptions}. Reads and writes exactly the layout MLflow
 * 2.22 and 3.x use, so MLflow's UI and Python client see what Java logged and vice versa.
 */
package org.mlflow4j.store.file;
