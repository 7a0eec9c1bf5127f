package io.mshield.core.persistence.jdbc;

import io.mshield.core.internal.audit.AbstractAuditTamperingTest;

import javax.sql.DataSource;

/** The audit log's tampering tests on H2. */
class H2AuditTamperingTest extends AbstractAuditTamperingTest {
    private final Databases dbs = new Databases();

    @Override
    protected DataSource newDatabase() {
        return dbs.pool(Databases.h2(), "sa", "");
    }

    @Override
    protected void closeDatabases() {
        dbs.close();
    }
}
