package io.mshield.audit;

import io.mshield.Actor;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One entry of the append-only, hash-chained audit log: who did what to what, when, with what
 * outcome. It never contains a secret (PIN, one-time code, key, key share).
 *
 * @param sequence     position in the log, from 1, without gaps
 * @param time         when it happened (the SDK's clock)
 * @param actor        who
 * @param action       what, as a dotted name such as {@code shield.freeze}
 * @param subject      what it was done to: a shield number, an enterprise id, a masked person reference
 * @param outcome      whether it succeeded or was refused
 * @param details      non-secret details; copied
 * @param previousHash hex SHA-256 of the previous entry's canonical form, 64 zeros for the first
 * @param hash         hex SHA-256 of this entry's canonical form (everything above)
 */
public record AuditEntry(long sequence, Instant time, Actor actor, String action, String subject, Outcome outcome,
                         Map<String, String> details, String previousHash, String hash) {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");

    /** Whether the action took effect. */
    public enum Outcome {
        /** It took effect. */
        SUCCEEDED,
        /** A rule refused it; nothing changed but the refusal is recorded (for example a wrong PIN). */
        REFUSED
    }

    /**
     * Validates and copies.
     * @param sequence position in the log, from 1, without gaps
     * @param time when it happened (the SDK's clock)
     * @param actor who
     * @param action what, as a dotted name such as {@code shield.freeze}
     * @param subject what it was done to: a shield number, an enterprise id, a masked person reference
     * @param outcome whether it succeeded or was refused
     * @param details non-secret details; copied
     * @param previousHash hex SHA-256 of the previous entry's canonical form, 64 zeros for the first
     * @param hash hex SHA-256 of this entry's canonical form (everything above)
     */
    public AuditEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(outcome, "outcome");
        details = Map.copyOf(Objects.requireNonNull(details, "details"));
        Objects.requireNonNull(previousHash, "previousHash");
        Objects.requireNonNull(hash, "hash");
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be at least 1: " + sequence);
        }
        if (!ACTION.matcher(action).matches()) {
            throw new IllegalArgumentException("action must be a dotted lowercase name: " + action);
        }
        if (!HEX64.matcher(previousHash).matches() || !HEX64.matcher(hash).matches()) {
            throw new IllegalArgumentException("hashes must be 64 lowercase hex characters");
        }
    }
}
