package io.mshield.core.persistence.jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the SDK's tables straight from a database, past the SDK, for the tests that check what it
 * stored (fault, process-kill and audit-tampering tests): each call on a connection of its own.
 */
public final class StoreRows {
    private StoreRows() {
    }

    /**
     * The sum of the counters whose names start with a prefix (0 when there is none).
     *
     * @param db     the database
     * @param prefix the start of the counters' names, e.g. {@code lim_sd:<shield>:}
     * @return the sum
     */
    public static long sumOfCounters(DataSource db, String prefix) {
        return number(db, "SELECT COALESCE(SUM(counter_value), 0) FROM ms_counters WHERE name LIKE ?", prefix + "%");
    }

    /**
     * The first column of a query's one row, as a number.
     *
     * @param db    the database
     * @param query the query, with {@code ?} for the arguments
     * @param args  the arguments
     * @return the value
     * @throws IllegalStateException when the query returns no row or fails
     */
    public static long number(DataSource db, String query, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement s = prepare(c, query, args); ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("no row");
            }
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The first column of every row of a query, as bytes (a body).
     *
     * @param db    the database
     * @param query the query, with {@code ?} for the arguments
     * @param args  the arguments
     * @return the values in the query's order
     */
    public static List<byte[]> bytes(DataSource db, String query, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement s = prepare(c, query, args); ResultSet rs = s.executeQuery()) {
            List<byte[]> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getBytes(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PreparedStatement prepare(Connection c, String query, Object... args) throws SQLException {
        PreparedStatement s = c.prepareStatement(query);
        for (int i = 0; i < args.length; i++) {
            s.setObject(i + 1, args[i]);
        }
        return s;
    }
}
