package org.mlflow4j.store.sql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.mlflow4j.MlflowException;
import org.mlflow4j.store.StoreContext;
import org.mlflow4j.store.TrackingStoreProvider;
import org.mlflow4j.store.sql.SqlStoreOptions;
import org.mlflow4j.store.sql.SqlTrackingStore;

/** The provider is found by ServiceLoader, and MLflow's database URIs map to JDBC. */
class SqlTrackingStoreProviderTest {
  @Test
  void serviceLoaderFindsTheProviderForTheDatabaseSchemes() {
    List<TrackingStoreProvider> found = new ArrayList<>();
    ServiceLoader.load(TrackingStoreProvider.class).forEach(found::add);
    assertThat(found)
        .filteredOn(p -> p instanceof SqlTrackingStoreProvider)
        .singleElement()
        .satisfies(
            p -> assertThat(p.schemes()).containsExactlyInAnyOrder("sqlite", "postgresql", "mysql"))
        .satisfies(p -> assertThat(p.artifact()).isEqualTo("org.mlflow4j:mlflow-store-sql"));
  }

  @Test
  void sqliteUrisMapToFiles() {
    assertThat(SqlUris.toJdbc("sqlite:////data/mlflow.db").jdbcUrl())
        .isEqualTo("jdbc:sqlite:/data/mlflow.db");
    assertThat(SqlUris.toJdbc("sqlite:///mlflow.db").jdbcUrl())
        .isEqualTo("jdbc:sqlite:" + java.nio.file.Path.of("mlflow.db").toAbsolutePath());
    assertThatThrownBy(() -> SqlUris.toJdbc("sqlite://")).isInstanceOf(MlflowException.class);
  }

  @Test
  void serverUrisMapToJdbcWithCredentialsApart() {
    SqlUris.JdbcTarget pg =
        SqlUris.toJdbc("postgresql+psycopg2://alice:s%40cret@db.example:6543/mlflow");
    assertThat(pg.dialect()).isEqualTo(Dialect.POSTGRESQL);
    assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/mlflow");
    assertThat(pg.user()).contains("alice");
    assertThat(pg.password()).contains("s@cret");
    assertThat(pg.toString()).doesNotContain("cret");
    SqlUris.JdbcTarget my = SqlUris.toJdbc("mysql+pymysql://root@127.0.0.1/test?charset=utf8mb4");
    assertThat(my.dialect()).isEqualTo(Dialect.MYSQL);
    assertThat(my.jdbcUrl()).isEqualTo("jdbc:mariadb://127.0.0.1:3306/test");
    assertThat(my.password()).isEmpty();
  }

  @Test
  void mlflowsPoolSettingsMapOntoTheOptions(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    StoreContext context =
        new StoreContext(
            "sqlite:///" + dir.resolve("p.db"),
            Map.of(
                SqlTrackingStoreProvider.POOL_SIZE, "3",
                SqlTrackingStoreProvider.MAX_OVERFLOW, "2",
                SqlTrackingStoreProvider.POOL_RECYCLE, "600",
                SqlTrackingStoreProvider.TRUNCATE_LONG_VALUES, "false"));
    try (SqlTrackingStore store =
        (SqlTrackingStore) new SqlTrackingStoreProvider().create(context)) {
      SqlStoreOptions options = store.options();
      assertThat(options.poolSize()).isEqualTo(3);
      assertThat(options.maxOverflow()).isEqualTo(2);
      assertThat(options.poolRecycle()).contains(Duration.ofSeconds(600));
      assertThat(options.truncateLongValues()).isFalse();
      assertThat(options.schemaRevision()).isEqualTo(SqlStoreOptions.HEAD_REVISION);
    }
    assertThatThrownBy(
            () ->
                new SqlTrackingStoreProvider()
                    .create(
                        new StoreContext(
                            "sqlite:///" + dir.resolve("q.db"),
                            Map.of(SqlTrackingStoreProvider.POOL_SIZE, "many"))))
        .isInstanceOf(MlflowException.class)
        .hasMessageContaining("MLFLOW_SQLALCHEMYSTORE_POOL_SIZE")
        .hasMessageContaining("many");
  }

  @Test
  void aServersArtifactRootSettingGivesNewExperimentsTheirLocation(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    StoreContext served =
        new StoreContext(
            "sqlite:///" + dir.resolve("a.db"),
            Map.of(SqlTrackingStoreProvider.SERVER_ARTIFACT_ROOT, "mlflow-artifacts:/"));
    try (SqlTrackingStore store =
        (SqlTrackingStore) new SqlTrackingStoreProvider().create(served)) {
      assertThat(store.getExperiment("0").artifactLocation()).isEqualTo("mlflow-artifacts:/0");
      String id = store.createExperiment("e", java.util.Optional.empty(), List.of());
      assertThat(store.getExperiment(id).artifactLocation()).isEqualTo("mlflow-artifacts:/" + id);
    }
    StoreContext relative =
        new StoreContext(
            "sqlite:///" + dir.resolve("a.db"),
            Map.of(SqlTrackingStoreProvider.SERVER_ARTIFACT_ROOT, "rel/art"));
    try (SqlTrackingStore store =
        (SqlTrackingStore) new SqlTrackingStoreProvider().create(relative)) {
      assertThat(store.getExperiment("0").artifactLocation())
          .as("experiment 0 keeps the location it got at creation")
          .isEqualTo("mlflow-artifacts:/0");
      String id = store.createExperiment("f", java.util.Optional.empty(), List.of());
      assertThat(store.getExperiment(id).artifactLocation())
          .isEqualTo(java.nio.file.Path.of("rel/art").toAbsolutePath() + "/" + id);
    }
  }

  @Test
  void anUnreachableServerFailsFastWithoutThePassword() {
    assertThatThrownBy(
            () ->
                new SqlTrackingStoreProvider()
                    .create(StoreContext.of("postgresql://bob:hunter2@127.0.0.1:1/nodb")))
        .isInstanceOf(MlflowException.class)
        .hasMessageContaining("Cannot connect")
        .hasMessageContaining("127.0.0.1:1/nodb")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void passwordsNeverAppearInErrors() {
    assertThatThrownBy(() -> SqlUris.toJdbc("postgresql://bob:hunter2@host:5432"))
        .isInstanceOf(MlflowException.class)
        .hasMessageContaining("bob:***@host")
        .hasMessageNotContaining("hunter2");
  }
}
