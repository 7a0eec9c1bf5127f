/**
 * The JDBC {@link io.mshield.persistence.Persistence}: H2 embedded default, PostgreSQL, MariaDB,
 * with Flyway migrations. See {@code docs/persistence.md}.
 */
package io.mshield.core.persistence.jdbc;
