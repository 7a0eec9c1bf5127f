package io.mshield.core.internal.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mshield.Actor;
import io.mshield.audit.AuditEntry;
import io.mshield.audit.AuditVerification;
import io.mshield.audit.CheckpointPolicy;
import io.mshield.core.persistence.memory.InMemoryPersistence;
import io.mshield.persistence.LogEntry;
import io.mshield.persistence.Persistence;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditChainTest {
    private final ObjectMapper json = new ObjectMapper();
    private final AuditChain chain = new AuditChain(Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC), json,
            AuditForgery.hmac("test-audit-key"), CheckpointPolicy.builder().everyEntries(2).build());
    private Persistence store;

    @BeforeEach
    void fill() {
        store = new InMemoryPersistence();
        for (int i = 1; i <= 5; i++) {
            int n = i;
            store.inTransaction(s -> chain.append(s, Actor.bankStaff("staff-" + n, "br-1", "idv-" + n), "shield.freeze", "MS0000000000" + n,
                    AuditEntry.Outcome.SUCCEEDED, Map.of("reason", "test " + n)));
        }
    }

    @Test
    @DisplayName("an untouched chain verifies and links every entry to the previous one")
    void intact() {
        AuditVerification v = chain.verify(store, List.of());
        assertThat(v.intact()).isTrue();
        assertThat(v.entriesChecked()).isEqualTo(5);
        List<AuditEntry> all = chain.readAll(store);
        assertThat(all.get(0).previousHash()).isEqualTo(AuditChain.GENESIS);
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).previousHash()).isEqualTo(all.get(i - 1).hash());
        }
    }

    @Test
    @DisplayName("a modified entry is found")
    void modified() throws Exception {
        List<byte[]> bodies = bodies();
        ObjectNode n = (ObjectNode) json.readTree(bodies.get(2));
        n.put("subject", "MS99999999999");
        bodies.set(2, json.writeValueAsBytes(n));
        AuditVerification v = chain.verify(rewrite(bodies), List.of());
        assertThat(v.intact()).isFalse();
        assertThat(v.firstBadEntry()).contains(3L);
        assertThat(v.problem()).get().asString().contains("modified");
    }

    @Test
    @DisplayName("a deleted entry is found")
    void deleted() {
        List<byte[]> bodies = bodies();
        bodies.remove(1);
        AuditVerification v = chain.verify(rewrite(bodies), List.of());
        assertThat(v.intact()).isFalse();
        assertThat(v.firstBadEntry()).contains(2L);
    }

    @Test
    @DisplayName("an inserted entry is found, even with a self-consistent hash")
    void inserted() throws Exception {
        List<byte[]> bodies = bodies();
        AuditEntry third = chain.readAll(store).get(2);
        // a forger who recomputes the hash of the forged entry but cannot rewrite all later entries
        String forgedHash = AuditChain.hash(3, third.time(), Actor.system("forger"), "shield.unfreeze", "MS00000000003",
                AuditEntry.Outcome.SUCCEEDED, Map.of(), third.previousHash());
        ObjectNode n = (ObjectNode) json.readTree(bodies.get(2));
        n.put("role", "SYSTEM");
        n.put("actor", "forger");
        n.put("action", "shield.unfreeze");
        n.putObject("details");
        n.put("hash", forgedHash);
        bodies.add(2, json.writeValueAsBytes(n));
        AuditVerification v = chain.verify(rewrite(bodies), List.of());
        assertThat(v.intact()).isFalse();
        assertThat(v.firstBadEntry()).contains(4L);
    }

    @Test
    @DisplayName("reordered entries are found")
    void reordered() {
        List<byte[]> bodies = bodies();
        byte[] second = bodies.get(1);
        bodies.set(1, bodies.get(2));
        bodies.set(2, second);
        AuditVerification v = chain.verify(rewrite(bodies), List.of());
        assertThat(v.intact()).isFalse();
        assertThat(v.firstBadEntry()).contains(2L);
    }

    @Test
    @DisplayName("details whose key names a secret are refused and nothing is appended")
    void refusesSecrets() {
        assertThatThrownBy(() -> store.inTransaction(s -> chain.append(s, Actor.holder("u1"), "shield.pin_change", "MS00000000001",
                AuditEntry.Outcome.SUCCEEDED, Map.of("newPin", "123456")))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("123456");
        assertThat(chain.verify(store, List.of()).entriesChecked()).isEqualTo(5);
    }

    private List<byte[]> bodies() {
        List<LogEntry> raw = store.inTransaction(s -> s.read(AuditChain.LOG, 1, 100));
        List<byte[]> out = new ArrayList<>();
        raw.forEach(e -> out.add(e.body()));
        return out;
    }

    /** A new store holding these entries, and the original store's seal and checkpoints. */
    private Persistence rewrite(List<byte[]> bodies) {
        Persistence p = new InMemoryPersistence();
        byte[] seal = store.inTransaction(s -> s.get(AuditChain.SEAL_COLLECTION, AuditChain.SEAL_KEY).orElseThrow().body());
        List<LogEntry> checkpoints = store.inTransaction(s -> s.read(AuditChain.CHECKPOINTS, 1, 100));
        p.inTransaction(s -> {
            for (int i = 0; i < bodies.size(); i++) {
                s.append(AuditChain.LOG, i + 1, bodies.get(i));
            }
            s.insert(AuditChain.SEAL_COLLECTION, AuditChain.SEAL_KEY, seal, Map.of());
            checkpoints.forEach(c -> s.append(AuditChain.CHECKPOINTS, c.sequence(), c.body()));
            return null;
        });
        return p;
    }
}
