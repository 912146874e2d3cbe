/**
 * The SQL store: MLflow's own database schema on SQLite, PostgreSQL and MySQL/MariaDB, read and
 * written through MyBatis over a HikariCP pool (spec/sql-schema.md).
 */
package org.mlflow4j.store.sql;
