package io.mshield.audit;

import java.util.Objects;
import java.util.Optional;

/**
 * The result of verifying the audit log: its hash chain, its authenticated head seal and its
 * checkpoints (those in the database and those the bank kept).
 *
 * @param entriesChecked     how many entries were read
 * @param checkpointsChecked how many checkpoints were checked (the database's and the bank's kept ones)
 * @param intact             true when every entry's hash and link are right, sequences have no gaps,
 *                           and the seal and every checkpoint agree with the chain
 * @param firstBadEntry      the sequence of the first entry that fails (for truncation: the first
 *                           one missing), when not intact
 * @param finding            what kind of damage was found, when not intact
 * @param problem            a sentence saying what is wrong, when not intact
 */
public record AuditVerification(long entriesChecked, long checkpointsChecked, boolean intact, Optional<Long> firstBadEntry,
                                Optional<Finding> finding, Optional<String> problem) {

    /** The kinds of damage {@link AuditLog#verify()} tells apart. */
    public enum Finding {
        /** An entry's content no longer matches its own hash. */
        MODIFIED,
        /** An entry is missing, inserted or moved inside the log (a gap or a broken link). */
        LINK_BROKEN,
        /** Entries that a seal or checkpoint covered are gone from the end of the log. */
        TRUNCATED,
        /** The chain is self-consistent but differs from what a seal or checkpoint authenticated. */
        REWRITTEN,
        /** Entries follow the newest authenticated head that the SDK did not write. */
        UNSEALED_ENTRIES,
        /** The head seal is missing although the log has entries. */
        SEAL_MISSING,
        /** A checkpoint is missing: a gap among the checkpoints, or one the seal or the bank's copies name. */
        CHECKPOINT_MISSING,
        /** A seal or checkpoint whose authenticator is wrong, or a checkpoint that does not link to the previous one. */
        FORGED,
        /** The SDK noticed, when it appended, that the log did not end where its seal said; the sequence is where. */
        TAMPERING_NOTICED,
        /** An entry, seal or checkpoint cannot be read. */
        UNREADABLE
    }

    /**
     * Validates the fields.
     *
     * @param entriesChecked     how many entries were read
     * @param checkpointsChecked how many checkpoints were checked
     * @param intact             true when nothing is wrong
     * @param firstBadEntry      the sequence of the first entry that fails, when not intact
     * @param finding            what kind of damage, when not intact
     * @param problem            what is wrong, when not intact
     * @throws IllegalArgumentException when a count is negative, or firstBadEntry, finding and problem
     *                                  are not present exactly when not intact
     */
    public AuditVerification {
        Objects.requireNonNull(firstBadEntry, "firstBadEntry");
        Objects.requireNonNull(finding, "finding");
        Objects.requireNonNull(problem, "problem");
        if (entriesChecked < 0 || checkpointsChecked < 0) {
            throw new IllegalArgumentException("counts cannot be negative");
        }
        if (intact == firstBadEntry.isPresent() || intact == finding.isPresent() || intact == problem.isPresent()) {
            throw new IllegalArgumentException("firstBadEntry, finding and problem are present exactly when not intact");
        }
    }

    /**
     * An intact log.
     *
     * @param entriesChecked     how many entries were read
     * @param checkpointsChecked how many checkpoints were checked
     * @return the verdict
     */
    public static AuditVerification intact(long entriesChecked, long checkpointsChecked) {
        return new AuditVerification(entriesChecked, checkpointsChecked, true, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * A damaged log.
     *
     * @param entriesChecked     how many entries were read
     * @param checkpointsChecked how many checkpoints were checked
     * @param firstBadEntry      the first entry that fails or is missing
     * @param finding            what kind of damage
     * @param problem            what is wrong, in a sentence
     * @return the verdict
     */
    public static AuditVerification broken(long entriesChecked, long checkpointsChecked, long firstBadEntry, Finding finding,
                                            String problem) {
        return new AuditVerification(entriesChecked, checkpointsChecked, false, Optional.of(firstBadEntry),
                Optional.of(Objects.requireNonNull(finding, "finding")), Optional.of(Objects.requireNonNull(problem, "problem")));
    }
}
