package io.mshield.audit;

/**
 * An optional copy of the audit log into the bank's own systems (SIEM, archive). The
 * authoritative, hash-chained log lives in {@link io.mshield.persistence.Persistence}; the sink
 * receives each entry, and each {@link AuditCheckpoint}, after its transaction committed.
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

    /**
     * Receives a committed checkpoint (see {@link CheckpointPolicy}). A bank that keeps these outside
     * the database can later give them to {@link AuditLog#verify(java.util.List)}, which then also
     * finds a database rolled back as a whole. The default does nothing.
     *
     * @param checkpoint the checkpoint
     */
    default void acceptCheckpoint(AuditCheckpoint checkpoint) {
    }
}
