package io.mshield.core.persistence.jdbc;

import javax.sql.DataSource;

/** The injected faults on PostgreSQL: each test on a fresh database of the local server, its connections unpooled. */
class PostgresFaultIT extends AbstractFaultTest {
    private String url;

    @Override
    protected DataSource newRawDatabase() throws Exception {
        url = FaultDatabases.postgres();
        return new UnpooledDataSource(url, "postgres", "");
    }

    @Override
    protected void dropDatabases() {
        FaultDatabases.drop(url);
    }
}
