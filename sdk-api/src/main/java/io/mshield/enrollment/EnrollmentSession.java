package io.mshield.enrollment;

import io.mshield.identity.ShieldNumber;

import java.time.Instant;
import java.util.Objects;

/**
 * The state of an enrollment session as the bank's app back end sees it.
 *
 * @param id           the session
 * @param shieldNumber the number reserved for the shield (R2.6)
 * @param next         the step that may run next
 * @param expiresAt    when the session ends if not finished
 */
public record EnrollmentSession(EnrollmentId id, ShieldNumber shieldNumber, EnrollmentStep next, Instant expiresAt) {
    /**
     * Validates.
     * @param id the session
     * @param shieldNumber the number reserved for the shield (R2.6)
     * @param next the step that may run next
     * @param expiresAt when the session ends if not finished
     */
    public EnrollmentSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(shieldNumber, "shieldNumber");
        Objects.requireNonNull(next, "next");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
