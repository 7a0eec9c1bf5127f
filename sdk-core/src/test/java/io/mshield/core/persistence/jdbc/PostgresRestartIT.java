package io.mshield.core.persistence.jdbc;

import io.mshield.core.restart.AbstractRestartTest;
import io.mshield.persistence.Persistence;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;

/**
 * The restart tests on the local PostgreSQL server (127.0.0.1:5432, trust), on a database of their
 * own: each reopen is a new store object on a new connection pool to the same database.
 */
class PostgresRestartIT extends AbstractRestartTest {
    private final Databases dbs = new Databases();
    private String url;

    @Override
    protected Persistence openStore(Path dir) {
        if (url == null) {
            var local = Databases.localPostgres();
            Assumptions.assumeTrue(local.isPresent(), "no PostgreSQL server reachable at 127.0.0.1:5432: the restart tests on it are skipped");
            url = local.get();
            JdbcPersistence.migrate(dbs.pool(url, "postgres", ""));
        }
        return JdbcPersistence.create(dbs.pool(url, "postgres", ""));
    }

    @Override
    protected void closeDatabases() {
        dbs.close();
    }
}
