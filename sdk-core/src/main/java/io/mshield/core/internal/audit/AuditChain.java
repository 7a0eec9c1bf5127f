package io.mshield.core.internal.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.audit.AuditCheckpoint;
import io.mshield.audit.AuditEntry;
import io.mshield.audit.AuditVerification.Finding;
import io.mshield.audit.CheckpointPolicy;
import io.mshield.audit.AuditVerification;
import io.mshield.persistence.Document;
import io.mshield.persistence.LogEntry;
import io.mshield.persistence.Persistence;
import io.mshield.persistence.Store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hash-chained audit log kept in the persistence log {@value #LOG}, with its authenticated
 * head seal and checkpoints.
 *
 * <p>Each entry's hash is SHA-256 over a canonical, length-prefixed encoding of its fields and
 * the previous entry's hash, so that a modified, deleted, inserted or reordered entry breaks the
 * chain at that point. Appending reads the last entry and appends at the next sequence in the
 * caller's transaction; two nodes racing for one position cannot both commit (the store's rule),
 * and the loser's whole transaction is retried by the caller.
 *
 * <p>A hash chain alone says nothing about its end, and anyone who can write the database can
 * recompute it. So, in the same transaction as each entry, the chain's head (sequence, hash,
 * newest checkpoint) is written to the seal document {@value #SEAL_COLLECTION}/{@value #SEAL_KEY},
 * authenticated by a MAC key in the bank's key storage; and every so many entries or minutes
 * ({@link CheckpointPolicy}) a checkpoint, chained to the previous one by its authenticator, is
 * appended to the log {@value #CHECKPOINTS}. Entries deleted from the end, a chain rewritten with
 * recomputed hashes, a deleted or forged checkpoint or seal: each is found by {@link #verify}.
 * When an append finds that the log does not end where the seal says, it carries on (the bank
 * must keep working) but records the sequence in the seal for good, so that a later append cannot
 * launder the damage.
 */
public final class AuditChain {
    /** The persistence log that holds the chain. */
    public static final String LOG = "audit";
    /** The persistence log that holds the checkpoints. */
    public static final String CHECKPOINTS = "audit_checkpoints";
    /** The collection of the head seal. */
    public static final String SEAL_COLLECTION = "audit_seal";
    /** The key of the head seal. */
    public static final String SEAL_KEY = "head";
    /** The previous hash of the first entry. */
    public static final String GENESIS = "0".repeat(64);
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(pin|otp|password|secret|share|private|passcode).*");
    private static final int PAGE = 500;
    private static final Logger LOGGER = LoggerFactory.getLogger(AuditChain.class);

    private final Clock clock;
    private final ObjectMapper json;
    private final Authenticator authenticator;
    private final CheckpointPolicy policy;

    /**
     * Computes the MAC that authenticates the seal and checkpoints, with a key the store cannot
     * read (in the SDK: the bank's key storage).
     */
    @FunctionalInterface
    public interface Authenticator {
        /**
         * Computes the MAC.
         *
         * @param data the data
         * @return the MAC
         */
        byte[] mac(byte[] data);
    }

    /**
     * What one append wrote.
     *
     * @param entry      the entry
     * @param checkpoint the checkpoint it triggered, if any
     */
    public record Appended(AuditEntry entry, Optional<AuditCheckpoint> checkpoint) {
        /**
         * Validates.
         *
         * @param entry      the entry
         * @param checkpoint the checkpoint it triggered, if any
         */
        public Appended {
            Objects.requireNonNull(entry, "entry");
            Objects.requireNonNull(checkpoint, "checkpoint");
        }
    }

    /**
     * The authenticated head of the chain, as stored in the seal document.
     *
     * @param sequence             the newest entry's sequence (0 before the first)
     * @param hash                 the newest entry's hash
     * @param checkpointNumber     the newest checkpoint's number (0 before the first)
     * @param checkpointSequence   the sequence that checkpoint covers (0 before the first)
     * @param checkpointTime       when it was made (before the first: the first entry's time)
     * @param checkpointAuthenticator its authenticator ({@link AuditCheckpoint#FIRST_PREVIOUS} before the first)
     * @param tamperedAt           the first sequence at which an append found the log not ending where the seal said, or 0
     * @param mac                  the authenticator of all the above, lowercase hex
     */
    record Seal(long sequence, String hash, long checkpointNumber, long checkpointSequence, Instant checkpointTime,
                String checkpointAuthenticator, long tamperedAt, String mac) {
    }

    /**
     * Creates the chain.
     *
     * @param clock         the SDK's clock
     * @param json          the SDK's JSON mapper
     * @param authenticator the MAC for the seal and the checkpoints
     * @param policy        when to write checkpoints
     */
    public AuditChain(Clock clock, ObjectMapper json, Authenticator authenticator, CheckpointPolicy policy) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.json = Objects.requireNonNull(json, "json");
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * Appends an entry in the caller's transaction, updates the seal, and writes a checkpoint when
     * the policy says so.
     *
     * @param store   the transaction's store
     * @param actor   who
     * @param action  what
     * @param subject to what
     * @param outcome with what outcome
     * @param details non-secret details; keys that name a secret are refused
     * @return the entry, and the checkpoint it triggered
     */
    public Appended append(Store store, Actor actor, String action, String subject, AuditEntry.Outcome outcome,
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

        Optional<Document> sealDoc = store.get(SEAL_COLLECTION, SEAL_KEY);
        Seal seal = sealDoc.flatMap(this::readSeal).orElse(null);
        long tamperedAt = 0;
        if (seal == null || !authentic(seal)) {
            // no seal for a log that had entries, or one this SDK did not write
            tamperedAt = sealDoc.isPresent() || last.isPresent() ? sequence : 0;
        } else if (seal.tamperedAt() != 0) {
            tamperedAt = seal.tamperedAt();
        } else if (seal.sequence() != sequence - 1 || !seal.hash().equals(previous)) {
            tamperedAt = sequence;
        }
        if (tamperedAt == sequence) {
            LOGGER.warn("audit log did not end where its seal said when entry {} was appended; recorded in the seal", sequence);
        }
        long cpNumber = seal == null ? 0 : seal.checkpointNumber();
        long cpSequence = seal == null ? 0 : seal.checkpointSequence();
        Instant cpTime = seal == null ? time : seal.checkpointTime();
        String cpAuth = seal == null ? AuditCheckpoint.FIRST_PREVIOUS : seal.checkpointAuthenticator();
        Optional<AuditCheckpoint> checkpoint = Optional.empty();
        if (sequence - cpSequence >= policy.everyEntries() || !time.isBefore(cpTime.plus(policy.maxInterval()))) {
            AuditCheckpoint cp = checkpoint(cpNumber + 1, sequence, hash, time, cpAuth);
            store.append(CHECKPOINTS, cp.number(), encode(cp));
            checkpoint = Optional.of(cp);
            cpNumber = cp.number();
            cpSequence = cp.sequence();
            cpTime = cp.time();
            cpAuth = cp.authenticator();
        }
        Seal next = seal(sequence, hash, cpNumber, cpSequence, cpTime, cpAuth, tamperedAt);
        byte[] body = encode(next);
        if (sealDoc.isPresent()) {
            store.update(SEAL_COLLECTION, SEAL_KEY, sealDoc.get().version(), body, Map.of());
        } else {
            store.insert(SEAL_COLLECTION, SEAL_KEY, body, Map.of());
        }
        return new Appended(entry, checkpoint);
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
     * Reads checkpoints.
     *
     * @param store      the transaction's store
     * @param fromNumber the first number
     * @param limit      how many at most
     * @return the checkpoints as stored (not verified)
     */
    public List<AuditCheckpoint> checkpoints(Store store, long fromNumber, int limit) {
        return store.read(CHECKPOINTS, fromNumber, limit).stream().map(this::parseCheckpoint).toList();
    }

    /**
     * Verifies the whole chain from the first entry, page by page, against the seal, the
     * database's checkpoints and the checkpoints the bank kept.
     *
     * @param persistence the store
     * @param kept        checkpoints kept outside the database
     * @return the verdict
     */
    public AuditVerification verify(Persistence persistence, List<AuditCheckpoint> kept) {
        Objects.requireNonNull(kept, "kept");
        // 1. the database's checkpoints: numbered without gaps, authentic, chained
        List<AuditCheckpoint> stored = new ArrayList<>();
        String previousAuth = AuditCheckpoint.FIRST_PREVIOUS;
        long previousSequence = 0;
        while (true) {
            long from = stored.size() + 1L;
            List<LogEntry> page = persistence.inTransaction(s -> s.read(CHECKPOINTS, from, PAGE));
            if (page.isEmpty()) {
                break;
            }
            for (LogEntry raw : page) {
                long expected = stored.size() + 1L;
                AuditCheckpoint cp;
                try {
                    cp = parseCheckpoint(raw);
                } catch (ShieldException e) {
                    return broken(0, stored.size(), previousSequence + 1, Finding.UNREADABLE, "checkpoint " + raw.sequence() + " is not readable");
                }
                if (raw.sequence() != expected || cp.number() != expected) {
                    return broken(0, stored.size(), previousSequence + 1, Finding.CHECKPOINT_MISSING,
                            "checkpoint " + expected + " is missing (found " + cp.number() + ")");
                }
                if (!authentic(cp) || !cp.previousAuthenticator().equals(previousAuth) || cp.sequence() <= previousSequence) {
                    return broken(0, stored.size(), cp.sequence(), Finding.FORGED,
                            "checkpoint " + cp.number() + " is not authentic or does not link to the previous one");
                }
                stored.add(cp);
                previousAuth = cp.authenticator();
                previousSequence = cp.sequence();
            }
        }
        long checkpoints = stored.size();
        // 2. the bank's copies: authentic, and still in the database
        Map<Long, String> expectedHeads = new HashMap<>();
        stored.forEach(cp -> expectedHeads.put(cp.sequence(), cp.headHash()));
        List<AuditCheckpoint> keptSorted = new ArrayList<>(kept);
        keptSorted.sort(Comparator.comparingLong(AuditCheckpoint::number));
        for (AuditCheckpoint cp : keptSorted) {
            checkpoints++;
            if (!authentic(cp)) {
                return broken(0, checkpoints, cp.sequence(), Finding.FORGED, "kept checkpoint " + cp.number() + " is not authentic");
            }
            if (cp.number() > stored.size()) {
                return broken(0, checkpoints, cp.sequence(), Finding.CHECKPOINT_MISSING, "kept checkpoint " + cp.number()
                        + " is not in the database, which holds " + stored.size() + " (deleted, or the database was rolled back)");
            }
            if (!stored.get((int) cp.number() - 1).equals(cp)) {
                return broken(0, checkpoints, cp.sequence(), Finding.REWRITTEN,
                        "kept checkpoint " + cp.number() + " differs from the database's");
            }
        }
        // 3. the seal
        Optional<Document> sealDoc = persistence.inTransaction(s -> s.get(SEAL_COLLECTION, SEAL_KEY));
        Optional<Seal> sealRead = sealDoc.flatMap(this::readSeal);
        if (sealDoc.isPresent() && sealRead.isEmpty()) {
            return broken(0, checkpoints, 1, Finding.UNREADABLE, "the audit seal is not readable");
        }
        Seal seal = sealRead.orElse(null);
        if (seal != null && !authentic(seal)) {
            return broken(0, checkpoints, seal.sequence(), Finding.FORGED, "the audit seal is not authentic");
        }
        if (seal != null && seal.tamperedAt() != 0) {
            return broken(0, checkpoints, seal.tamperedAt(), Finding.TAMPERING_NOTICED, "when entry " + seal.tamperedAt()
                    + " was appended, the log did not end where its seal said (entries deleted or the seal replaced)");
        }
        if (seal != null && seal.checkpointNumber() != stored.size()) {
            return broken(0, checkpoints, seal.checkpointSequence(), Finding.CHECKPOINT_MISSING, "the seal names checkpoint "
                    + seal.checkpointNumber() + " but the database holds " + stored.size());
        }
        if (seal != null) {
            expectedHeads.put(seal.sequence(), seal.hash());
        }
        // 4. the chain itself
        long checked = 0;
        long expectedSequence = 1;
        String previous = GENESIS;
        while (true) {
            long from = expectedSequence;
            List<LogEntry> page = persistence.inTransaction(s -> s.read(LOG, from, PAGE));
            if (page.isEmpty()) {
                break;
            }
            for (LogEntry raw : page) {
                checked++;
                AuditEntry e;
                try {
                    e = parse(raw);
                } catch (ShieldException ex) {
                    return broken(checked, checkpoints, raw.sequence(), Finding.UNREADABLE, "entry is not readable");
                }
                if (raw.sequence() != expectedSequence || e.sequence() != expectedSequence) {
                    return broken(checked, checkpoints, expectedSequence, Finding.LINK_BROKEN, "sequence " + e.sequence()
                            + " found where " + expectedSequence + " belongs (entry deleted, inserted or reordered)");
                }
                if (!e.previousHash().equals(previous)) {
                    return broken(checked, checkpoints, expectedSequence, Finding.LINK_BROKEN,
                            "link to the previous entry is broken (entry deleted, inserted or reordered)");
                }
                String recomputed = hash(e.sequence(), e.time(), e.actor(), e.action(), e.subject(), e.outcome(),
                        e.details(), e.previousHash());
                if (!recomputed.equals(e.hash())) {
                    return broken(checked, checkpoints, expectedSequence, Finding.MODIFIED, "entry was modified (hash mismatch)");
                }
                String head = expectedHeads.get(expectedSequence);
                if (head != null && !head.equals(e.hash())) {
                    return broken(checked, checkpoints, expectedSequence, Finding.REWRITTEN, "entry " + expectedSequence
                            + " differs from what a checkpoint or the seal authenticated (the chain was rewritten)");
                }
                previous = e.hash();
                expectedSequence++;
            }
        }
        long lastSequence = expectedSequence - 1;
        long covered = Math.max(seal == null ? 0 : seal.sequence(),
                expectedHeads.keySet().stream().mapToLong(Long::longValue).max().orElse(0));
        if (covered > lastSequence) {
            return broken(checked, checkpoints, lastSequence + 1, Finding.TRUNCATED, "entries " + (lastSequence + 1) + " to "
                    + covered + " were authenticated but are gone (the log was truncated)");
        }
        if (seal == null && lastSequence > 0) {
            return broken(checked, checkpoints, 1, Finding.SEAL_MISSING, "the log has entries but its seal is missing");
        }
        if (seal != null && seal.sequence() < lastSequence) {
            return broken(checked, checkpoints, seal.sequence() + 1, Finding.UNSEALED_ENTRIES, "entries after "
                    + seal.sequence() + " were not written by the SDK (the seal ends there)");
        }
        return AuditVerification.intact(checked, checkpoints);
    }

    private static AuditVerification broken(long checked, long checkpoints, long sequence, Finding finding, String problem) {
        return AuditVerification.broken(checked, checkpoints, Math.max(1, sequence), finding, problem);
    }

    private AuditCheckpoint checkpoint(long number, long sequence, String headHash, Instant time, String previousAuth) {
        String auth = mac("checkpoint", Long.toString(number), Long.toString(sequence), headHash, time.toString(), previousAuth);
        return new AuditCheckpoint(number, sequence, headHash, time, previousAuth, auth);
    }

    private boolean authentic(AuditCheckpoint cp) {
        String expected = mac("checkpoint", Long.toString(cp.number()), Long.toString(cp.sequence()), cp.headHash(),
                cp.time().toString(), cp.previousAuthenticator());
        return constantTimeEquals(expected, cp.authenticator());
    }

    private Seal seal(long sequence, String hash, long cpNumber, long cpSequence, Instant cpTime, String cpAuth, long tamperedAt) {
        String mac = mac("seal", Long.toString(sequence), hash, Long.toString(cpNumber), Long.toString(cpSequence),
                cpTime.toString(), cpAuth, Long.toString(tamperedAt));
        return new Seal(sequence, hash, cpNumber, cpSequence, cpTime, cpAuth, tamperedAt, mac);
    }

    private boolean authentic(Seal s) {
        String expected = mac("seal", Long.toString(s.sequence()), s.hash(), Long.toString(s.checkpointNumber()),
                Long.toString(s.checkpointSequence()), s.checkpointTime().toString(), s.checkpointAuthenticator(),
                Long.toString(s.tamperedAt()));
        return constantTimeEquals(expected, s.mac());
    }

    private String mac(String domain, String... fields) {
        StringBuilder sb = new StringBuilder();
        field(sb, "mshield-audit-" + domain);
        for (String f : fields) {
            field(sb, f);
        }
        return HexFormat.of().formatHex(authenticator.mac(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
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
        return write(n);
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

    private byte[] encode(AuditCheckpoint cp) {
        ObjectNode n = json.createObjectNode();
        n.put("number", cp.number());
        n.put("sequence", cp.sequence());
        n.put("headHash", cp.headHash());
        n.put("time", cp.time().toString());
        n.put("previousAuthenticator", cp.previousAuthenticator());
        n.put("authenticator", cp.authenticator());
        return write(n);
    }

    private AuditCheckpoint parseCheckpoint(LogEntry raw) {
        try {
            JsonNode n = json.readTree(raw.body());
            return new AuditCheckpoint(n.required("number").asLong(), n.required("sequence").asLong(),
                    n.required("headHash").asText(), Instant.parse(n.required("time").asText()),
                    n.required("previousAuthenticator").asText(), n.required("authenticator").asText());
        } catch (java.io.IOException | RuntimeException e) {
            throw new ShieldException(ErrorCode.AUDIT_CHAIN_BROKEN, "audit checkpoint " + raw.sequence() + " is not readable", e);
        }
    }

    private byte[] encode(Seal seal) {
        ObjectNode n = json.createObjectNode();
        n.put("sequence", seal.sequence());
        n.put("hash", seal.hash());
        n.put("checkpointNumber", seal.checkpointNumber());
        n.put("checkpointSequence", seal.checkpointSequence());
        n.put("checkpointTime", seal.checkpointTime().toString());
        n.put("checkpointAuthenticator", seal.checkpointAuthenticator());
        n.put("tamperedAt", seal.tamperedAt());
        n.put("mac", seal.mac());
        return write(n);
    }

    private Optional<Seal> readSeal(Document doc) {
        try {
            JsonNode n = json.readTree(doc.body());
            return Optional.of(new Seal(n.required("sequence").asLong(), n.required("hash").asText(),
                    n.required("checkpointNumber").asLong(), n.required("checkpointSequence").asLong(),
                    Instant.parse(n.required("checkpointTime").asText()), n.required("checkpointAuthenticator").asText(),
                    n.required("tamperedAt").asLong(), n.required("mac").asText()));
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private byte[] write(ObjectNode n) {
        try {
            return json.writeValueAsBytes(n);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot encode an audit record", ex);
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
