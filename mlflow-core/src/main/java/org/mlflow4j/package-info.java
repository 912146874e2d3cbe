/** MLflow4j's error model: {@link org.mlflow4j.MlflowException} and {@link org.mlflow4j.ErrorCode}. */
package org.mlflow4j;
