/** Not API: the service-loader glue of the REST store. May change without notice. */
package org.mlflow4j.store.rest.internal;
