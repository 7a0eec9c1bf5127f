package io.mshield.audit;

import java.util.List;

/**
 * Reading and verifying the audit log. Entries are written by the SDK itself, in the same
 * transaction as the change they record; there is no way to write one from outside.
 */
public interface AuditLog {

    /**
     * Reads entries in order.
     *
     * @param fromSequence the first sequence, from 1
     * @param limit        how many at most, 1 to 1000
     * @return the entries
     */
    List<AuditEntry> read(long fromSequence, int limit);

    /**
     * Recomputes every hash and link from the first entry and checks the chain against the
     * authenticated head seal and every checkpoint in the database: finds a modified, deleted,
     * inserted or reordered entry, entries deleted from the end (truncation), a chain rewritten
     * with recomputed hashes, and a deleted or forged checkpoint. What it cannot find from the
     * database alone is the database rolled back as a whole to an earlier copy; for that, see
     * {@link #verify(List)}.
     *
     * @return the verdict
     */
    default AuditVerification verify() {
        return verify(List.of());
    }

    /**
     * {@link #verify()}, and also against checkpoints the bank kept outside the database (received
     * through {@link AuditSink#acceptCheckpoint(AuditCheckpoint)}): each must be authentic and
     * present in the database, and the chain must still hold the head it names.
     *
     * @param kept checkpoints kept outside the database, in any order; may be empty
     * @return the verdict
     */
    AuditVerification verify(List<AuditCheckpoint> kept);

    /**
     * Reads the checkpoints stored in the database, in order.
     *
     * @param fromNumber the first number, from 1
     * @param limit      how many at most, 1 to 1000
     * @return the checkpoints as stored (not verified)
     */
    List<AuditCheckpoint> checkpoints(long fromNumber, int limit);
}
