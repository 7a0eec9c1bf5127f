package io.mshield.certificate;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The status of a shield certificate and its allowed transitions, checked in one place:
 *
 * <table>
 *   <caption>Transitions</caption>
 *   <tr><th>from</th><th>to</th><th>when</th></tr>
 *   <tr><td>{@link #ACTIVE}</td><td>{@link #ON_HOLD}</td><td>loss report or freeze (R10.4)</td></tr>
 *   <tr><td>{@link #ACTIVE}</td><td>{@link #REVOKED}</td><td>void, reissue, self-revoke, permission withdrawn</td></tr>
 *   <tr><td>{@link #ACTIVE}</td><td>{@link #EXPIRED}</td><td>notAfter passes</td></tr>
 *   <tr><td>{@link #ON_HOLD}</td><td>{@link #ACTIVE}</td><td>loss report cancelled, unfrozen</td></tr>
 *   <tr><td>{@link #ON_HOLD}</td><td>{@link #REVOKED}</td><td>revoked while on hold</td></tr>
 *   <tr><td>{@link #ON_HOLD}</td><td>{@link #EXPIRED}</td><td>notAfter passes while on hold</td></tr>
 * </table>
 * {@link #REVOKED} and {@link #EXPIRED} are terminal: an expired certificate cannot be renewed or
 * revived (R3.4); the holder revokes the shield and applies again. Staying in the same status is
 * not a transition.
 */
public enum CertificateStatus {
    /** Valid: signatures verify as good. */
    ACTIVE,
    /** Suspended ({@link RevocationReason#CERTIFICATE_HOLD}); reversible. */
    ON_HOLD,
    /** Revoked for good. */
    REVOKED,
    /** Past its notAfter. */
    EXPIRED;

    /**
     * The statuses this one may change to.
     *
     * @return an unmodifiable set, empty for terminal statuses
     */
    public Set<CertificateStatus> next() {
        return switch (this) {
            case ACTIVE -> Set.of(ON_HOLD, REVOKED, EXPIRED);
            case ON_HOLD -> Set.of(ACTIVE, REVOKED, EXPIRED);
            case REVOKED, EXPIRED -> Set.of();
        };
    }

    /**
     * Whether this status may change to another.
     *
     * @param target the status wanted
     * @return true if the transition is in the table
     */
    public boolean canBecome(CertificateStatus target) {
        Objects.requireNonNull(target, "target");
        return next().contains(target);
    }

    /**
     * Checks a transition.
     *
     * @param target the status wanted
     * @throws ShieldException with {@link ErrorCode#ILLEGAL_STATE} if the transition is not allowed
     */
    public void requireCanBecome(CertificateStatus target) {
        if (!canBecome(target)) {
            throw new ShieldException(ErrorCode.ILLEGAL_STATE,
                    "a certificate cannot go from " + this + " to " + target + "; allowed: " + sorted(next()));
        }
    }

    /**
     * Whether no transition leaves this status.
     *
     * @return true for {@link #REVOKED} and {@link #EXPIRED}
     */
    public boolean isTerminal() {
        return next().isEmpty();
    }

    private static Set<CertificateStatus> sorted(Set<CertificateStatus> s) {
        return s.isEmpty() ? EnumSet.noneOf(CertificateStatus.class) : EnumSet.copyOf(s);
    }
}
