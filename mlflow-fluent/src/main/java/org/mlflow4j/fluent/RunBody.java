package org.mlflow4j.fluent;

/**
 * The code {@link Mlflow#withRun(String, RunBody)} runs inside a run. It may throw any exception,
 * which {@code withRun} rethrows unchanged after ending the run FAILED.
 *
 * @param <E> the checked exception the body may throw ({@link RuntimeException} when none)
 */
@FunctionalInterface
public interface RunBody<E extends Exception> {
  /** Runs with the given active run. */
  void accept(ActiveRun run) throws E;
}
