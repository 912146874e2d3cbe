/**
 * Internals of the SQL store: the {@link java.util.ServiceLoader} provider, URI mapping, MyBatis
 * mappers and row types, schema management. Not API: may change without notice.
 */
package org.mlflow4j.store.sql.internal;
