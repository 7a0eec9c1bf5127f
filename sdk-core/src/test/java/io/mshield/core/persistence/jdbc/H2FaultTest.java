package io.mshield.core.persistence.jdbc;

import javax.sql.DataSource;

/** The injected faults on H2: each test on a fresh in-memory database, its connections unpooled. */
class H2FaultTest extends AbstractFaultTest {
    @Override
    protected DataSource newRawDatabase() {
        return new UnpooledDataSource(Databases.h2(), "sa", "");
    }
}
