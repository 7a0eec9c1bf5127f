package io.mshield.crypto;

import io.mshield.certificate.RevocationReason;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A certificate's revocation status at a point in time, as a CRL or an OCSP response tells it.
 *
 * @param state     good, revoked (a hold counts as revoked while it lasts) or unknown
 * @param reason    the reason when revoked
 * @param revokedAt the revocation time when revoked
 */
public record RevocationStatus(State state, Optional<RevocationReason> reason, Optional<Instant> revokedAt) {
    /** The three answers of OCSP. */
    public enum State {
        /** Not revoked at that time. */
        GOOD,
        /** Revoked or on hold at that time. */
        REVOKED,
        /** Not issued by this CA. */
        UNKNOWN
    }

    /**
     * Validates the fields: a reason and a time exactly when revoked.
     * @param state good, revoked (a hold counts as revoked while it lasts) or unknown
     * @param reason the reason when revoked
     * @param revokedAt the revocation time when revoked
     */
    public RevocationStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(revokedAt, "revokedAt");
        if ((state == State.REVOKED) != (reason.isPresent() && revokedAt.isPresent())) {
            throw new IllegalArgumentException("reason and revokedAt are present exactly when revoked");
        }
    }

    /**
     * The good status.
     *
     * @return a status with state GOOD
     */
    public static RevocationStatus good() {
        return new RevocationStatus(State.GOOD, Optional.empty(), Optional.empty());
    }

    /**
     * The unknown status.
     *
     * @return a status with state UNKNOWN
     */
    public static RevocationStatus unknown() {
        return new RevocationStatus(State.UNKNOWN, Optional.empty(), Optional.empty());
    }

    /**
     * A revoked status.
     *
     * @param reason    why
     * @param revokedAt since when
     * @return a status with state REVOKED
     */
    public static RevocationStatus revoked(RevocationReason reason, Instant revokedAt) {
        return new RevocationStatus(State.REVOKED, Optional.of(reason), Optional.of(revokedAt));
    }
}
