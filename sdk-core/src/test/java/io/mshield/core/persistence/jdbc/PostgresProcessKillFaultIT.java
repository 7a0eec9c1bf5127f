package io.mshield.core.persistence.jdbc;

import org.junit.jupiter.api.AfterEach;

import javax.sql.DataSource;
import java.util.List;

/** A node killed between co-sign and complete, on PostgreSQL. */
class PostgresProcessKillFaultIT extends AbstractProcessKillFaultTest {
    private String url;

    @Override
    protected List<String> database() throws Exception {
        url = FaultDatabases.postgres();
        return List.of("jdbc", url);
    }

    @Override
    protected DataSource raw(List<String> database) {
        return new UnpooledDataSource(database.get(1), "postgres", "");
    }

    @AfterEach
    void drop() {
        if (url != null) {
            FaultDatabases.drop(url);
        }
    }
}
