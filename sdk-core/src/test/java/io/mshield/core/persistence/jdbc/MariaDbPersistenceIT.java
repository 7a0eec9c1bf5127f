package io.mshield.core.persistence.jdbc;

import io.mshield.core.persistence.AbstractPersistenceContractTest;
import io.mshield.core.races.AbstractTwoNodeRaceTest;
import io.mshield.persistence.Persistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;

/**
 * The persistence contract and the engine's two-node races on the local MariaDB server
 * (127.0.0.1:3306, root without password). Skipped, saying so, where none is reachable;
 * {@code .ci/run} starts one.
 */
class MariaDbPersistenceIT {

    static String freshDatabase() {
        var url = Databases.mariadb();
        Assumptions.assumeTrue(url.isPresent(), "no MariaDB server reachable at 127.0.0.1:3306 (root, no password): MariaDB tests skipped");
        return url.get();
    }

    @Nested
    class Contract extends AbstractPersistenceContractTest {
        private final Databases dbs = new Databases();
        private String url;
        private Persistence second;

        @Override
        protected Persistence newPersistence() {
            url = freshDatabase();
            second = null;
            return JdbcPersistence.migrateAndCreate(dbs.pool(url, "root", ""));
        }

        @Override
        protected Persistence secondNode() {
            if (second == null) {
                second = JdbcPersistence.create(dbs.pool(url, "root", ""));
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
        void fresh() {
            url = freshDatabase();
            JdbcPersistence.migrate(dbs.pool(url, "root", ""));
        }

        @Override
        protected Persistence persistenceForNode(int node) {
            return JdbcPersistence.create(dbs.pool(url, "root", ""));
        }

        @AfterEach
        void pools() {
            dbs.close();
        }
    }
}
