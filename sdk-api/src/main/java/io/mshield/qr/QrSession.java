package io.mshield.qr;

/**
 * A QR challenge as its creator receives it: the challenge to show, and the poll secret that only
 * the creating page gets (R7.2). Hand {@code pollSecret} to that page alone; it is needed to poll
 * ({@link QrService#poll}) and to take the result ({@link QrService#consume}).
 *
 * @param challenge  the challenge, CREATED
 * @param pollSecret the poll secret (redacted in {@code toString})
 */
public record QrSession(QrChallenge challenge, PollSecret pollSecret) {
    /**
     * Validates.
     *
     * @param challenge  the challenge
     * @param pollSecret the secret
     */
    public QrSession {
        java.util.Objects.requireNonNull(challenge, "challenge");
        PollSecret.requireNonNull(pollSecret);
    }
}
