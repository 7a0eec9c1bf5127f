package io.mshield.core.persistence.jdbc;

import io.mshield.core.persistence.AbstractPersistenceContractTest;
import io.mshield.persistence.Persistence;
import org.junit.jupiter.api.AfterEach;

/** The JDBC store on H2 passes the persistence contract, with two nodes on separate pools. */
class H2PersistenceContractTest extends AbstractPersistenceContractTest {
    private final Databases dbs = new Databases();
    private String url;
    private Persistence second;

    @Override
    protected Persistence newPersistence() {
        url = Databases.h2();
        second = null;
        return JdbcPersistence.migrateAndCreate(dbs.pool(url, "sa", ""));
    }

    @Override
    protected Persistence secondNode() {
        if (second == null) {
            second = JdbcPersistence.create(dbs.pool(url, "sa", ""));
        }
        return second;
    }

    @AfterEach
    void pools() {
        dbs.close();
    }
}
