package io.mshield.core.persistence.jdbc;

import javax.sql.DataSource;
import java.util.List;

/** A node killed between co-sign and complete, on an H2 file database. */
class H2ProcessKillFaultTest extends AbstractProcessKillFaultTest {
    @Override
    protected List<String> database() {
        return List.of("h2", dir.resolve("db").toString());
    }

    @Override
    protected DataSource raw(List<String> database) {
        return new UnpooledDataSource("jdbc:h2:file:" + java.nio.file.Path.of(database.get(1)).toAbsolutePath().resolve("mshield")
                + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000", "sa", "");
    }
}
