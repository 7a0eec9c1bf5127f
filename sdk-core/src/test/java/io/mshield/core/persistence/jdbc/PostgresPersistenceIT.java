package io.mshield.core.persistence.jdbc;

import io.mshield.core.persistence.AbstractPersistenceContractTest;
import io.mshield.core.races.AbstractTwoNodeRaceTest;
import io.mshield.persistence.Persistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;

/**
 * The persistence contract and the engine's two-node races on PostgreSQL: the embedded server
 * always (so it runs anywhere), and the local server at 127.0.0.1:5432 when one is reachable.
 */
class PostgresPersistenceIT {

    @Nested
    class LocalServer extends AbstractTwoNodeRaceTest {
        private final Databases dbs = new Databases();
        private String url;

        @BeforeEach
        void fresh() {
            var local = Databases.localPostgres();
            org.junit.jupiter.api.Assumptions.assumeTrue(local.isPresent(),
                    "no PostgreSQL server reachable at 127.0.0.1:5432: the local-server runs are skipped (the embedded ones ran)");
            url = local.get();
            JdbcPersistence.migrate(dbs.pool(url, "postgres", ""));
        }

        @Override
        protected Persistence persistenceForNode(int node) {
            return JdbcPersistence.create(dbs.pool(url, "postgres", ""));
        }

        @AfterEach
        void pools() {
            dbs.close();
        }
    }

    @Nested
    class Contract extends AbstractPersistenceContractTest {
        private final Databases dbs = new Databases();
        private String url;
        private Persistence second;

        @Override
        protected Persistence newPersistence() {
            try {
                url = Databases.postgres();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            second = null;
            return JdbcPersistence.migrateAndCreate(dbs.pool(url, "postgres", ""));
        }

        @Override
        protected Persistence secondNode() {
            if (second == null) {
                second = JdbcPersistence.create(dbs.pool(url, "postgres", ""));
            }
            return second;
        }

        @AfterEach
        void pools() {
            dbs.close();
        }
    }

    @Nested
    class TwoNodes extends AbstractTwoNodeRaceTest {
        private final Databases dbs = new Databases();
        private String url;

        @BeforeEach
        void fresh() throws Exception {
            url = Databases.postgres();
            JdbcPersistence.migrate(dbs.pool(url, "postgres", ""));
        }

        @Override
        protected Persistence persistenceForNode(int node) {
            return JdbcPersistence.create(dbs.pool(url, "postgres", ""));
        }

        @AfterEach
        void pools() {
            dbs.close();
        }
    }
}
