package io.mshield.core.persistence.jdbc;

import io.mshield.core.restart.AbstractRestartTest;
import io.mshield.persistence.Persistence;

import java.nio.file.Path;

/** The restart tests on an H2 file database: each reopen is a new embedded store on the same files. */
class H2RestartTest extends AbstractRestartTest {
    @Override
    protected Persistence openStore(Path dir) {
        return JdbcPersistence.embeddedH2(dir.resolve("db"));
    }

    @Override
    protected void closeDatabases() {
        // the SDK's close shut the embedded database down
    }
}
