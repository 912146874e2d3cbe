/**
 * Implementation details shared by MLflow4j modules (writers that reproduce Python's output byte
 * for byte); not API, may change at any time.
 */
package org.mlflow4j.internal;
