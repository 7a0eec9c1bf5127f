package io.mshield.core.persistence.jdbc;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.persistence.Document;
import io.mshield.persistence.LogEntry;
import io.mshield.persistence.Names;
import io.mshield.persistence.Persistence;
import io.mshield.persistence.Store;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The JDBC {@link Persistence}: one implementation for H2 (the embedded default), PostgreSQL and
 * MariaDB, over a bank-provided {@link DataSource}.
 *
 * <p>Every rule that must hold across SDK nodes is held by the database itself, never by a read
 * followed by a write: unique claims and document keys by primary keys, optimistic versions by
 * {@code UPDATE … WHERE version = ?}, counters by one conditional {@code UPDATE … WHERE value + ? <= ?},
 * log positions by the primary key {@code (log, seq)}. Transactions run at READ COMMITTED.
 * Deadlocks and serialization failures are reported as {@link ErrorCode#CONCURRENT_MODIFICATION},
 * which the engine retries; any other database error rolls back and is reported as
 * {@link ErrorCode#PERSISTENCE_FAILURE} without SQL or data in the message. Schema migrations are
 * Flyway scripts under {@code db/mshield/<dialect>}; see {@code docs/persistence.md}.
 */
public final class JdbcPersistence implements Persistence {
    /** The newest entry of a log, read from the primary key's index in every dialect. */
    private static final String LAST_ENTRY =
            "SELECT seq, body FROM ms_logs WHERE log_name = ? ORDER BY log_name DESC, seq DESC LIMIT 1";
    private static final String LAST_SEQUENCE =
            "SELECT seq FROM ms_logs WHERE log_name = ? ORDER BY log_name DESC, seq DESC LIMIT 1";

    private final DataSource dataSource;
    private final Dialect dialect;
    private final ThreadLocal<Connection> current = new ThreadLocal<>();
    private final AutoCloseable onClose;

    private JdbcPersistence(DataSource dataSource, Dialect dialect, AutoCloseable onClose) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.onClose = onClose;
    }

    /**
     * A store on a database whose schema is already migrated.
     *
     * @param dataSource the bank's pool
     * @return the store
     */
    public static JdbcPersistence create(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        return new JdbcPersistence(dataSource, detect(dataSource), () -> { });
    }

    /**
     * Migrates the schema to the latest version with Flyway (history table
     * {@code ms_schema_history}), then creates the store.
     *
     * @param dataSource the bank's pool
     * @return the store
     */
    public static JdbcPersistence migrateAndCreate(DataSource dataSource) {
        migrate(dataSource);
        return create(dataSource);
    }

    /**
     * Migrates the schema with Flyway; safe to run from many nodes at once (Flyway locks).
     *
     * @param dataSource the database
     */
    public static void migrate(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        Dialect d = detect(dataSource);
        try {
            Flyway.configure().dataSource(dataSource).locations(d.migrations()).table("ms_schema_history")
                    .baselineOnMigrate(false).load().migrate();
        } catch (RuntimeException e) {
            throw new ShieldException(ErrorCode.PERSISTENCE_FAILURE, "the schema migration failed: " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * The embedded default: an H2 database in files under a directory, migrated.
     *
     * @param directory where the database lives; created if missing
     * @return the store
     */
    public static JdbcPersistence embeddedH2(Path directory) {
        Objects.requireNonNull(directory, "directory");
        DataSource ds = new DriverManagerDataSource(embeddedH2Url(directory));
        migrate(ds);
        return new JdbcPersistence(ds, Dialect.H2, () -> {
            try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement("SHUTDOWN")) {
                s.execute();
            }
        });
    }

    /**
     * The URL of the embedded H2 database under a directory. {@code WRITE_DELAY=0}: H2 writes a
     * transaction's changes to its file when the transaction commits, before the commit returns, so
     * that they outlive the process (not a power cut: H2 does not sync the file). With H2's default
     * (500 ms, written by a background thread) a node killed with {@code kill -9} lost the
     * transactions of its last half second that the SDK had already reported as done, and now and
     * then a kill left a committed transaction half in the file (an authorization without its limit
     * reservation), or a row that every later update spins on inside H2, for ever;
     * see {@code H2ProcessKillFaultTest} and {@code docs/reliability.md}.
     *
     * @param directory where the database lives
     * @return the JDBC URL
     */
    static String embeddedH2Url(Path directory) {
        return "jdbc:h2:file:" + directory.toAbsolutePath().resolve("mshield") + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000;WRITE_DELAY=0";
    }

    private static Dialect detect(DataSource ds) {
        try (Connection c = ds.getConnection()) {
            return Dialect.of(c.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new ShieldException(ErrorCode.PERSISTENCE_FAILURE, "cannot reach the database", e);
        } catch (IllegalArgumentException e) {
            throw new ShieldException(ErrorCode.PERSISTENCE_FAILURE, e.getMessage());
        }
    }

    /**
     * The dialect in use.
     *
     * @return the dialect
     */
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public <T> T inTransaction(TransactionalWork<T> work) {
        Objects.requireNonNull(work, "work");
        Connection joined = current.get();
        if (joined != null) {
            return work.run(new JdbcStore(joined));
        }
        Connection c;
        try {
            c = dataSource.getConnection();
        } catch (SQLException e) {
            throw new ShieldException(ErrorCode.PERSISTENCE_FAILURE, "cannot open a database transaction", e);
        }
        try {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        } catch (SQLException e) {
            // a broken connection: closing it gives it back to the pool, which evicts it;
            // without the close, every such failure would leak one of the pool's connections
            try {
                c.close();
            } catch (SQLException ignored) {
                // nothing more to do
            }
            throw new ShieldException(ErrorCode.PERSISTENCE_FAILURE, "cannot open a database transaction", e);
        }
        current.set(c);
        try {
            T result = work.run(new JdbcStore(c));
            try {
                c.commit();
            } catch (SQLException e) {
                throw translate(e, "commit");
            }
            return result;
        } catch (RuntimeException | Error e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the connection is gone; the database rolls back on its own
            }
            throw e;
        } finally {
            current.remove();
            try {
                c.close();
            } catch (SQLException ignored) {
                // nothing more to do
            }
        }
    }

    @Override
    public void close() {
        try {
            onClose.close();
        } catch (Exception ignored) {
            // closing an embedded database twice is harmless
        }
    }

    private ShieldException translate(SQLException e, String what) {
        if (dialect.isConflict(e)) {
            return new ShieldException(ErrorCode.CONCURRENT_MODIFICATION, "a concurrent transaction won (" + what + ")", e);
        }
        return new ShieldException(ErrorCode.PERSISTENCE_FAILURE, "the database failed during " + what + " (SQLState "
                + e.getSQLState() + ")", e);
    }

    private static String indexText(Map<String, String> index) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(index).forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return sb.toString();
    }

    private static Map<String, String> parseIndex(String text) {
        Map<String, String> m = new TreeMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return m;
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > 1000) {
            throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "limit must be 1-1000: " + limit);
        }
    }

    private final class JdbcStore implements Store {
        private final Connection c;

        JdbcStore(Connection c) {
            this.c = c;
        }

        private PreparedStatement prepare(String sql, Object... args) throws SQLException {
            PreparedStatement s = c.prepareStatement(sql);
            for (int i = 0; i < args.length; i++) {
                if (args[i] instanceof byte[] b) {
                    s.setBytes(i + 1, b);
                } else if (args[i] instanceof Long l) {
                    s.setLong(i + 1, l);
                } else if (args[i] instanceof Integer n) {
                    s.setInt(i + 1, n);
                } else {
                    s.setString(i + 1, (String) args[i]);
                }
            }
            return s;
        }

        private int update(String what, String sql, Object... args) {
            try (PreparedStatement s = prepare(sql, args)) {
                return s.executeUpdate();
            } catch (SQLException e) {
                throw translate(e, what);
            }
        }

        /** Inserts; returns false on a duplicate key, leaving the transaction usable. */
        private boolean insertOrDuplicate(String what, String sql, Object... args) {
            if (dialect == Dialect.POSTGRESQL) {
                return update(what, sql + " ON CONFLICT DO NOTHING", args) == 1;
            }
            try (PreparedStatement s = prepare(sql, args)) {
                return s.executeUpdate() == 1;
            } catch (SQLException e) {
                if (dialect.isDuplicate(e)) {
                    return false;
                }
                throw translate(e, what);
            }
        }

        private Document document(ResultSet rs) throws SQLException {
            return new Document(rs.getString("collection"), rs.getString("doc_key"), rs.getLong("version"), rs.getBytes("body"),
                    parseIndex(rs.getString("index_text")));
        }

        private List<Document> documents(String what, String sql, Object... args) {
            try (PreparedStatement s = prepare(sql, args); ResultSet rs = s.executeQuery()) {
                List<Document> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(document(rs));
                }
                return out;
            } catch (SQLException e) {
                throw translate(e, what);
            }
        }

        @Override
        public Optional<Document> get(String collection, String key) {
            Names.requireName(collection, "collection");
            Names.requireKey(key, "key");
            return documents("get", "SELECT collection, doc_key, version, body, index_text FROM ms_documents WHERE collection = ? AND doc_key = ?",
                    collection, key).stream().findFirst();
        }

        @Override
        public Document insert(String collection, String key, byte[] body, Map<String, String> index) {
            Document d = new Document(collection, key, 1, body, index);
            if (!insertOrDuplicate("insert", "INSERT INTO ms_documents (collection, doc_key, version, body, index_text) VALUES (?, ?, ?, ?, ?)",
                    collection, key, 1L, body, indexText(d.index()))) {
                throw new ShieldException(ErrorCode.ALREADY_EXISTS, collection + " already has key " + key);
            }
            writeIndex(d);
            return d;
        }

        private void writeIndex(Document d) {
            update("index", "DELETE FROM ms_document_index WHERE collection = ? AND doc_key = ?", d.collection(), d.key());
            for (Map.Entry<String, String> e : new TreeMap<>(d.index()).entrySet()) {
                update("index", "INSERT INTO ms_document_index (collection, doc_key, index_name, index_value) VALUES (?, ?, ?, ?)",
                        d.collection(), d.key(), e.getKey(), e.getValue());
            }
        }

        @Override
        public Document update(String collection, String key, long expectedVersion, byte[] body, Map<String, String> index) {
            Document d = new Document(collection, key, expectedVersion + 1, body, index);
            int rows = update("update", "UPDATE ms_documents SET version = ?, body = ?, index_text = ? WHERE collection = ? AND doc_key = ? AND version = ?",
                    expectedVersion + 1, body, indexText(d.index()), collection, key, expectedVersion);
            if (rows != 1) {
                throw new ShieldException(ErrorCode.CONCURRENT_MODIFICATION, collection + "/" + key + " is not at version " + expectedVersion);
            }
            writeIndex(d);
            return d;
        }

        @Override
        public List<Document> find(String collection, String index, String value, int offset, int limit) {
            Names.requireName(collection, "collection");
            Names.requireName(index, "index");
            Names.requireKey(value, "value");
            checkLimit(limit);
            if (offset < 0) {
                throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "offset must not be negative: " + offset);
            }
            return documents("find", "SELECT d.collection, d.doc_key, d.version, d.body, d.index_text FROM ms_document_index i"
                            + " JOIN ms_documents d ON d.collection = i.collection AND d.doc_key = i.doc_key"
                            + " WHERE i.collection = ? AND i.index_name = ? AND i.index_value = ? ORDER BY d.doc_key LIMIT ? OFFSET ?",
                    collection, index, value, limit, offset);
        }

        @Override
        public List<Document> findRange(String collection, String index, String fromInclusive, String toExclusive, int limit) {
            Names.requireName(collection, "collection");
            Names.requireName(index, "index");
            Objects.requireNonNull(fromInclusive, "fromInclusive");
            Objects.requireNonNull(toExclusive, "toExclusive");
            checkLimit(limit);
            return documents("findRange", "SELECT d.collection, d.doc_key, d.version, d.body, d.index_text FROM ms_document_index i"
                            + " JOIN ms_documents d ON d.collection = i.collection AND d.doc_key = i.doc_key"
                            + " WHERE i.collection = ? AND i.index_name = ? AND i.index_value >= ? AND i.index_value < ?"
                            + " ORDER BY i.index_value, d.doc_key LIMIT ?",
                    collection, index, fromInclusive, toExclusive, limit);
        }

        @Override
        public long count(String collection, String index, String value) {
            Names.requireName(collection, "collection");
            Names.requireName(index, "index");
            Names.requireKey(value, "value");
            return single("count", "SELECT COUNT(*) FROM ms_document_index WHERE collection = ? AND index_name = ? AND index_value = ?",
                    collection, index, value).orElse(0L);
        }

        private OptionalLong single(String what, String sql, Object... args) {
            try (PreparedStatement s = prepare(sql, args); ResultSet rs = s.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            } catch (SQLException e) {
                throw translate(e, what);
            }
        }

        @Override
        public void claim(String namespace, String value, String owner) {
            Names.requireName(namespace, "namespace");
            Names.requireKey(value, "value");
            Names.requireKey(owner, "owner");
            if (insertOrDuplicate("claim", "INSERT INTO ms_claims (namespace, claim_value, owner) VALUES (?, ?, ?)", namespace, value, owner)) {
                return;
            }
            if (!claimOwner(namespace, value).map(owner::equals).orElse(false)) {
                throw new ShieldException(ErrorCode.ALREADY_EXISTS, namespace + " is already claimed for this value");
            }
        }

        @Override
        public Optional<String> claimOwner(String namespace, String value) {
            Names.requireName(namespace, "namespace");
            Names.requireKey(value, "value");
            try (PreparedStatement s = prepare("SELECT owner FROM ms_claims WHERE namespace = ? AND claim_value = ?", namespace, value);
                 ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            } catch (SQLException e) {
                throw translate(e, "claimOwner");
            }
        }

        @Override
        public void release(String namespace, String value, String owner) {
            Names.requireName(namespace, "namespace");
            Names.requireKey(value, "value");
            Names.requireKey(owner, "owner");
            update("release", "DELETE FROM ms_claims WHERE namespace = ? AND claim_value = ? AND owner = ?", namespace, value, owner);
        }

        @Override
        public OptionalLong addIfAtMost(String counter, long delta, long ceiling) {
            Names.requireKey(counter, "counter");
            if (dialect == Dialect.MARIADB) {
                // an exclusive lock on an existing row, not a shared one: no lock upgrade, no deadlock between racers
                update("counter", "INSERT INTO ms_counters (name, counter_value) VALUES (?, ?) ON DUPLICATE KEY UPDATE counter_value = counter_value",
                        counter, 0L);
            } else {
                insertOrDuplicate("counter", "INSERT INTO ms_counters (name, counter_value) VALUES (?, ?)", counter, 0L);
            }
            int rows = update("counter", "UPDATE ms_counters SET counter_value = GREATEST(counter_value + ?, 0)"
                    + " WHERE name = ? AND GREATEST(counter_value + ?, 0) <= ?", delta, counter, delta, ceiling);
            if (rows != 1) {
                return OptionalLong.empty();
            }
            return single("counter", "SELECT counter_value FROM ms_counters WHERE name = ?", counter);
        }

        @Override
        public long counter(String counter) {
            Names.requireKey(counter, "counter");
            return single("counter", "SELECT counter_value FROM ms_counters WHERE name = ?", counter).orElse(0L);
        }

        @Override
        public void resetCounter(String counter) {
            Names.requireKey(counter, "counter");
            update("counter", "UPDATE ms_counters SET counter_value = 0 WHERE name = ?", counter);
        }

        @Override
        public LogEntry append(String log, long sequence, byte[] body) {
            LogEntry entry = new LogEntry(log, sequence, body);
            long last = single("append", LAST_SEQUENCE, log).orElse(0L);
            if (sequence != last + 1) {
                throw new ShieldException(ErrorCode.CONCURRENT_MODIFICATION, "log " + log + " expects sequence " + (last + 1) + ", not " + sequence);
            }
            if (!insertOrDuplicate("append", "INSERT INTO ms_logs (log_name, seq, body) VALUES (?, ?, ?)", log, sequence, body)) {
                throw new ShieldException(ErrorCode.CONCURRENT_MODIFICATION, "log " + log + " position " + sequence + " was taken");
            }
            return entry;
        }

        @Override
        public List<LogEntry> read(String log, long fromSequence, int limit) {
            Names.requireName(log, "log");
            checkLimit(limit);
            if (fromSequence < 1) {
                throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "fromSequence must be at least 1: " + fromSequence);
            }
            return entries("read", "SELECT seq, body FROM ms_logs WHERE log_name = ? AND seq >= ? ORDER BY seq LIMIT ?", log, log, fromSequence, limit);
        }

        @Override
        public Optional<LogEntry> last(String log) {
            Names.requireName(log, "log");
            // Ordered by both primary-key columns, so that H2, PostgreSQL and MariaDB read the
            // newest entry straight from the key's index; H2 answers MAX(seq) or ORDER BY seq
            // DESC alone by reading the whole log, which grows with every entry.
            return entries("last", LAST_ENTRY, log, log).stream().findFirst();
        }

        private List<LogEntry> entries(String what, String sql, String log, Object... args) {
            try (PreparedStatement s = prepare(sql, args); ResultSet rs = s.executeQuery()) {
                List<LogEntry> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new LogEntry(log, rs.getLong(1), rs.getBytes(2)));
                }
                return out;
            } catch (SQLException e) {
                throw translate(e, what);
            }
        }
    }

    /** A minimal {@link DataSource} over {@link DriverManager}, for the embedded H2 default. */
    private static final class DriverManagerDataSource extends PlainDataSource {
        private final String url;

        DriverManagerDataSource(String url) {
            this.url = url;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return DriverManager.getConnection(url, "sa", "");
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return DriverManager.getConnection(url, username, password);
        }
    }
}
