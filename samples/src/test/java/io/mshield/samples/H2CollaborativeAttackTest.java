package io.mshield.samples;

import io.mshield.core.persistence.jdbc.JdbcPersistence;
import io.mshield.persistence.Persistence;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.UUID;

/** The COSIGN-PIN attacks on the embedded H2 database, through JDBC. */
class H2CollaborativeAttackTest extends AbstractCollaborativeAttackTest {
    @TempDir
    Path dir;

    @Override
    protected Persistence newPersistence() {
        return JdbcPersistence.embeddedH2(dir.resolve(UUID.randomUUID().toString()));
    }
}
