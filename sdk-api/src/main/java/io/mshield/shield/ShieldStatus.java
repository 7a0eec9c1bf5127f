package io.mshield.shield;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The lifecycle status of a shield and its allowed transitions, written down once here:
 *
 * <table>
 *   <caption>Transitions</caption>
 *   <tr><th>from</th><th>to</th></tr>
 *   <tr><td>{@link #PENDING}</td><td>{@link #ACTIVE} (issued), {@link #REVOKED} (abandoned or voided)</td></tr>
 *   <tr><td>{@link #ACTIVE}</td><td>{@link #LOST}, {@link #FROZEN}, {@link #LOCKED}, {@link #REVOKED},
 *       {@link #EXPIRED}, {@link #INVALID}</td></tr>
 *   <tr><td>{@link #LOST}</td><td>{@link #ACTIVE} (loss report cancelled), {@link #REVOKED},
 *       {@link #EXPIRED}, {@link #INVALID}</td></tr>
 *   <tr><td>{@link #FROZEN}</td><td>{@link #ACTIVE} (unfrozen), {@link #REVOKED}, {@link #EXPIRED},
 *       {@link #INVALID}</td></tr>
 *   <tr><td>{@link #LOCKED}</td><td>{@link #ACTIVE} (PIN reset, or a timed PIN freeze ended),
 *       {@link #REVOKED}, {@link #EXPIRED}, {@link #INVALID}</td></tr>
 *   <tr><td>{@link #EXPIRED}, {@link #INVALID}</td><td>{@link #REVOKED} only: revoke and apply again (R3.7)</td></tr>
 *   <tr><td>{@link #REVOKED}</td><td>none: terminal</td></tr>
 * </table>
 *
 * <p>Decisions beyond the architecture's diagram:
 * <ul>
 *   <li>The PIN freezes of seed 004 (24 hours, then permanent) are {@link #LOCKED} with an end time
 *       or without one (see {@code PinPolicy.lockout}), not {@link #FROZEN}: {@link #FROZEN} is the
 *       administrative freeze of R4.1, lifted only by whoever may unfreeze (R4.4), while a PIN lock
 *       is lifted by time or by a PIN reset. So there is no {@code LOCKED → FROZEN}.</li>
 *   <li>{@link #LOST}, {@link #FROZEN} and {@link #LOCKED} do not lead into one another: otherwise
 *       cancelling a loss report would lift a freeze or a PIN lock that someone else imposed. An
 *       administrator who must act on such a shield revokes it.</li>
 *   <li>A certificate's notAfter passes, and a key can be found gone, whatever the shield's live
 *       status, so {@link #EXPIRED} and {@link #INVALID} are reachable from {@link #ACTIVE},
 *       {@link #LOST}, {@link #FROZEN} and {@link #LOCKED}.</li>
 * </ul>
 * Staying in the same status is not a transition.
 */
public enum ShieldStatus {
    /** Applied for; enrollment is under way, no certificate yet. */
    PENDING,
    /** Usable. The only status in which it may sign. */
    ACTIVE,
    /** Reported lost; certificate on hold; reversible (R4.1, R4.2, R10.4). */
    LOST,
    /** Frozen by an administrator or bank staff; certificate on hold; reversible (R4.1, R10.4). */
    FROZEN,
    /** PIN attempts used up (R5.2); lifted by a reset or the end of a timed freeze, where the policy allows. */
    LOCKED,
    /** Revoked for good; certificate revoked (R3.5, R3.6, R4.1, R1.1). */
    REVOKED,
    /** The certificate's notAfter has passed; only revoke and apply again (R3.4, R3.7). */
    EXPIRED,
    /** The key is gone (firmware update, factory reset); only revoke and apply again (R3.7). */
    INVALID;

    /**
     * The statuses this one may change to.
     *
     * @return an unmodifiable set, empty for {@link #REVOKED}
     */
    public Set<ShieldStatus> next() {
        return switch (this) {
            case PENDING -> Set.of(ACTIVE, REVOKED);
            case ACTIVE -> Set.of(LOST, FROZEN, LOCKED, REVOKED, EXPIRED, INVALID);
            case LOST, FROZEN, LOCKED -> Set.of(ACTIVE, REVOKED, EXPIRED, INVALID);
            case EXPIRED, INVALID -> Set.of(REVOKED);
            case REVOKED -> Set.of();
        };
    }

    /**
     * Whether this status may change to another.
     *
     * @param target the status wanted
     * @return true if the transition is in the table
     */
    public boolean canBecome(ShieldStatus target) {
        Objects.requireNonNull(target, "target");
        return next().contains(target);
    }

    /**
     * Checks a transition.
     *
     * @param target the status wanted
     * @throws ShieldException with {@link ErrorCode#ILLEGAL_STATE} if the transition is not allowed
     */
    public void requireCanBecome(ShieldStatus target) {
        if (!canBecome(target)) {
            Set<ShieldStatus> allowed = next();
            throw new ShieldException(ErrorCode.ILLEGAL_STATE, "a shield cannot go from " + this + " to " + target
                    + "; allowed: " + (allowed.isEmpty() ? "none" : EnumSet.copyOf(allowed).toString()));
        }
    }

    /**
     * Whether a shield in this status may sign or co-sign.
     *
     * @return true only for {@link #ACTIVE}
     */
    public boolean canSign() {
        return this == ACTIVE;
    }

    /**
     * Whether no transition leaves this status.
     *
     * @return true only for {@link #REVOKED}
     */
    public boolean isTerminal() {
        return next().isEmpty();
    }
}
