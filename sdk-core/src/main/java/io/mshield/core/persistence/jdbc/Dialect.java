package io.mshield.core.persistence.jdbc;

import java.sql.SQLException;
import java.util.Locale;

/** The few differences between the supported databases. */
public enum Dialect {
    /** H2 2.x, the embedded default. */
    H2("h2"),
    /** PostgreSQL 12 and later (and PostgreSQL-compatible distributed SQL). */
    POSTGRESQL("postgresql"),
    /** MariaDB 10.6 and later (InnoDB). */
    MARIADB("mariadb");

    private final String folder;

    Dialect(String folder) {
        this.folder = folder;
    }

    /**
     * Where this dialect's migrations are, on the class path.
     *
     * @return a Flyway location
     */
    public String migrations() {
        return "classpath:db/mshield/" + folder;
    }

    /**
     * The dialect of a database product name.
     *
     * @param product {@code DatabaseMetaData.getDatabaseProductName()}
     * @return the dialect
     * @throws IllegalArgumentException for an unsupported database
     */
    public static Dialect of(String product) {
        String p = product.toLowerCase(Locale.ROOT);
        if (p.contains("h2")) {
            return H2;
        }
        if (p.contains("postgres")) {
            return POSTGRESQL;
        }
        if (p.contains("mariadb") || p.contains("mysql")) {
            return MARIADB;
        }
        throw new IllegalArgumentException("unsupported database: " + product);
    }

    boolean isDuplicate(SQLException e) {
        return "23505".equals(e.getSQLState()) || e.getErrorCode() == 1062 || ("23000".equals(e.getSQLState()) && this == MARIADB);
    }

    boolean isConflict(SQLException e) {
        String s = e.getSQLState();
        return "40001".equals(s) || "40P01".equals(s) || e.getErrorCode() == 1213 || e.getErrorCode() == 1205
                || (this == H2 && (e.getErrorCode() == 50200 || e.getErrorCode() == 40001 || e.getErrorCode() == 90131));
    }
}
