package io.mshield.core.internal.audit;

import io.mshield.Actor;
import io.mshield.audit.AuditCheckpoint;
import io.mshield.audit.AuditEntry;
import io.mshield.audit.AuditSink;
import io.mshield.audit.AuditVerification;
import io.mshield.audit.AuditVerification.Finding;
import io.mshield.audit.CheckpointPolicy;
import io.mshield.core.fixtures.World;
import io.mshield.core.persistence.jdbc.JdbcPersistence;
import io.mshield.core.persistence.jdbc.StoreRows;
import io.mshield.crypto.KeyStorage;
import io.mshield.crypto.keys.InMemoryKeyStorage;
import io.mshield.limit.CoolingOffPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.mshield.core.fixtures.World.ENTERPRISE;
import static io.mshield.core.fixtures.World.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * R10.5 / issue EVIDENCE item 5: an attacker who can write the database but not the bank's key
 * storage changes the audit log, with SQL, the way the issue describes — deleting the newest
 * entries, rewriting the whole chain with recomputed hashes, deleting or forging checkpoints, rolling
 * the database back — and {@code verify()} says so. The SDK runs on the real crypto (its MAC key in
 * BouncyCastle's in-memory key storage) and a real database (each subclass's).
 *
 * <p>Checkpoints every 4 entries; the activity writes 10 entries, so checkpoints cover entries 4
 * and 8 and the seal covers entry 10.
 */
public abstract class AbstractAuditTamperingTest {
    private static final int ENTRIES = 10;
    /** The bank's key storage (its HSM): it outlives a restart of the SDK. */
    private final KeyStorage keys = InMemoryKeyStorage.create(new java.security.SecureRandom());
    private final List<AuditCheckpoint> kept = new CopyOnWriteArrayList<>();
    private final List<AuditEntry> copied = new CopyOnWriteArrayList<>();
    private final Actor boss = World.superAdmin(ENTERPRISE);
    private DataSource db;
    private World world;

    /**
     * A fresh, empty database, not yet migrated.
     *
     * @return its data source
     */
    protected abstract DataSource newDatabase();

    /** Closes what {@link #newDatabase()} opened. */
    protected abstract void closeDatabases();

    @BeforeEach
    void open() {
        db = newDatabase();
        world = node();
        activity(ENTRIES);
        assertThat(world.sdk.audit().verify().entriesChecked()).isEqualTo(ENTRIES);
    }

    @AfterEach
    void close() {
        closeDatabases();
    }

    private World node() {
        AuditSink sink = new AuditSink() {
            @Override
            public void accept(AuditEntry entry) {
                copied.add(entry);
            }

            @Override
            public void acceptCheckpoint(AuditCheckpoint checkpoint) {
                kept.add(checkpoint);
            }
        };
        return new World(b -> b.coolingOff(CoolingOffPolicy.none()).auditSink(sink)
                .checkpointPolicy(CheckpointPolicy.builder().everyEntries(4).build()), JdbcPersistence.migrateAndCreate(db), keys);
    }

    /** Grants and withdraws an operator's permission in turn: one audit entry each. */
    private void activity(int entries) {
        for (int i = 0; i < entries; i++) {
            if (world.sdk.permissions().isEntitled(ENTERPRISE, OPERATOR)) {
                world.sdk.permissions().withdraw(boss, ENTERPRISE, OPERATOR);
            } else {
                world.sdk.permissions().grant(boss, ENTERPRISE, OPERATOR);
            }
        }
    }

    @Test
    @DisplayName("R10.5 an untouched log verifies against its seal and checkpoints, and the sink received every checkpoint")
    void untouched() {
        AuditVerification v = world.sdk.audit().verify();
        assertThat(v.intact()).isTrue();
        assertThat(v.checkpointsChecked()).isEqualTo(2);
        List<AuditCheckpoint> stored = world.sdk.audit().checkpoints(1, 100);
        assertThat(stored).extracting(AuditCheckpoint::sequence).containsExactly(4L, 8L);
        assertThat(kept).containsExactlyElementsOf(stored);
        assertThat(stored.get(1).previousAuthenticator()).isEqualTo(stored.get(0).authenticator());
        assertThat(world.sdk.audit().verify(kept).intact()).isTrue();
        assertThat(world.sdk.audit().verify(kept).checkpointsChecked()).isEqualTo(4);
        assertThat(copied).hasSize(ENTRIES);
    }

    @Test
    @DisplayName("R10.5 truncation: deleting the newest entry is detected by the seal")
    void truncationOfTheNewestEntry() {
        sql("DELETE FROM ms_logs WHERE log_name = 'audit' AND seq > ?", ENTRIES - 1);
        assertBroken(world.sdk.audit().verify(), Finding.TRUNCATED, ENTRIES);
    }

    @Test
    @DisplayName("R10.5 truncation: deleting the newest 3 entries, past a checkpoint, is detected")
    void truncationOfTheNewestThreeEntries() {
        sql("DELETE FROM ms_logs WHERE log_name = 'audit' AND seq > ?", ENTRIES - 3);
        assertBroken(world.sdk.audit().verify(), Finding.TRUNCATED, ENTRIES - 2);
    }

    @Test
    @DisplayName("R10.5 truncation with the seal deleted too is still detected by the checkpoints")
    void truncationWithTheSealDeleted() {
        sql("DELETE FROM ms_logs WHERE log_name = 'audit' AND seq > ?", 6);
        sql("DELETE FROM ms_documents WHERE collection = 'audit_seal'");
        assertBroken(world.sdk.audit().verify(), Finding.TRUNCATED, 7);
    }

    @Test
    @DisplayName("R10.5 truncation is not laundered by entries the SDK appends afterwards")
    void truncationFollowedByNewEntries() {
        sql("DELETE FROM ms_logs WHERE log_name = 'audit' AND seq > ?", ENTRIES - 1);
        activity(3);
        assertBroken(world.sdk.audit().verify(), Finding.TAMPERING_NOTICED, ENTRIES);
    }

    @Test
    @DisplayName("R10.5 rewrite: a whole chain rewritten with recomputed hashes is detected at the first checkpoint")
    void rewriteOfTheWholeChain() {
        List<byte[]> forged = AuditForgery.rewrite(entryBodies(), 1, n -> n.put("subject", "someone-else"));
        for (int i = 0; i < forged.size(); i++) {
            sql("UPDATE ms_logs SET body = ? WHERE log_name = 'audit' AND seq = ?", forged.get(i), i + 1);
        }
        assertBroken(world.sdk.audit().verify(), Finding.REWRITTEN, 4);
    }

    @Test
    @DisplayName("R10.5 rewrite of the entries after the last checkpoint is detected by the seal")
    void rewriteAfterTheLastCheckpoint() {
        List<byte[]> forged = AuditForgery.rewrite(entryBodies(), 8, n -> n.put("subject", "someone-else"));
        sql("UPDATE ms_logs SET body = ? WHERE log_name = 'audit' AND seq = ?", forged.get(8), 9);
        sql("UPDATE ms_logs SET body = ? WHERE log_name = 'audit' AND seq = ?", forged.get(9), 10);
        assertBroken(world.sdk.audit().verify(), Finding.REWRITTEN, 10);
    }

    @Test
    @DisplayName("R10.5 a seal written without the bank's key is detected")
    void forgedSeal() {
        sql("UPDATE ms_documents SET body = ? WHERE collection = 'audit_seal'", new String(sealBody())
                .replaceAll("\"mac\":\"[0-9a-f]+\"", "\"mac\":\"" + "ab".repeat(32) + "\"").getBytes());
        assertBroken(world.sdk.audit().verify(), Finding.FORGED, ENTRIES);
    }

    @Test
    @DisplayName("R10.5 deleting the newest checkpoint is detected")
    void deletingTheNewestCheckpoint() {
        sql("DELETE FROM ms_logs WHERE log_name = 'audit_checkpoints' AND seq = ?", 2);
        assertBroken(world.sdk.audit().verify(), Finding.CHECKPOINT_MISSING, 8);
    }

    @Test
    @DisplayName("R10.5 deleting an older checkpoint is detected")
    void deletingAnOlderCheckpoint() {
        sql("DELETE FROM ms_logs WHERE log_name = 'audit_checkpoints' AND seq = ?", 1);
        assertBroken(world.sdk.audit().verify(), Finding.CHECKPOINT_MISSING, 1);
    }

    @Test
    @DisplayName("R10.5 a checkpoint moved to another head without the bank's key is detected")
    void forgedCheckpoint() {
        List<byte[]> bodies = rows("SELECT body FROM ms_logs WHERE log_name = 'audit_checkpoints' ORDER BY seq");
        String moved = new String(bodies.get(0)).replace("\"sequence\":4", "\"sequence\":3");
        sql("UPDATE ms_logs SET body = ? WHERE log_name = 'audit_checkpoints' AND seq = ?", moved.getBytes(), 1);
        assertBroken(world.sdk.audit().verify(), Finding.FORGED, 3);
    }

    @Test
    @DisplayName("R10.5 a database rolled back as a whole passes verify() alone, and is found with the checkpoints the bank kept")
    void rollbackFoundWithKeptCheckpoints() {
        byte[] oldSeal = sealBody();
        long oldVersion = sealVersion();
        activity(8);
        assertThat(world.sdk.audit().checkpoints(1, 100)).hasSize(4);
        sql("DELETE FROM ms_logs WHERE log_name = 'audit' AND seq > ?", ENTRIES);
        sql("DELETE FROM ms_logs WHERE log_name = 'audit_checkpoints' AND seq > ?", 2);
        sql("UPDATE ms_documents SET body = ?, version = ? WHERE collection = 'audit_seal'", oldSeal, oldVersion);
        assertThat(world.sdk.audit().verify().intact()).as("a consistent older copy of the database (the documented limit)").isTrue();
        assertBroken(world.sdk.audit().verify(kept), Finding.CHECKPOINT_MISSING, 12);
    }

    @Test
    @DisplayName("R10.5 a kept checkpoint that the bank's key did not make is refused")
    void forgedKeptCheckpoint() {
        AuditCheckpoint real = kept.get(0);
        AuditCheckpoint fake = new AuditCheckpoint(real.number(), real.sequence(), "ab".repeat(32), real.time(),
                real.previousAuthenticator(), real.authenticator());
        assertBroken(world.sdk.audit().verify(List.of(fake)), Finding.FORGED, 4);
    }

    @Test
    @DisplayName("R10.5 after a restart on the same database and key storage the log still verifies and keeps growing")
    void restart() {
        World again = node();
        assertThat(again.sdk.audit().verify(kept).intact()).isTrue();
        world = again;
        activity(6);
        AuditVerification v = again.sdk.audit().verify(kept);
        assertThat(v.intact()).isTrue();
        assertThat(v.entriesChecked()).isEqualTo(ENTRIES + 6);
        assertThat(again.sdk.audit().checkpoints(1, 100)).extracting(AuditCheckpoint::sequence).containsExactly(4L, 8L, 12L, 16L);
    }

    private static void assertBroken(AuditVerification v, Finding finding, long firstBad) {
        assertThat(v.intact()).as("intact").isFalse();
        assertThat(v.finding()).as("finding, problem: " + v.problem()).contains(finding);
        assertThat(v.firstBadEntry()).as("first bad entry, problem: " + v.problem()).contains(firstBad);
    }

    private List<byte[]> entryBodies() {
        return rows("SELECT body FROM ms_logs WHERE log_name = 'audit' ORDER BY seq");
    }

    private byte[] sealBody() {
        return rows("SELECT body FROM ms_documents WHERE collection = 'audit_seal'").get(0);
    }

    private long sealVersion() {
        return StoreRows.number(db, "SELECT version FROM ms_documents WHERE collection = 'audit_seal'");
    }

    private List<byte[]> rows(String query) {
        return StoreRows.bytes(db, query);
    }

    private void sql(String statement, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
            if (!c.getAutoCommit()) {
                c.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
