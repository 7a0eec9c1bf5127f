package io.mshield.core.persistence.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Fresh databases for the JDBC tests, each test on its own database, each node with its own pool:
 * H2 in memory, PostgreSQL (embedded, so it runs anywhere), MariaDB (the local server when one is
 * reachable).
 */
final class Databases implements AutoCloseable {
    private static EmbeddedPostgres postgres;
    /**
     * The databases made on the local servers, as {admin URL, user, DROP statement}. The servers
     * outlive the tests, so each run would leave its databases behind (a day of runs left 144 on
     * PostgreSQL and 299 on MariaDB); they are dropped when the test JVM exits, not when a test
     * closes its pools, because the restart tests close and reopen the same database.
     */
    private static final List<String[]> LOCAL = new java.util.concurrent.CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Databases::dropLocal, "drop-test-databases"));
    }
    private final List<HikariDataSource> pools = new ArrayList<>();

    /** Creates a holder of pools; {@link #close()} closes them. */
    Databases() {
    }

    /**
     * A pool on a database.
     *
     * @param url      the JDBC URL
     * @param user     the user
     * @param password the password
     * @return the pool
     */
    javax.sql.DataSource pool(String url, String user, String password) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url);
        c.setUsername(user);
        c.setPassword(password);
        c.setMaximumPoolSize(10);
        c.setMinimumIdle(1);
        c.setConnectionTimeout(30_000);
        HikariDataSource ds = new HikariDataSource(c);
        pools.add(ds);
        return ds;
    }

    /**
     * A fresh in-memory H2 database.
     *
     * @return its URL
     */
    public static String h2() {
        return "jdbc:h2:mem:ms" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=20000";
    }

    /**
     * A fresh database on the embedded PostgreSQL.
     *
     * @return its URL (user postgres)
     * @throws Exception when PostgreSQL cannot start
     */
    public static synchronized String postgres() throws Exception {
        if (postgres == null) {
            postgres = EmbeddedPostgres.builder().start();
        }
        String db = "ms" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
        }
        return postgres.getJdbcUrl("postgres", db);
    }

    /**
     * A fresh database on the local PostgreSQL server (127.0.0.1:5432, trust authentication), if
     * one is reachable.
     *
     * @return its URL (user postgres), or empty
     */
    public static Optional<String> localPostgres() {
        String base = "jdbc:postgresql://127.0.0.1:5432/";
        try (Connection c = DriverManager.getConnection(base + "postgres?connectTimeout=2", "postgres", ""); Statement s = c.createStatement()) {
            String db = "ms" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
            s.execute("CREATE DATABASE " + db);
            LOCAL.add(new String[]{base + "postgres?connectTimeout=2&socketTimeout=10", "postgres", "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)"});
            return Optional.of(base + db);
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /**
     * A fresh database on the local MariaDB server, if one is reachable.
     *
     * @return its URL (user root, no password), or empty
     */
    public static Optional<String> mariadb() {
        String base = "jdbc:mariadb://127.0.0.1:3306/";
        try (Connection c = DriverManager.getConnection(base + "test?connectTimeout=2000", "root", ""); Statement s = c.createStatement()) {
            String db = "ms" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
            s.execute("CREATE DATABASE " + db + " CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin");
            LOCAL.add(new String[]{base + "test?connectTimeout=2000&socketTimeout=10000", "root", "DROP DATABASE IF EXISTS " + db});
            return Optional.of(base + db);
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static void dropLocal() {
        for (String[] d : LOCAL) {
            try (Connection c = DriverManager.getConnection(d[0], d[1], ""); Statement s = c.createStatement()) {
                s.execute(d[2]);
            } catch (Exception e) {
                System.err.println("could not drop a test database (" + d[2] + "): " + e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        pools.forEach(HikariDataSource::close);
        pools.clear();
    }
}
