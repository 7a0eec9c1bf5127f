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
     * Recomputes every hash and link from the first entry: finds a modified, deleted, inserted
     * or reordered entry.
     *
     * @return the verdict
     */
    AuditVerification verify();
}
