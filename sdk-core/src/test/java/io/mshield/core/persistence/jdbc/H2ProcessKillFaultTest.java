package io.mshield.core.persistence.jdbc;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.List;

/**
 * A node killed between co-sign and complete, on the embedded H2 file database. It fails without
 * {@code WRITE_DELAY=0} in {@link JdbcPersistence#embeddedH2Url}: H2 then wrote commits to the file
 * up to half a second later, so the payments the killed node had authorized or cancelled last were
 * not in the file. The test's raw reads open the file with that same URL, so that both see the
 * database with the product's settings.
 */
class H2ProcessKillFaultTest extends AbstractProcessKillFaultTest {
    @Override
    protected List<String> database() {
        return List.of("h2", dir.resolve("db").toString());
    }

    @Override
    protected DataSource raw(List<String> database) {
        return new UnpooledDataSource(JdbcPersistence.embeddedH2Url(Path.of(database.get(1))), "sa", "");
    }
}
