package io.mshield.core.internal.shield;

import io.mshield.Actor;
import io.mshield.certificate.RevocationReason;
import io.mshield.core.internal.Context;
import io.mshield.core.internal.Tx;
import io.mshield.core.internal.pin.PinGuard;
import io.mshield.pin.PinCheck;
import io.mshield.shield.ShieldStatus;

import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The one place where a shield's status changes: the transition table of {@link ShieldStatus}
 * is checked, the certificate follows (hold, release, revoke at the CA, R10.4), and the change
 * is written to the audit log in the same transaction (R1.4, ARCHITECTURE "Lifecycle").
 *
 * <p>CA calls happen inside the transaction, before the commit: if the CA fails, the state does
 * not change. They are idempotent, so a transaction retried after a concurrent change, or a
 * commit that fails after the CA call, is repaired by doing the same operation again.
 */
public final class Transitions {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Transitions.class);

    private Transitions() {
    }

    /**
     * Moves a shield to a status, with the certificate effect that status implies.
     *
     * @param ctx     the context
     * @param tx      the transaction
     * @param loaded  the shield as read in this transaction
     * @param target  the new status
     * @param actor   who
     * @param action  the audit action
     * @param details non-secret audit details
     * @return the shield as written
     */
    public static ShieldRepository.Loaded move(Context ctx, Tx tx, ShieldRepository.Loaded loaded, ShieldStatus target,
                                               Actor actor, String action, Map<String, String> details) {
        ShieldState s = loaded.state();
        ShieldStatus from = ShieldStatus.valueOf(s.status);
        from.requireCanBecome(target);
        certificateEffect(ctx, s, from, target);
        s.status = target.name();
        if (target == ShieldStatus.ACTIVE || target == ShieldStatus.REVOKED) {
            s.heldBy = null;
            s.lockedUntil = null;
        }
        long version = ctx.shields().update(tx.store(), loaded);
        Map<String, String> d = new HashMap<>(details);
        d.put("from", from.name());
        d.put("to", target.name());
        tx.audit(actor, action, s.number, d);
        LOG.info("shield {} {} -> {} by {} ({})", s.number, from, target, actor.role(), action);
        return new ShieldRepository.Loaded(s, version);
    }

    private static void certificateEffect(Context ctx, ShieldState s, ShieldStatus from, ShieldStatus to) {
        if (s.certSerial == null) {
            return;
        }
        BigInteger serial = new BigInteger(s.certSerial, 16);
        // exact, not ctx.now(): see Context.exactNow
        Instant now = ctx.exactNow();
        boolean held = from == ShieldStatus.LOST || from == ShieldStatus.FROZEN;
        if (to == ShieldStatus.LOST || to == ShieldStatus.FROZEN) {
            ctx.crypto().certificateAuthority().revoke(serial, RevocationReason.CERTIFICATE_HOLD, now);
        } else if (to == ShieldStatus.ACTIVE && held) {
            ctx.crypto().certificateAuthority().release(serial, now);
        }
    }

    /**
     * Revokes a shield for good with a reason: the status becomes REVOKED and the certificate is
     * revoked at the CA (a hold is first lifted, because RFC 5280 allows a held certificate to be
     * revoked with its final reason).
     *
     * @param ctx    the context
     * @param tx     the transaction
     * @param loaded the shield
     * @param reason the RFC 5280 reason
     * @param actor  who
     * @param action the audit action
     * @return the shield as written
     */
    public static ShieldRepository.Loaded revoke(Context ctx, Tx tx, ShieldRepository.Loaded loaded, RevocationReason reason,
                                                 Actor actor, String action) {
        ShieldState s = loaded.state();
        ShieldStatus.valueOf(s.status).requireCanBecome(ShieldStatus.REVOKED);
        if (s.certSerial != null) {
            BigInteger serial = new BigInteger(s.certSerial, 16);
            ShieldStatus from = ShieldStatus.valueOf(s.status);
            Instant now = ctx.exactNow();
            if (from == ShieldStatus.LOST || from == ShieldStatus.FROZEN) {
                ctx.crypto().certificateAuthority().release(serial, now);
            }
            if (from != ShieldStatus.EXPIRED) {
                ctx.crypto().certificateAuthority().revoke(serial, reason, now);
            }
        }
        ShieldStatus from = ShieldStatus.valueOf(s.status);
        s.status = ShieldStatus.REVOKED.name();
        s.heldBy = null;
        s.lockedUntil = null;
        long version = ctx.shields().update(tx.store(), loaded);
        tx.store().resetCounter(PinGuard.failureCounter(s.number));
        tx.audit(actor, action, s.number, Map.of("from", from.name(), "to", ShieldStatus.REVOKED.name(), "reason", reason.name()));
        return new ShieldRepository.Loaded(s, version);
    }

    /**
     * Locks a shield after its PIN attempts ran out (R5.2).
     *
     * @param ctx    the context
     * @param tx     the transaction
     * @param loaded the shield
     * @param locked the policy's lockout
     * @return the shield as written
     */
    public static ShieldRepository.Loaded lockForPin(Context ctx, Tx tx, ShieldRepository.Loaded loaded, PinCheck.Locked locked) {
        ShieldState s = loaded.state();
        if (locked.until().isPresent()) {
            s.timedFreezes++;
            s.lockedUntil = locked.until().get().toString();
        } else {
            s.lockedUntil = null;
        }
        s.heldBy = Actor.Role.SYSTEM.name();
        Map<String, String> d = new HashMap<>();
        d.put("lockout", locked.action().name());
        locked.until().ifPresent(u -> d.put("until", u.toString()));
        return move(ctx, tx, loaded, ShieldStatus.LOCKED, Actor.system("pin-policy"), "shield.pin_locked", d);
    }

    /**
     * Ends a timed PIN lock whose time has come (seed 004's 24-hour freeze), resetting the
     * failure counter; the count of timed locks stays, so the next lock may be permanent.
     *
     * @param ctx    the context
     * @param tx     the transaction
     * @param loaded the shield
     * @return the shield as it is now
     */
    public static ShieldRepository.Loaded liftExpiredPinLock(Context ctx, Tx tx, ShieldRepository.Loaded loaded) {
        ShieldState s = loaded.state();
        if (ShieldStatus.valueOf(s.status) != ShieldStatus.LOCKED || s.lockedUntil == null
                || ctx.now().isBefore(Instant.parse(s.lockedUntil))) {
            return loaded;
        }
        tx.store().resetCounter(PinGuard.failureCounter(s.number));
        return move(ctx, tx, loaded, ShieldStatus.ACTIVE, Actor.system("pin-policy"), "shield.pin_lock_ended", Map.of());
    }
}
