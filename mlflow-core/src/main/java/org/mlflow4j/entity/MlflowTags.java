package org.mlflow4j.entity;

/** The names of the system tags MLflow sets on runs (spec/conventions.md §3). */
public final class MlflowTags {
  private MlflowTags() {}

  /** The run's name; kept in sync with {@link RunInfo#runName()}. */
  public static final String RUN_NAME = "mlflow.runName";

  /** The user who started the run. */
  public static final String USER = "mlflow.user";

  /** The program that started the run (a script, a main class). */
  public static final String SOURCE_NAME = "mlflow.source.name";

  /** The kind of source: {@code LOCAL}, {@code NOTEBOOK}, {@code JOB}, {@code PROJECT}. */
  public static final String SOURCE_TYPE = "mlflow.source.type";

  /** The 40-hex git commit of the work tree the run started in. */
  public static final String GIT_COMMIT = "mlflow.source.git.commit";

  /** The git branch of the work tree the run started in. */
  public static final String GIT_BRANCH = "mlflow.source.git.branch";

  /** The remote URL of the git repository the run started in. */
  public static final String GIT_REPO_URL = "mlflow.source.git.repoURL";

  /** The id of the parent of a nested run. */
  public static final String PARENT_RUN_ID = "mlflow.parentRunId";

  /** The run's (or experiment's) description, markdown. */
  public static final String NOTE_CONTENT = "mlflow.note.content";

  /** The history of models logged to the run, a JSON list. */
  public static final String LOG_MODEL_HISTORY = "mlflow.log-model.history";
}
