package org.mlflow4j.store.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.plugin.Interceptor;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.ExecutorType;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.Dataset;
import org.mlflow4j.entity.DatasetInput;
import org.mlflow4j.entity.Experiment;
import org.mlflow4j.entity.ExperimentTag;
import org.mlflow4j.entity.InputTag;
import org.mlflow4j.entity.LifecycleStage;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.MlflowTags;
import org.mlflow4j.entity.Page;
import org.mlflow4j.entity.Param;
import org.mlflow4j.entity.Run;
import org.mlflow4j.entity.RunData;
import org.mlflow4j.entity.RunInfo;
import org.mlflow4j.entity.RunStatus;
import org.mlflow4j.entity.RunTag;
import org.mlflow4j.search.SearchParser;
import org.mlflow4j.store.ExperimentSearch;
import org.mlflow4j.store.RunCreate;
import org.mlflow4j.store.RunSearch;
import org.mlflow4j.store.RunUpdate;
import org.mlflow4j.store.TrackingStore;
import org.mlflow4j.store.TrackingUris;
import org.mlflow4j.store.sql.internal.Dialect;
import org.mlflow4j.store.sql.internal.Rows.DatasetInputRow;
import org.mlflow4j.store.sql.internal.Rows.ExperimentRow;
import org.mlflow4j.store.sql.internal.Rows.InputTagRow;
import org.mlflow4j.store.sql.internal.Rows.KeyValueRow;
import org.mlflow4j.store.sql.internal.Rows.MetricRow;
import org.mlflow4j.store.sql.internal.Rows.RunRow;
import org.mlflow4j.store.sql.internal.Schema;
import org.mlflow4j.store.sql.internal.SearchSql;
import org.mlflow4j.store.sql.internal.SqlQuery;
import org.mlflow4j.store.sql.internal.TrackingMapper;
import org.mlflow4j.store.support.ArtifactUris;
import org.mlflow4j.store.support.Ids;
import org.mlflow4j.store.support.InMemorySearch;
import org.mlflow4j.store.support.PageTokens;
import org.mlflow4j.store.support.RunNames;
import org.mlflow4j.store.support.StoreErrors;
import org.mlflow4j.store.support.Validation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MLflow's SQL store: the tables of MLflow's own database schema on SQLite, PostgreSQL and
 * MySQL/MariaDB, read and written as MLflow does (spec/sql-schema.md), through MyBatis over a
 * HikariCP pool.
 *
 * <p>Opening an empty database creates every table of MLflow's schema revision {@code bf29a5ff90ea}
 * (MLflow 3.5/3.6; or {@code 0584bdc529eb}, MLflow 2.18-2.22, see {@link
 * SqlStoreOptions#schemaRevision()}), stamps it in {@code alembic_version} and adds the Default
 * experiment {@code 0}. A database MLflow created at a revision from 2.17 on is used as it is and
 * never altered; any other database is refused.
 *
 * <p>Every write is one transaction. Writes to a run lock its {@code runs} row first, so several
 * threads and processes may log to one run: {@code latest_metrics} stays right and nothing is lost.
 *
 * <p>Thread-safe.
 */
public final class SqlTrackingStore implements TrackingStore {
  private static final Logger LOG = LoggerFactory.getLogger(SqlTrackingStore.class);
  private static final int IN_LIST_CHUNK = 500;
  private static final String DEFAULT_EXPERIMENT_NAME = "Default";

  private final SqlStoreOptions options;
  private final Dialect dialect;
  private final String displayUrl;
  private final HikariDataSource dataSource;
  private final SqlSessionFactory sessions;

  /** SQLite has one writer at a time: threads of this process queue here, not in busy-waits. */
  private final java.util.concurrent.locks.ReentrantLock sqliteWriteLock =
      new java.util.concurrent.locks.ReentrantLock(true);

  private volatile boolean closed;

  private SqlTrackingStore(SqlStoreOptions options, List<Interceptor> plugins) {
    this.options = options;
    this.dialect = Dialect.ofJdbcUrl(options.jdbcUrl());
    this.displayUrl = TrackingUris.maskCredentials(options.jdbcUrl());
    this.dataSource = pool(options, dialect, displayUrl);
    try {
      this.sessions = sessionFactory(dataSource, dialect, plugins);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }

  /**
   * Opens the store of MLflow's database URI (e.g. {@code sqlite:///mlflow.db}), defaults
   * elsewhere.
   */
  public static SqlTrackingStore open(String databaseUri) {
    return open(SqlStoreOptions.of(databaseUri));
  }

  /**
   * Opens the store of the options: creates MLflow's schema in an empty database, checks the
   * revision of an existing one, and adds the Default experiment when missing.
   */
  public static SqlTrackingStore open(SqlStoreOptions options) {
    return open(options, List.of());
  }

  /** Opens the store with MyBatis plugins, e.g. a statement counter in tests. */
  static SqlTrackingStore open(SqlStoreOptions options, List<Interceptor> plugins) {
    SqlTrackingStore store = new SqlTrackingStore(options, plugins);
    try {
      store.initialise();
      return store;
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** The options the store was opened with. */
  public SqlStoreOptions options() {
    return options;
  }

  /**
   * The pool, with one connection made: an unreachable database fails here, with a clear message.
   */
  private static HikariDataSource pool(
      SqlStoreOptions options, Dialect dialect, String displayUrl) {
    HikariConfig config = poolConfig(options, dialect);
    try {
      return new HikariDataSource(config);
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new MlflowException(
          ErrorCode.INTERNAL_ERROR,
          "Cannot connect to the SQL store at "
              + displayUrl
              + options.user().map(u -> " as " + u).orElse("")
              + ": "
              + cause.getMessage(),
          e);
    }
  }

  private static HikariConfig poolConfig(SqlStoreOptions options, Dialect dialect) {
    try {
      Class.forName(dialect.driverClass());
    } catch (ClassNotFoundException e) {
      throw new MlflowException(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "No JDBC driver for "
              + TrackingUris.maskCredentials(options.jdbcUrl())
              + ": add "
              + dialect.driverArtifact()
              + " to the class path.",
          e);
    }
    HikariConfig config = new HikariConfig();
    config.setPoolName("mlflow4j-sql");
    config.setJdbcUrl(jdbcUrlWithSessionSettings(options.jdbcUrl(), dialect));
    options.user().ifPresent(config::setUsername);
    options.password().ifPresent(config::setPassword);
    config.setMaximumPoolSize(options.poolSize() + options.maxOverflow());
    // Like SQLAlchemy's pool, connections are opened on demand, not ahead.
    config.setMinimumIdle(1);
    options
        .poolRecycle()
        .ifPresent(
            d -> {
              long lifetime = Math.max(30_000, d.toMillis());
              config.setMaxLifetime(lifetime);
              // An idle connection is retired before it would be recycled anyway.
              config.setIdleTimeout(Math.min(config.getIdleTimeout(), lifetime / 2));
            });
    config.setInitializationFailTimeout(1);
    config.setConnectionTimeout(30_000);
    return config;
  }

  /** SQLite: MLflow's pragmas on every connection; write transactions take the lock at BEGIN. */
  private static String jdbcUrlWithSessionSettings(String url, Dialect dialect) {
    if (dialect != Dialect.SQLITE) {
      if (dialect == Dialect.POSTGRESQL && !url.contains("reWriteBatchedInserts")) {
        return url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
      }
      return url;
    }
    String settings =
        "foreign_keys=true&busy_timeout=20000&case_sensitive_like=true"
            + "&transaction_mode=IMMEDIATE";
    return url + (url.contains("?") ? "&" : "?") + settings;
  }

  private static SqlSessionFactory sessionFactory(
      HikariDataSource dataSource, Dialect dialect, List<Interceptor> plugins) {
    Configuration configuration =
        new Configuration(new Environment("mlflow4j", new JdbcTransactionFactory(), dataSource));
    configuration.setDatabaseId(dialect.id());
    configuration.setMapUnderscoreToCamelCase(true);
    configuration.setCacheEnabled(false);
    configuration.setLocalCacheScope(org.apache.ibatis.session.LocalCacheScope.STATEMENT);
    configuration.setJdbcTypeForNull(org.apache.ibatis.type.JdbcType.NULL);
    Properties variables = new Properties();
    variables.setProperty("key", dialect == Dialect.MYSQL ? "`key`" : "key");
    configuration.setVariables(variables);
    configuration.addMapper(TrackingMapper.class);
    plugins.forEach(configuration::addInterceptor);
    return new SqlSessionFactoryBuilder().build(configuration);
  }

  private void initialise() {
    try (Connection connection = dataSource.getConnection()) {
      Schema.State state =
          Schema.prepare(connection, dialect, displayUrl, options.schemaRevision());
      LOG.debug("Schema of {}: {}", displayUrl, state);
    } catch (SQLException e) {
      throw new MlflowException(
          ErrorCode.INTERNAL_ERROR,
          "Cannot open the SQL store at " + displayUrl + ": " + e.getMessage(),
          e);
    }
    if (read(m -> m.experiment(0)) == null) {
      createDefaultExperiment();
    }
  }

  /** MLflow's Default experiment 0, inserted with an explicit id. */
  private void createDefaultExperiment() {
    long now = System.currentTimeMillis();
    String sql =
        "INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage,"
            + " creation_time, last_update_time) VALUES (0, ?, ?, ?, ?, ?)";
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(true);
      try (Statement st = connection.createStatement()) {
        if (dialect == Dialect.MYSQL) {
          // An explicit 0 would otherwise mean "next auto-increment value".
          st.execute("SET @mlflow4j_sql_mode = @@SESSION.sql_mode");
          st.execute(
              "SET @@SESSION.sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_AUTO_VALUE_ON_ZERO')");
        }
        try (java.sql.PreparedStatement insert = connection.prepareStatement(sql)) {
          insert.setString(1, DEFAULT_EXPERIMENT_NAME);
          insert.setString(2, ArtifactUris.append(options.defaultArtifactRoot(), "0"));
          insert.setString(3, LifecycleStage.ACTIVE.wireName());
          insert.setLong(4, now);
          insert.setLong(5, now);
          insert.executeUpdate();
        } catch (SQLException e) {
          if (!isUniqueViolation(e)) {
            throw e;
          }
          LOG.debug("Default experiment created by another process: {}", e.toString());
        } finally {
          if (dialect == Dialect.MYSQL) {
            st.execute("SET @@SESSION.sql_mode = @mlflow4j_sql_mode");
          }
        }
      }
    } catch (SQLException e) {
      throw dbError("create the Default experiment", e);
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      dataSource.close();
    }
  }

  // ============================================================================ sessions

  private <T> T read(Function<TrackingMapper, T> work) {
    try (SqlSession session = sessions.openSession(true)) {
      return work.apply(session.getMapper(TrackingMapper.class));
    } catch (PersistenceException e) {
      throw dbError("read", e);
    }
  }

  /** Runs work in one transaction, retried when the database reports a deadlock. */
  private <T> T write(ExecutorType executor, Function<TrackingMapper, T> work) {
    if (dialect != Dialect.SQLITE) {
      return writeWithRetry(executor, work);
    }
    sqliteWriteLock.lock();
    try {
      return writeWithRetry(executor, work);
    } finally {
      sqliteWriteLock.unlock();
    }
  }

  private <T> T writeWithRetry(ExecutorType executor, Function<TrackingMapper, T> work) {
    for (int attempt = 1; ; attempt++) {
      try (SqlSession session = sessions.openSession(executor, false)) {
        T result = work.apply(session.getMapper(TrackingMapper.class));
        session.commit();
        return result;
      } catch (PersistenceException e) {
        if (attempt < 5 && isRetryable(e)) {
          LOG.debug("Retrying a transaction after {}", e.toString());
          continue;
        }
        throw dbError("write", e);
      }
    }
  }

  private <T> T write(Function<TrackingMapper, T> work) {
    return write(ExecutorType.SIMPLE, work);
  }

  private static boolean isRetryable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        String state = s.getSQLState();
        if ("40001".equals(state) || "40P01".equals(state) || s.getErrorCode() == 1213) {
          return true;
        }
      }
    }
    return false;
  }

  static boolean isUniqueViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        String state = s.getSQLState();
        String message = String.valueOf(s.getMessage());
        if ((state != null && state.startsWith("23") && !message.contains("FOREIGN"))
            || message.contains("UNIQUE constraint failed")
            || message.contains("PRIMARY KEY constraint failed")) {
          return true;
        }
      }
    }
    return false;
  }

  private MlflowException dbError(String what, Exception e) {
    Throwable cause = e;
    while (cause.getCause() != null && !(cause instanceof SQLException)) {
      cause = cause.getCause();
    }
    return new MlflowException(
        ErrorCode.INTERNAL_ERROR,
        "SQL store at " + displayUrl + ": could not " + what + ": " + cause.getMessage(),
        e);
  }

  // ============================================================================ experiments

  @Override
  public String createExperiment(
      String name, Optional<String> artifactLocation, List<ExperimentTag> tags) {
    Validation.validateExperimentName(name);
    tags.forEach(Validation::validateExperimentTag);
    Map<String, String> tagMap = new LinkedHashMap<>();
    tags.forEach(t -> tagMap.put(t.key(), t.value()));
    long now = System.currentTimeMillis();
    try {
      return write(
          m -> {
            requireNameFree(m, name, null);
            ExperimentRow row = new ExperimentRow();
            row.name = name;
            row.lifecycleStage = LifecycleStage.ACTIVE.wireName();
            row.creationTime = now;
            row.lastUpdateTime = now;
            m.insertExperiment(row);
            int id = row.experimentId;
            String location =
                artifactLocation
                    .filter(l -> !l.isEmpty())
                    .orElseGet(() -> ArtifactUris.append(options.defaultArtifactRoot(), "" + id));
            m.setArtifactLocation(id, location);
            tagMap.forEach((k, v) -> m.insertExperimentTag(id, k, v));
            return Integer.toString(id);
          });
    } catch (MlflowException e) {
      if (isUniqueViolation(e)) {
        throw StoreErrors.experimentNameExists(name);
      }
      throw e;
    }
  }

  private static void requireNameFree(TrackingMapper m, String name, Integer exceptId) {
    for (ExperimentRow row : m.experimentsByName(name)) {
      if (row.name.equals(name) && !row.experimentId.equals(exceptId)) {
        throw StoreErrors.experimentNameExists(name);
      }
    }
  }

  /** The integer id of an experiment id; empty when it cannot name a row of this store. */
  private static Optional<Integer> parseExperimentId(String experimentId) {
    Validation.validateExperimentId(experimentId);
    try {
      return Optional.of(Integer.parseInt(experimentId));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static int experimentIdOrNotFound(String experimentId) {
    return parseExperimentId(experimentId)
        .orElseThrow(() -> StoreErrors.experimentNotFound(experimentId));
  }

  @Override
  public Experiment getExperiment(String experimentId) {
    int id = experimentIdOrNotFound(experimentId);
    return read(
        m -> {
          ExperimentRow row = m.experiment(id);
          if (row == null) {
            throw StoreErrors.experimentNotFound(experimentId);
          }
          return toExperiment(row, m.experimentTags(List.of(id)));
        });
  }

  @Override
  public Optional<Experiment> getExperimentByName(String name) {
    return read(
        m -> {
          for (ExperimentRow row : m.experimentsByName(name)) {
            if (row.name.equals(name)) {
              return Optional.of(toExperiment(row, m.experimentTags(List.of(row.experimentId))));
            }
          }
          return Optional.empty();
        });
  }

  @Override
  public Page<Experiment> searchExperiments(ExperimentSearch search) {
    // Validates max_results, filter, order_by and page token with MLflow's messages.
    InMemorySearch.searchExperiments(List.of(), search);
    int offset = PageTokens.decode(search.pageToken());
    int limit = search.maxResults();
    SqlQuery query =
        SearchSql.experiments(
            dialect,
            search.viewType(),
            SearchParser.parseExperimentFilter(search.filter()),
            SearchParser.parseExperimentOrderBy(search.orderBy()),
            offset,
            limit + 1);
    boolean[] more = new boolean[1];
    List<Experiment> experiments =
        read(
            m -> {
              List<ExperimentRow> rows = m.searchExperiments(query, query.params());
              more[0] = rows.size() > limit;
              List<ExperimentRow> page = more[0] ? rows.subList(0, limit) : rows;
              List<Integer> ids = new ArrayList<>();
              page.forEach(r -> ids.add(r.experimentId));
              Map<String, List<KeyValueRow>> tags = new HashMap<>();
              for (List<Integer> chunk : chunks(ids)) {
                tags.putAll(byOwner(m.experimentTags(chunk)));
              }
              List<Experiment> result = new ArrayList<>(page.size());
              for (ExperimentRow row : page) {
                result.add(
                    toExperiment(row, tags.getOrDefault(row.experimentId.toString(), List.of())));
              }
              return result;
            });
    return more[0]
        ? Page.of(experiments, PageTokens.encode(offset + limit))
        : Page.last(experiments);
  }

  @Override
  public void deleteExperiment(String experimentId) {
    moveExperiment(
        experimentId,
        LifecycleStage.ACTIVE,
        LifecycleStage.DELETED,
        () -> StoreErrors.experimentAlreadyDeleted(experimentId));
  }

  @Override
  public void restoreExperiment(String experimentId) {
    moveExperiment(
        experimentId,
        LifecycleStage.DELETED,
        LifecycleStage.ACTIVE,
        () -> StoreErrors.experimentNotDeleted(experimentId));
  }

  /**
   * Moves an experiment and all its runs from one lifecycle stage to the other; runs get a
   * deleted time when deleted and lose it when restored.
   */
  private void moveExperiment(
      String experimentId,
      LifecycleStage from,
      LifecycleStage to,
      Supplier<MlflowException> notInFromStage) {
    int id = experimentIdOrNotFound(experimentId);
    long now = System.currentTimeMillis();
    write(
        m -> {
          ExperimentRow row = m.experimentForUpdate(id);
          if (row == null) {
            throw StoreErrors.experimentNotFound(experimentId);
          }
          if (!from.wireName().equals(row.lifecycleStage)) {
            throw notInFromStage.get();
          }
          m.setExperimentStage(id, to.wireName(), now);
          m.setExperimentRunsStage(id, to.wireName(), to == LifecycleStage.DELETED ? now : null);
          return null;
        });
  }

  @Override
  public void renameExperiment(String experimentId, String newName) {
    int id = experimentIdOrNotFound(experimentId);
    Validation.validateExperimentName(newName);
    long now = System.currentTimeMillis();
    try {
      write(
          m -> {
            ExperimentRow row = m.experimentForUpdate(id);
            if (row == null) {
              throw StoreErrors.experimentNotFound(experimentId);
            }
            if (!LifecycleStage.ACTIVE.wireName().equals(row.lifecycleStage)) {
              throw StoreErrors.cannotRenameDeletedExperiment(experimentId);
            }
            requireNameFree(m, newName, id);
            m.renameExperiment(id, newName, now);
            return null;
          });
    } catch (MlflowException e) {
      if (isUniqueViolation(e)) {
        throw StoreErrors.experimentNameExists(newName);
      }
      throw e;
    }
  }

  @Override
  public void setExperimentTag(String experimentId, ExperimentTag tag) {
    int id = experimentIdOrNotFound(experimentId);
    Validation.validateExperimentTag(tag);
    write(
        m -> {
          requireActiveExperiment(m, id, experimentId);
          if (m.updateExperimentTag(id, tag.key(), tag.value()) == 0) {
            m.insertExperimentTag(id, tag.key(), tag.value());
          }
          return null;
        });
  }

  @Override
  public void deleteExperimentTag(String experimentId, String key) {
    int id = experimentIdOrNotFound(experimentId);
    Validation.validateTagKey(key);
    write(
        m -> {
          requireActiveExperiment(m, id, experimentId);
          if (m.deleteExperimentTag(id, key) == 0) {
            throw StoreErrors.experimentTagNotFound(experimentId, key);
          }
          return null;
        });
  }

  private static ExperimentRow requireActiveExperiment(
      TrackingMapper m, int id, String experimentId) {
    ExperimentRow row = m.experimentForUpdate(id);
    if (row == null) {
      throw StoreErrors.experimentNotFound(experimentId);
    }
    if (!LifecycleStage.ACTIVE.wireName().equals(row.lifecycleStage)) {
      throw StoreErrors.experimentNotActive(experimentId);
    }
    return row;
  }

  private static Experiment toExperiment(ExperimentRow row, List<KeyValueRow> tags) {
    List<ExperimentTag> experimentTags = new ArrayList<>();
    for (KeyValueRow t : tags) {
      experimentTags.add(ExperimentTag.of(t.key, t.value == null ? "" : t.value));
    }
    experimentTags.sort(Comparator.comparing(ExperimentTag::key));
    return Experiment.builder()
        .experimentId(row.experimentId.toString())
        .name(row.name)
        .artifactLocation(row.artifactLocation == null ? "" : row.artifactLocation)
        .lifecycleStage(stage(row.lifecycleStage))
        .creationTime(row.creationTime == null ? 0 : row.creationTime)
        .lastUpdateTime(row.lastUpdateTime == null ? 0 : row.lastUpdateTime)
        .tags(experimentTags)
        .build();
  }

  private static LifecycleStage stage(String wireName) {
    return wireName == null ? LifecycleStage.ACTIVE : LifecycleStage.fromWireName(wireName);
  }

  // ============================================================================ runs

  @Override
  public Run createRun(RunCreate create) {
    String experimentId = create.experimentId();
    int expId = experimentIdOrNotFound(experimentId);
    String runId = Ids.newRunId();
    RunNames.NamedRun named = RunNames.resolve(create);
    String runName = named.runName();
    List<RunTag> tags = named.tags();
    var batch =
        Validation.validateBatch(runId, List.of(), List.of(), tags, options.truncateLongValues());
    RunInfo info =
        write(
            ExecutorType.REUSE,
            m -> {
              ExperimentRow experiment = m.experimentForUpdate(expId);
              if (experiment == null) {
                throw StoreErrors.experimentNotFound(experimentId);
              }
              if (!LifecycleStage.ACTIVE.wireName().equals(experiment.lifecycleStage)) {
                throw StoreErrors.experimentNotActive(experimentId);
              }
              RunRow row = new RunRow();
              row.runUuid = runId;
              row.name = runName;
              row.sourceType = "UNKNOWN";
              row.sourceName = "";
              row.entryPointName = "";
              row.userId = create.userId();
              row.status = RunStatus.RUNNING.name();
              row.startTime = create.startTime();
              row.sourceVersion = "";
              row.lifecycleStage = LifecycleStage.ACTIVE.wireName();
              row.artifactUri =
                  ArtifactUris.append(
                      experiment.artifactLocation == null ? "" : experiment.artifactLocation,
                      runId,
                      "artifacts");
              row.experimentId = expId;
              m.insertRun(row);
              for (RunTag t : batch.tags()) {
                m.insertTag(runId, t.key(), t.value());
              }
              return toRunInfo(row, runName);
            });
    List<RunTag> sorted = new ArrayList<>(batch.tags());
    sorted.sort(Comparator.comparing(RunTag::key));
    return new Run(info, new RunData(List.of(), List.of(), sorted), List.of());
  }

  @Override
  public Run getRun(String runId) {
    Validation.validateRunId(runId);
    return read(
        m -> {
          RunRow row = m.run(runId);
          if (row == null) {
            throw StoreErrors.runNotFound(runId);
          }
          return loadRuns(m, List.of(row)).get(0);
        });
  }

  @Override
  public RunInfo updateRun(String runId, RunUpdate update) {
    Validation.validateRunId(runId);
    Optional<RunTag> nameTag =
        update
            .runName()
            .map(
                n ->
                    Validation.validateBatch(
                            runId,
                            List.of(),
                            List.of(),
                            List.of(RunTag.of(MlflowTags.RUN_NAME, n)),
                            options.truncateLongValues())
                        .tags()
                        .get(0));
    return write(
        m -> {
          RunRow row = lockActiveRun(m, runId);
          update.status().ifPresent(s -> row.status = s.name());
          if (update.endTime().isPresent()) {
            row.endTime = update.endTime().getAsLong();
          }
          if (nameTag.isPresent()) {
            row.name = nameTag.get().value();
            upsertTag(m, runId, nameTag.get());
          }
          m.updateRun(row);
          return toRunInfo(row, row.name == null ? "" : row.name);
        });
  }

  @Override
  public void deleteRun(String runId) {
    setRunStage(runId, LifecycleStage.DELETED);
  }

  @Override
  public void restoreRun(String runId) {
    setRunStage(runId, LifecycleStage.ACTIVE);
  }

  private void setRunStage(String runId, LifecycleStage stage) {
    Validation.validateRunId(runId);
    Long deletedTime = stage == LifecycleStage.DELETED ? System.currentTimeMillis() : null;
    write(
        m -> {
          RunRow row = m.runForUpdate(runId);
          if (row == null) {
            throw StoreErrors.runNotFound(runId);
          }
          if (!stage.wireName().equals(row.lifecycleStage)) {
            m.setRunStage(runId, stage.wireName(), deletedTime);
          }
          return null;
        });
  }

  @Override
  public Page<Run> searchRuns(RunSearch search) {
    // Validates max_results, filter, order_by and page token with MLflow's messages.
    InMemorySearch.searchRuns(List.of(), search);
    List<Integer> ids = new ArrayList<>();
    for (String experimentId : search.experimentIds()) {
      parseExperimentId(experimentId).ifPresent(ids::add);
    }
    if (ids.isEmpty()) {
      return Page.last(List.of());
    }
    int offset = PageTokens.decode(search.pageToken());
    int limit = search.maxResults();
    SqlQuery query =
        SearchSql.runs(
            dialect,
            ids,
            search.viewType(),
            SearchParser.parseRunFilter(search.filter()),
            SearchParser.parseRunOrderBy(search.orderBy()),
            offset,
            limit + 1);
    boolean[] more = new boolean[1];
    List<Run> runs =
        read(
            m -> {
              List<RunRow> rows = m.searchRuns(query, query.params());
              // One row past the page tells whether there is a next page.
              more[0] = rows.size() > limit;
              return loadRuns(m, more[0] ? rows.subList(0, limit) : rows);
            });
    return more[0] ? Page.of(runs, PageTokens.encode(offset + limit)) : Page.last(runs);
  }

  @Override
  public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<RunTag> tags) {
    var batch =
        Validation.validateBatch(runId, metrics, params, tags, options.truncateLongValues());
    if (batch.metrics().isEmpty() && batch.params().isEmpty() && batch.tags().isEmpty()) {
      read(
          m -> {
            RunRow row = m.run(runId);
            if (row == null) {
              throw StoreErrors.runNotFound(runId);
            }
            if (!LifecycleStage.ACTIVE.wireName().equals(row.lifecycleStage)) {
              throw StoreErrors.runNotActive(runId);
            }
            return null;
          });
      return;
    }
    write(
        ExecutorType.BATCH,
        m -> {
          lockActiveRun(m, runId);
          List<String> self = List.of(runId);
          // Reads first: in a batch session every read flushes the queued statements.
          Map<String, String> existingParams = new HashMap<>();
          if (!batch.params().isEmpty()) {
            for (KeyValueRow p : m.params(self)) {
              existingParams.put(p.key, p.value);
            }
            Validation.checkParamsUnchanged(runId, existingParams, batch.params());
          }
          Map<String, MetricRow> latest = new HashMap<>();
          if (!batch.metrics().isEmpty()) {
            for (MetricRow r : m.latestMetrics(self)) {
              latest.put(r.key, r);
            }
          }
          Set<String> existingTags = new HashSet<>();
          if (!batch.tags().isEmpty()) {
            for (KeyValueRow t : m.tags(self)) {
              existingTags.add(t.key);
            }
          }
          for (Param p : batch.params()) {
            if (!existingParams.containsKey(p.key())) {
              m.insertParam(runId, p.key(), p.value());
            }
          }
          writeMetrics(m, runId, batch.metrics(), latest);
          for (RunTag t : batch.tags()) {
            if (existingTags.contains(t.key())) {
              m.updateTag(runId, t.key(), t.value());
            } else {
              m.insertTag(runId, t.key(), t.value());
            }
            if (t.key().equals(MlflowTags.RUN_NAME)) {
              m.setRunName(runId, t.value());
            }
          }
          return null;
        });
  }

  /**
   * Inserts the points (an identical point already stored is skipped, as MLflow does) and keeps
   * {@code latest_metrics} by MLflow's rule: the greatest (step, timestamp, value), NaN as 0.
   */
  private static void writeMetrics(
      TrackingMapper m, String runId, List<Metric> metrics, Map<String, MetricRow> latest) {
    Set<MetricRow> changed = new java.util.LinkedHashSet<>();
    Set<String> inserted = new HashSet<>();
    Set<List<Object>> seen = new HashSet<>();
    for (Metric metric : metrics) {
      MetricRow row = toMetricRow(runId, metric);
      if (seen.add(List.of(row.key, row.value, row.timestamp, row.step, row.isNan))) {
        m.insertMetric(row);
      }
      MetricRow current = latest.get(row.key);
      if (current == null || isLater(row, current)) {
        latest.put(row.key, row);
        changed.add(row);
        if (current == null) {
          inserted.add(row.key);
        }
      }
    }
    Map<String, MetricRow> finalRows = new LinkedHashMap<>();
    for (MetricRow row : changed) {
      finalRows.put(row.key, latest.get(row.key));
    }
    for (MetricRow row : finalRows.values()) {
      if (inserted.contains(row.key)) {
        m.insertLatestMetric(row);
      } else {
        m.updateLatestMetric(row);
      }
    }
  }

  private static boolean isLater(MetricRow a, MetricRow b) {
    if (a.step != b.step) {
      return a.step > b.step;
    }
    long ta = a.timestamp == null ? 0 : a.timestamp;
    long tb = b.timestamp == null ? 0 : b.timestamp;
    if (ta != tb) {
      return ta > tb;
    }
    return a.value > b.value;
  }

  /**
   * NaN is stored as 0 with is_nan; the infinities as the largest finite doubles (MLflow's rule).
   */
  private static MetricRow toMetricRow(String runId, Metric metric) {
    MetricRow row = new MetricRow();
    row.runUuid = runId;
    row.key = metric.key();
    double v = metric.value();
    row.isNan = Double.isNaN(v);
    row.value = row.isNan ? 0 : Math.max(-Double.MAX_VALUE, Math.min(Double.MAX_VALUE, v));
    row.timestamp = metric.timestamp();
    row.step = metric.step();
    return row;
  }

  private static Metric toMetric(MetricRow row) {
    return Metric.of(
        row.key,
        row.isNan ? Double.NaN : row.value,
        row.timestamp == null ? 0 : row.timestamp,
        row.step);
  }

  @Override
  public void deleteTag(String runId, String key) {
    Validation.validateRunId(runId);
    Validation.validateTagKey(key);
    write(
        m -> {
          lockActiveRun(m, runId);
          if (m.deleteTag(runId, key) == 0) {
            throw StoreErrors.runTagNotFound(runId, key);
          }
          return null;
        });
  }

  @Override
  public void logInputs(String runId, List<DatasetInput> inputs) {
    Validation.validateRunId(runId);
    List<DatasetInput> deduped = Validation.validateInputs(inputs);
    write(
        m -> {
          RunRow run = lockActiveRun(m, runId);
          for (DatasetInput input : deduped) {
            Dataset d = input.dataset();
            List<String> found = m.datasetUuid(run.experimentId, d.name(), d.digest());
            String datasetUuid;
            if (found.isEmpty()) {
              DatasetInputRow row = new DatasetInputRow();
              row.datasetUuid = uuidHex();
              row.name = d.name();
              row.digest = d.digest();
              row.datasetSourceType = d.sourceType();
              row.datasetSource = d.source();
              row.datasetSchema = d.schema().orElse(null);
              row.datasetProfile = d.profile().orElse(null);
              m.insertDataset(run.experimentId, row);
              datasetUuid = row.datasetUuid;
            } else {
              datasetUuid = found.get(0);
            }
            if (m.datasetInputUuid(datasetUuid, runId).isEmpty()) {
              String inputUuid = uuidHex();
              m.insertDatasetInput(inputUuid, datasetUuid, runId);
              for (InputTag tag : input.tags()) {
                m.insertInputTag(inputUuid, tag.key(), tag.value());
              }
            }
          }
          return null;
        });
  }

  private static String uuidHex() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  @Override
  public List<Metric> getMetricHistory(String runId, String metricKey) {
    Validation.validateRunId(runId);
    Validation.validateMetric(Metric.of(metricKey, 0, 0, 0));
    return read(
        m -> {
          if (m.run(runId) == null) {
            throw StoreErrors.runNotFound(runId);
          }
          List<Metric> result = new ArrayList<>();
          for (MetricRow row : m.metricHistory(runId, metricKey)) {
            if (row.key.equals(metricKey)) {
              result.add(toMetric(row));
            }
          }
          return result;
        });
  }

  // ---- run helpers

  private static RunRow lockActiveRun(TrackingMapper m, String runId) {
    RunRow row = m.runForUpdate(runId);
    if (row == null) {
      throw StoreErrors.runNotFound(runId);
    }
    if (!LifecycleStage.ACTIVE.wireName().equals(row.lifecycleStage)) {
      throw StoreErrors.runNotActive(runId);
    }
    return row;
  }

  private static void upsertTag(TrackingMapper m, String runId, RunTag tag) {
    if (m.updateTag(runId, tag.key(), tag.value()) == 0) {
      m.insertTag(runId, tag.key(), tag.value());
    }
  }

  private static RunInfo toRunInfo(RunRow row, String runName) {
    return RunInfo.builder()
        .runId(row.runUuid)
        .experimentId(row.experimentId == null ? "" : row.experimentId.toString())
        .runName(runName)
        .userId(row.userId == null ? "" : row.userId)
        .status(row.status == null ? RunStatus.RUNNING : RunStatus.valueOf(row.status))
        .startTime(row.startTime == null ? 0 : row.startTime)
        .endTime(row.endTime == null ? OptionalLong.empty() : OptionalLong.of(row.endTime))
        .artifactUri(row.artifactUri == null ? "" : row.artifactUri)
        .lifecycleStage(stage(row.lifecycleStage))
        .build();
  }

  /** The runs of the rows with their data and inputs: five queries per 500 runs, in row order. */
  private static List<Run> loadRuns(TrackingMapper m, List<RunRow> rows) {
    List<String> ids = new ArrayList<>(rows.size());
    rows.forEach(r -> ids.add(r.runUuid));
    Map<String, List<KeyValueRow>> tags = new HashMap<>();
    Map<String, List<KeyValueRow>> params = new HashMap<>();
    Map<String, List<MetricRow>> metrics = new HashMap<>();
    Map<String, List<DatasetInputRow>> inputs = new HashMap<>();
    Map<String, List<InputTagRow>> inputTags = new HashMap<>();
    for (List<String> chunk : chunks(ids)) {
      tags.putAll(byOwner(m.tags(chunk)));
      params.putAll(byOwner(m.params(chunk)));
      for (MetricRow r : m.latestMetrics(chunk)) {
        metrics.computeIfAbsent(r.runUuid, k -> new ArrayList<>()).add(r);
      }
      for (DatasetInputRow r : m.datasetInputs(chunk)) {
        inputs.computeIfAbsent(r.runUuid, k -> new ArrayList<>()).add(r);
      }
      if (inputs.isEmpty()) {
        continue;
      }
      for (InputTagRow r : m.inputTags(chunk)) {
        inputTags.computeIfAbsent(r.inputUuid, k -> new ArrayList<>()).add(r);
      }
    }
    List<Run> result = new ArrayList<>(rows.size());
    for (RunRow row : rows) {
      List<RunTag> runTags = new ArrayList<>();
      String tagName = null;
      for (KeyValueRow t : tags.getOrDefault(row.runUuid, List.of())) {
        String value = t.value == null ? "" : t.value;
        runTags.add(RunTag.of(t.key, value));
        if (t.key.equals(MlflowTags.RUN_NAME)) {
          tagName = value;
        }
      }
      runTags.sort(Comparator.comparing(RunTag::key));
      List<Param> runParams = new ArrayList<>();
      for (KeyValueRow p : params.getOrDefault(row.runUuid, List.of())) {
        runParams.add(Param.of(p.key, p.value));
      }
      runParams.sort(Comparator.comparing(Param::key));
      List<Metric> runMetrics = new ArrayList<>();
      for (MetricRow r : metrics.getOrDefault(row.runUuid, List.of())) {
        runMetrics.add(toMetric(r));
      }
      runMetrics.sort(Comparator.comparing(Metric::key));
      List<DatasetInput> runInputs = new ArrayList<>();
      for (DatasetInputRow d : inputs.getOrDefault(row.runUuid, List.of())) {
        Dataset dataset =
            new Dataset(
                d.name,
                d.digest,
                d.datasetSourceType,
                d.datasetSource,
                Optional.ofNullable(d.datasetSchema),
                Optional.ofNullable(d.datasetProfile));
        List<InputTag> its = new ArrayList<>();
        for (InputTagRow t : inputTags.getOrDefault(d.inputUuid, List.of())) {
          its.add(InputTag.of(t.name, t.value));
        }
        runInputs.add(new DatasetInput(dataset, its));
      }
      String name = row.name != null && !row.name.isEmpty() ? row.name : tagName;
      result.add(
          new Run(
              toRunInfo(row, name == null ? "" : name),
              new RunData(runMetrics, runParams, runTags),
              runInputs));
    }
    return result;
  }

  private static Map<String, List<KeyValueRow>> byOwner(List<KeyValueRow> rows) {
    Map<String, List<KeyValueRow>> result = new HashMap<>();
    for (KeyValueRow r : rows) {
      result.computeIfAbsent(r.owner, k -> new ArrayList<>()).add(r);
    }
    return result;
  }

  private static <T> List<List<T>> chunks(Collection<T> items) {
    List<List<T>> result = new ArrayList<>();
    List<T> current = new ArrayList<>();
    for (T item : items) {
      current.add(item);
      if (current.size() == IN_LIST_CHUNK) {
        result.add(current);
        current = new ArrayList<>();
      }
    }
    if (!current.isEmpty()) {
      result.add(current);
    }
    return result;
  }
}
