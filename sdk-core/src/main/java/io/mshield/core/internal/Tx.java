package io.mshield.core.internal;

import io.mshield.Actor;
import io.mshield.audit.AuditCheckpoint;
import io.mshield.audit.AuditEntry;
import io.mshield.core.internal.audit.AuditChain;
import io.mshield.persistence.Store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One attempt at a transaction: the store, and the audit entries written in it, which are handed
 * to the bank's {@link io.mshield.audit.AuditSink} only after the commit, with the checkpoints
 * they triggered.
 */
public final class Tx {
    private final Store store;
    private final AuditChain chain;
    private final List<AuditEntry> written = new ArrayList<>();
    private final List<AuditCheckpoint> checkpoints = new ArrayList<>();

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
        record(chain.append(store, actor, action, subject, AuditEntry.Outcome.SUCCEEDED, withScope(actor, details)));
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
        record(chain.append(store, actor, action, subject, AuditEntry.Outcome.REFUSED, withScope(actor, details)));
    }

    /**
     * Whom the actor acted for, with bank staff's identity verification reference (R4.3), added to
     * the details: the enterprise (and the masked ID number the filing was checked against), or
     * the branch and the verification.
     */
    private static Map<String, String> withScope(Actor actor, Map<String, String> details) {
        Map<String, String> out = new HashMap<>(details);
        if (actor.actsFor() instanceof Actor.ActsFor.Enterprise e) {
            out.putIfAbsent("actorEnterprise", e.enterprise().value());
            out.putIfAbsent("actorPerson", e.person().masked());
        } else if (actor.actsFor() instanceof Actor.ActsFor.Branch b) {
            out.putIfAbsent("actorBranch", b.branch());
            out.putIfAbsent("verification", b.verification());
        }
        return out;
    }

    private void record(AuditChain.Appended appended) {
        written.add(appended.entry());
        appended.checkpoint().ifPresent(checkpoints::add);
    }

    List<AuditEntry> written() {
        return written;
    }

    List<AuditCheckpoint> checkpoints() {
        return checkpoints;
    }
}
