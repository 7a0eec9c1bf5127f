package io.mshield.core.persistence.jdbc;

import io.mshield.core.internal.audit.AbstractAuditTamperingTest;

import javax.sql.DataSource;

/** The audit log's tampering tests on PostgreSQL (the embedded server, so they run anywhere). */
class PostgresAuditTamperingIT extends AbstractAuditTamperingTest {
    private final Databases dbs = new Databases();

    @Override
    protected DataSource newDatabase() {
        try {
            return dbs.pool(Databases.postgres(), "postgres", "");
        } catch (Exception e) {
            throw new IllegalStateException("embedded PostgreSQL did not start", e);
        }
    }

    @Override
    protected void closeDatabases() {
        dbs.close();
    }
}
