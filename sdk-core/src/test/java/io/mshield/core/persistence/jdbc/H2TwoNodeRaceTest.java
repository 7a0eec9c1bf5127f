package io.mshield.core.persistence.jdbc;

import io.mshield.core.races.AbstractTwoNodeRaceTest;
import io.mshield.persistence.Persistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The engine's rules across two SDK nodes on one H2 database, each node with its own pool. */
class H2TwoNodeRaceTest extends AbstractTwoNodeRaceTest {
    private final Databases dbs = new Databases();
    private String url;

    @BeforeEach
    void fresh() {
        url = Databases.h2();
        JdbcPersistence.migrate(dbs.pool(url, "sa", ""));
    }

    @Override
    protected Persistence persistenceForNode(int node) {
        return JdbcPersistence.create(dbs.pool(url, "sa", ""));
    }

    @AfterEach
    void pools() {
        dbs.close();
    }
}
