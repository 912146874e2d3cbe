/**
 * Internals of the file store: the {@link java.util.ServiceLoader} provider and URI helpers. Not
 * API: may change without notice.
 */
package org.mlflow4j.store.file.internal;
