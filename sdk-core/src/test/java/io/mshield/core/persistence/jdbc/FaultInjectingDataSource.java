package io.mshield.core.persistence.jdbc;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A test-scope {@link DataSource} over a real, unpooled one that fails the database under the SDK
 * the way a network cut or a crashed server does: at the k-th statement since it was armed, or at
 * the t-th commit or rollback, the physical JDBC connection is really aborted (so the server rolls
 * the transaction back, or, for {@link Kind#COMMIT_ACK_LOST}, has already committed it) and an
 * {@link SQLException} is thrown to the SDK.
 *
 * <p>It fires once per arming. At the start of each transaction (each connection handed out) that
 * can be the failing one, it takes a snapshot of the whole store through a connection of its own,
 * kept open for all snapshots, so that a test can tell whether the failing transaction left anything
 * behind. For a fault at the t-th transaction that is the t-th transaction only; for a fault at the
 * k-th statement, those that begin within the longest transaction seen so far before statement k
 * (every transaction while none has been seen). Should the fault fire in a transaction without a
 * snapshot, the data source throws an {@link AssertionError} rather than let the check pass unseen.
 */
final class FaultInjectingDataSource extends PlainDataSource {
    /** The tables of the SDK's schema, with the columns that order their rows. */
    private static final List<String> TABLES = List.of(
            "SELECT collection, doc_key, version, body, index_text FROM ms_documents ORDER BY collection, doc_key",
            "SELECT collection, doc_key, index_name, index_value FROM ms_document_index ORDER BY collection, doc_key, index_name",
            "SELECT namespace, claim_value, owner FROM ms_claims ORDER BY namespace, claim_value",
            "SELECT name, counter_value FROM ms_counters ORDER BY name");

    /** What fails. */
    enum Kind {
        /** Nothing: statements and transactions are only counted. */
        NONE,
        /** The connection is aborted when the SDK prepares its k-th statement. */
        STATEMENT,
        /** The connection is aborted instead of committing the t-th transaction: the server rolls it back. */
        COMMIT_LOST,
        /** The t-th transaction commits on the server, then the connection is aborted before the SDK hears so. */
        COMMIT_ACK_LOST,
        /**
         * The t-th connection is broken when the transaction begins ({@code setAutoCommit} fails),
         * the way a pool may hand out a connection the server already dropped; only closing it
         * gives it back.
         */
        BEGIN,
        /** The t-th transaction's first statement fails (the connection stays up), then its rollback fails and aborts the connection. */
        ROLLBACK
    }

    /**
     * A fault that fired.
     *
     * @param kind         what failed
     * @param transaction  which transaction since arming (1-based)
     * @param statement    which statement since arming (1-based)
     * @param before       the store at the start of the failing transaction
     * @param after        the store right after the fault
     */
    record Fired(Kind kind, int transaction, int statement, List<String> before, List<String> after) {
    }

    private final DataSource target;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private volatile Kind kind = Kind.NONE;
    private volatile int at;
    private int statements;
    private int transactions;
    private volatile Fired fired;
    private volatile boolean snapshots;
    /** The most statements any one transaction has prepared since this data source was made. */
    private int longest;
    /** The connection that every snapshot reads through; opened by the first. */
    private Connection reader;
    /** The newest position of each log when armed: older entries are immutable, and only their count is compared. */
    private volatile java.util.Map<String, Long> logBaseline = java.util.Map.of();

    /**
     * Wraps a real, unpooled data source: closing one of its connections closes it for real.
     *
     * @param target the data source
     */
    FaultInjectingDataSource(DataSource target) {
        this.target = target;
    }

    /**
     * Arms a fault and starts counting statements and transactions from zero.
     *
     * @param kind what fails
     * @param at   the statement (for {@link Kind#STATEMENT}) or the transaction (otherwise), 1-based
     */
    synchronized void arm(Kind kind, int at) {
        this.kind = kind;
        this.at = at;
        this.statements = 0;
        this.transactions = 0;
        this.fired = null;
        this.snapshots = kind != Kind.NONE;
        java.util.Map<String, Long> baseline = new java.util.TreeMap<>();
        if (snapshots) {
            try (PreparedStatement s = reader().prepareStatement("SELECT log_name, MAX(seq) FROM ms_logs GROUP BY log_name");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    baseline.put(rs.getString(1), rs.getLong(2));
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the logs", e);
            }
        }
        this.logBaseline = baseline;
    }

    /** Stops failing; counting goes on. */
    synchronized void disarm() {
        this.kind = Kind.NONE;
        this.snapshots = false;
    }

    /**
     * The fault that fired since the last arming, if any.
     *
     * @return the fault
     */
    Optional<Fired> fired() {
        return Optional.ofNullable(fired);
    }

    /**
     * Statements prepared since the last arming.
     *
     * @return the count
     */
    synchronized int statements() {
        return statements;
    }

    /**
     * Transactions (connections) begun since the last arming.
     *
     * @return the count
     */
    synchronized int transactions() {
        return transactions;
    }

    /**
     * Physical connections handed out and not closed.
     *
     * @return the count
     */
    int openConnections() {
        return open.size();
    }

    /**
     * The whole store, one line per row, in a stable order; bodies as SHA-256 digests.
     *
     * @return the rows
     */
    synchronized List<String> snapshot() {
        try {
            Connection c = reader();
            List<String> rows = new ArrayList<>();
            for (String sql : TABLES) {
                try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder(sql.substring(sql.indexOf("FROM ") + 5, sql.indexOf(" ORDER")));
                        for (int i = 1; i <= columns; i++) {
                            String column = rs.getMetaData().getColumnName(i).toLowerCase(java.util.Locale.ROOT);
                            row.append(" | ").append(column.equals("body") ? digest(rs.getBytes(i)) : rs.getString(i));
                        }
                        rows.add(row.toString());
                    }
                }
            }
            // the logs: how many entries each has, and the entries appended since the fault was armed
            List<String> logs = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT log_name, COUNT(*) FROM ms_logs GROUP BY log_name ORDER BY log_name");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    logs.add(rs.getString(1));
                    rows.add("ms_logs | " + rs.getString(1) + " | " + rs.getLong(2) + " entries");
                }
            }
            for (String log : logs) {
                try (PreparedStatement s = c.prepareStatement("SELECT seq, body FROM ms_logs WHERE log_name = ? AND seq > ? ORDER BY seq")) {
                    s.setString(1, log);
                    s.setLong(2, logBaseline.getOrDefault(log, 0L));
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            rows.add("ms_logs | " + log + " | " + rs.getLong(1) + " | " + digest(rs.getBytes(2)));
                        }
                    }
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the store", e);
        }
    }

    /**
     * The rows in one snapshot and not the other, for a readable failure.
     *
     * @param a one snapshot
     * @param b the other
     * @return the rows only in a (prefixed "-") and only in b (prefixed "+")
     */
    static List<String> difference(List<String> a, List<String> b) {
        Set<String> inA = new HashSet<>(a);
        Set<String> inB = new HashSet<>(b);
        List<String> out = new ArrayList<>();
        a.stream().filter(r -> !inB.contains(r)).forEach(r -> out.add("- " + r));
        b.stream().filter(r -> !inA.contains(r)).forEach(r -> out.add("+ " + r));
        return out;
    }

    /** The connection the snapshots read through, auto-committing: each query sees what is committed. */
    private synchronized Connection reader() throws SQLException {
        if (reader == null || reader.isClosed()) {
            reader = target.getConnection();
        }
        return reader;
    }

    /** Closes the connection the snapshots read through; a later snapshot opens a new one. */
    synchronized void closeReader() {
        if (reader != null) {
            try {
                reader.close();
            } catch (SQLException ignored) {
                // closing for good
            }
            reader = null;
        }
    }

    /**
     * Whether a transaction that begins now can be the one the armed fault fails.
     *
     * @param tx          the transaction's number since arming
     * @param begunAfter  the statements prepared since arming before it
     * @return whether to take a snapshot at its start
     */
    private synchronized boolean mayFail(int tx, int begunAfter) {
        if (kind == Kind.STATEMENT) {
            return begunAfter < at && (longest == 0 || begunAfter + longest >= at);
        }
        return tx == at;
    }

    private static String digest(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b)).substring(0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        int tx;
        int begunAfter;
        synchronized (this) {
            tx = ++transactions;
            begunAfter = statements;
        }
        Optional<List<String>> before = snapshots && mayFail(tx, begunAfter) ? Optional.of(snapshot()) : Optional.empty();
        Connection real = target.getConnection();
        open.add(real);
        boolean[] failNextRollback = {false};
        int[] prepared = {0};
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Connection.class}, (p, m, args) -> {
            String name = m.getName();
            if (name.equals("setAutoCommit") && kind == Kind.BEGIN && tx == at && fired == null) {
                fire(Kind.BEGIN, tx, statements(), before);
                throw new SQLException("connection reset by peer (injected fault at begin)", "08006");
            }
            if (name.equals("prepareStatement") || name.equals("createStatement") || name.equals("prepareCall")) {
                int n;
                synchronized (this) {
                    n = ++statements;
                    longest = Math.max(longest, ++prepared[0]);
                }
                if (kind == Kind.STATEMENT && n == at && fired == null) {
                    abort(real);
                    fire(Kind.STATEMENT, tx, n, before);
                    throw new SQLException("connection reset by peer (injected fault at statement " + n + ")", "08006");
                }
                if (kind == Kind.ROLLBACK && tx == at && fired == null && !failNextRollback[0]) {
                    failNextRollback[0] = true;
                    throw new SQLException("injected statement failure", "XX000");
                }
            } else if (name.equals("commit") && tx == at && fired == null) {
                if (kind == Kind.COMMIT_LOST) {
                    abort(real);
                    fire(Kind.COMMIT_LOST, tx, statements(), before);
                    throw new SQLException("connection reset by peer (injected fault at commit)", "08006");
                }
                if (kind == Kind.COMMIT_ACK_LOST) {
                    real.commit();
                    abort(real);
                    fire(Kind.COMMIT_ACK_LOST, tx, statements(), before);
                    throw new SQLException("connection reset by peer (injected fault after commit)", "08006");
                }
            } else if (name.equals("rollback") && failNextRollback[0] && fired == null) {
                abort(real);
                fire(Kind.ROLLBACK, tx, statements(), before);
                throw new SQLException("connection reset by peer (injected fault at rollback)", "08006");
            } else if (name.equals("close")) {
                open.remove(real);
            }
            try {
                return m.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    private void fire(Kind k, int tx, int statement, Optional<List<String>> before) {
        if (before.isEmpty()) {
            throw new AssertionError("the " + k + " fault fired in transaction " + tx + " (statement " + statement
                    + "), at whose start no snapshot was taken: it is longer than any transaction before it (" + longest
                    + " statements)");
        }
        fired = new Fired(k, tx, statement, before.get(), snapshot());
        snapshots = false;
    }

    /** Aborts the physical connection: the server sees the session end and rolls back what it did not commit. */
    private void abort(Connection real) {
        try {
            real.abort(Runnable::run);
        } catch (SQLException | RuntimeException e) {
            try {
                real.close();
            } catch (SQLException ignored) {
                // gone already
            }
        }
        try {
            real.close();
        } catch (SQLException ignored) {
            // aborted connections may refuse a close
        }
        open.remove(real);
    }
}
