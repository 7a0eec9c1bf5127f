package io.mshield.core.persistence.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * PostgreSQL databases for the fault ITs: a fresh database on the local server (127.0.0.1:5432,
 * trust), or on the embedded PostgreSQL when no local server answers; dropped afterwards.
 */
final class FaultDatabases {
    private FaultDatabases() {
    }

    /**
     * A fresh PostgreSQL database.
     *
     * @return its URL (user postgres, no password)
     * @throws Exception when neither server can be had
     */
    static String postgres() throws Exception {
        String base = "jdbc:postgresql://127.0.0.1:5432/";
        // a loaded machine can take seconds to accept a connection: wait longer than Databases does
        try (Connection c = DriverManager.getConnection(base + "postgres?connectTimeout=15", "postgres", ""); Statement s = c.createStatement()) {
            String db = "ms" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 20);
            s.execute("CREATE DATABASE " + db);
            return base + db;
        } catch (java.sql.SQLException e) {
            return Databases.postgres();
        }
    }

    /**
     * Drops a database made by {@link #postgres()}, ending its sessions first.
     *
     * @param url its URL
     */
    static void drop(String url) {
        int slash = url.lastIndexOf('/');
        String name = url.substring(slash + 1).replaceAll("\\?.*", "");
        if (!name.matches("ms[0-9a-f]{20}")) {
            return;
        }
        try (Connection c = DriverManager.getConnection(url.substring(0, slash + 1) + "postgres", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (Exception ignored) {
            // left for the server's owner; each run uses a new name
        }
    }
}
