package io.mshield.core.internal;

import io.mshield.Actor;
import io.mshield.audit.AuditEntry;
import io.mshield.core.internal.audit.AuditChain;
import io.mshield.persistence.Store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One attempt at a transaction: the store, and the audit entries written in it, which are handed
 * to the bank's {@link io.mshield.audit.AuditSink} only after the commit.
 */
public final class Tx {
    private final Store store;
    private final AuditChain chain;
    private final List<AuditEntry> written = new ArrayList<>();

    Tx(Store store, AuditChain chain) {
        this.store = store;
        this.chain = chain;
    }

    /**
     * The store of this transaction.
     *
     * @return the store
     */
    public Store store() {
        return store;
    }

    /**
     * Records a successful transition in the audit log, in this transaction.
     *
     * @param actor   who
     * @param action  what
     * @param subject to what
     * @param details non-secret details
     */
    public void audit(Actor actor, String action, String subject, Map<String, String> details) {
        written.add(chain.append(store, actor, action, subject, AuditEntry.Outcome.SUCCEEDED, details));
    }

    /**
     * Records a refusal that is itself state (a counted wrong PIN), in this transaction.
     *
     * @param actor   who
     * @param action  what
     * @param subject to what
     * @param details non-secret details
     */
    public void auditRefusal(Actor actor, String action, String subject, Map<String, String> details) {
        written.add(chain.append(store, actor, action, subject, AuditEntry.Outcome.REFUSED, details));
    }

    List<AuditEntry> written() {
        return written;
    }
}
