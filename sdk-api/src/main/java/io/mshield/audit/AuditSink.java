package io.mshield.audit;

/**
 * An optional copy of the audit log into the bank's own systems (SIEM, archive). The
 * authoritative, hash-chained log lives in {@link io.mshield.persistence.Persistence}; the sink
 * receives each entry after its transaction committed.
 *
 * <p>Contract: thread-safe; quick (queue, don't block); exceptions thrown are logged by the SDK and
 * otherwise ignored, because the committed state must not depend on the copy.
 */
public interface AuditSink {

    /**
     * Receives a committed entry.
     *
     * @param entry the entry
     */
    void accept(AuditEntry entry);
}
