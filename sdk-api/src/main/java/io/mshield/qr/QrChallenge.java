package io.mshield.qr;

import io.mshield.identity.ShieldNumber;
import io.mshield.transaction.AuthorizationId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A QR challenge as the bank sees it.
 *
 * @param id            the challenge id
 * @param purpose       login or sign
 * @param origin        where the request came from (the PC page, its address), shown to the holder
 * @param displayText   what the holder is asked to approve
 * @param state         where it is in its life
 * @param createdAt     when the bank created it
 * @param expiresAt     when it expires
 * @param payload       the text for the QR code
 * @param shield        the shield that scanned it, once scanned
 * @param authorization the signing authorization opened at the scan, once scanned
 * @param signatureId   the id of the accepted signature in the history, once approved
 */
public record QrChallenge(String id, QrPurpose purpose, String origin, String displayText, QrState state, Instant createdAt,
                          Instant expiresAt, String payload, Optional<ShieldNumber> shield,
                          Optional<AuthorizationId> authorization, Optional<String> signatureId) {
    /**
     * Validates.
     *
     * @param id            the id
     * @param purpose       the purpose
     * @param origin        the origin
     * @param displayText   the text
     * @param state         the state
     * @param createdAt     created
     * @param expiresAt     expires
     * @param payload       the payload
     * @param shield        the shield
     * @param authorization the authorization
     * @param signatureId   the signature
     */
    public QrChallenge {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(displayText, "displayText");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(shield, "shield");
        Objects.requireNonNull(authorization, "authorization");
        Objects.requireNonNull(signatureId, "signatureId");
    }
}
