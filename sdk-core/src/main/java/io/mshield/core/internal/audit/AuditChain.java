package io.mshield.core.internal.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.audit.AuditEntry;
import io.mshield.audit.AuditVerification;
import io.mshield.persistence.LogEntry;
import io.mshield.persistence.Persistence;
import io.mshield.persistence.Store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The hash-chained audit log kept in the persistence log {@value #LOG}.
 *
 * <p>Each entry's hash is SHA-256 over a canonical, length-prefixed encoding of its fields and
 * the previous entry's hash, so that a modified, deleted, inserted or reordered entry breaks the
 * chain at that point. Appending reads the last entry and appends at the next sequence in the
 * caller's transaction; two nodes racing for one position cannot both commit (the store's rule),
 * and the loser's whole transaction is retried by the caller.
 */
public final class AuditChain {
    /** The persistence log that holds the chain. */
    public static final String LOG = "audit";
    /** The previous hash of the first entry. */
    public static final String GENESIS = "0".repeat(64);
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(pin|otp|password|secret|share|private|passcode).*");
    private static final int PAGE = 500;

    private final Clock clock;
    private final ObjectMapper json;

    /**
     * Creates the chain.
     *
     * @param clock the SDK's clock
     * @param json  the SDK's JSON mapper
     */
    public AuditChain(Clock clock, ObjectMapper json) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.json = Objects.requireNonNull(json, "json");
    }

    /**
     * Appends an entry in the caller's transaction.
     *
     * @param store   the transaction's store
     * @param actor   who
     * @param action  what
     * @param subject to what
     * @param outcome with what outcome
     * @param details non-secret details; keys that name a secret are refused
     * @return the entry
     */
    public AuditEntry append(Store store, Actor actor, String action, String subject, AuditEntry.Outcome outcome,
                             Map<String, String> details) {
        Objects.requireNonNull(details, "details");
        for (String k : details.keySet()) {
            if (SECRET_KEY.matcher(k).matches()) {
                throw new IllegalArgumentException("audit details must not carry secrets: key " + k);
            }
        }
        Optional<LogEntry> last = store.last(LOG);
        long sequence = last.map(e -> e.sequence() + 1).orElse(1L);
        String previous = last.map(e -> parse(e).hash()).orElse(GENESIS);
        Instant time = clock.instant();
        String hash = hash(sequence, time, actor, action, subject, outcome, details, previous);
        AuditEntry entry = new AuditEntry(sequence, time, actor, action, subject, outcome, details, previous, hash);
        store.append(LOG, sequence, encode(entry));
        return entry;
    }

    /**
     * Reads entries.
     *
     * @param store        the transaction's store
     * @param fromSequence the first sequence
     * @param limit        how many at most
     * @return the entries as stored (not verified)
     */
    public List<AuditEntry> read(Store store, long fromSequence, int limit) {
        return store.read(LOG, fromSequence, limit).stream().map(this::parse).toList();
    }

    /**
     * Verifies the whole chain from the first entry, page by page.
     *
     * @param persistence the store
     * @return the verdict
     */
    public AuditVerification verify(Persistence persistence) {
        long checked = 0;
        long expectedSequence = 1;
        String previous = GENESIS;
        while (true) {
            long from = expectedSequence;
            List<LogEntry> page = persistence.inTransaction(s -> s.read(LOG, from, PAGE));
            if (page.isEmpty()) {
                return new AuditVerification(checked, true, Optional.empty(), Optional.empty());
            }
            for (LogEntry raw : page) {
                checked++;
                AuditEntry e;
                try {
                    e = parse(raw);
                } catch (ShieldException ex) {
                    return broken(checked, raw.sequence(), "entry is not readable");
                }
                if (raw.sequence() != expectedSequence || e.sequence() != expectedSequence) {
                    return broken(checked, expectedSequence, "sequence " + e.sequence() + " found where "
                            + expectedSequence + " belongs (entry deleted, inserted or reordered)");
                }
                if (!e.previousHash().equals(previous)) {
                    return broken(checked, expectedSequence, "link to the previous entry is broken (entry deleted, inserted or reordered)");
                }
                String recomputed = hash(e.sequence(), e.time(), e.actor(), e.action(), e.subject(), e.outcome(),
                        e.details(), e.previousHash());
                if (!recomputed.equals(e.hash())) {
                    return broken(checked, expectedSequence, "entry was modified (hash mismatch)");
                }
                previous = e.hash();
                expectedSequence++;
            }
        }
    }

    private static AuditVerification broken(long checked, long sequence, String problem) {
        return new AuditVerification(checked, false, Optional.of(sequence), Optional.of(problem));
    }

    static String hash(long sequence, Instant time, Actor actor, String action, String subject,
                       AuditEntry.Outcome outcome, Map<String, String> details, String previous) {
        StringBuilder sb = new StringBuilder();
        field(sb, Long.toString(sequence));
        field(sb, time.toString());
        field(sb, actor.role().name());
        field(sb, actor.id());
        field(sb, action);
        field(sb, subject);
        field(sb, outcome.name());
        TreeMap<String, String> sorted = new TreeMap<>(details);
        field(sb, Integer.toString(sorted.size()));
        sorted.forEach((k, v) -> {
            field(sb, k);
            field(sb, v);
        });
        field(sb, previous);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static void field(StringBuilder sb, String value) {
        sb.append(value.length()).append(':').append(value).append(';');
    }

    private byte[] encode(AuditEntry e) {
        ObjectNode n = json.createObjectNode();
        n.put("sequence", e.sequence());
        n.put("time", e.time().toString());
        n.put("role", e.actor().role().name());
        n.put("actor", e.actor().id());
        n.put("action", e.action());
        n.put("subject", e.subject());
        n.put("outcome", e.outcome().name());
        ObjectNode d = n.putObject("details");
        new TreeMap<>(e.details()).forEach(d::put);
        n.put("previousHash", e.previousHash());
        n.put("hash", e.hash());
        try {
            return json.writeValueAsBytes(n);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot encode an audit entry", ex);
        }
    }

    private AuditEntry parse(LogEntry raw) {
        try {
            JsonNode n = json.readTree(raw.body());
            Map<String, String> details = new TreeMap<>();
            n.required("details").properties().forEach(f -> details.put(f.getKey(), f.getValue().asText()));
            return new AuditEntry(n.required("sequence").asLong(), Instant.parse(n.required("time").asText()),
                    Actor.recorded(Actor.Role.valueOf(n.required("role").asText()), n.required("actor").asText()),
                    n.required("action").asText(), n.required("subject").asText(),
                    AuditEntry.Outcome.valueOf(n.required("outcome").asText()), details,
                    n.required("previousHash").asText(), n.required("hash").asText());
        } catch (java.io.IOException | RuntimeException e) {
            throw new ShieldException(ErrorCode.AUDIT_CHAIN_BROKEN, "audit entry " + raw.sequence() + " is not readable", e);
        }
    }

    /**
     * Reads all entries as stored, for tests and exports.
     *
     * @param persistence the store
     * @return every entry
     */
    public List<AuditEntry> readAll(Persistence persistence) {
        List<AuditEntry> out = new ArrayList<>();
        long from = 1;
        while (true) {
            long f = from;
            List<AuditEntry> page = persistence.inTransaction(s -> read(s, f, PAGE));
            if (page.isEmpty()) {
                return out;
            }
            out.addAll(page);
            from += page.size();
        }
    }
}
