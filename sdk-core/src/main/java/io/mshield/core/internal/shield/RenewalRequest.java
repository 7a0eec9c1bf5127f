package io.mshield.core.internal.shield;

import io.mshield.core.internal.Context;
import io.mshield.core.internal.Tx;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A COLLABORATIVE renewal request the bank co-signed (R3.4, R10.6), one per shield in
 * {@link ShieldServiceImpl#RENEWAL_REQUESTS}: the SHA-256 of the CertificationRequestInfo, the
 * serial of the certificate it renews, when, and whether a renewal used it. Holds no secret.
 *
 * @param shield     the shield number
 * @param infoHash   SHA-256 of the co-signed CertificationRequestInfo, hex
 * @param certSerial the serial of the certificate being renewed, hex
 * @param coSignedAt when the bank co-signed it
 * @param used       whether a renewal consumed it (or its round failed)
 */
public record RenewalRequest(String shield, String infoHash, String certSerial, Instant coSignedAt, boolean used) {
    /**
     * Validates.
     *
     * @param shield     the shield number
     * @param infoHash   the hash
     * @param certSerial the serial
     * @param coSignedAt when
     * @param used       whether used
     */
    public RenewalRequest {
        Objects.requireNonNull(shield, "shield");
        Objects.requireNonNull(infoHash, "infoHash");
        Objects.requireNonNull(certSerial, "certSerial");
        Objects.requireNonNull(coSignedAt, "coSignedAt");
    }

    /**
     * The shield's request, if any.
     *
     * @param ctx    the context
     * @param tx     the transaction
     * @param shield the shield number
     * @return the request
     */
    public static Optional<RenewalRequest> find(Context ctx, Tx tx, String shield) {
        return tx.store().get(ShieldServiceImpl.RENEWAL_REQUESTS, shield).map(d -> {
            Map<?, ?> m = ctx.json().read(d.body(), Map.class);
            return new RenewalRequest(String.valueOf(m.get("shield")), String.valueOf(m.get("infoHash")), String.valueOf(m.get("certSerial")),
                    Instant.parse(String.valueOf(m.get("coSignedAt"))), Boolean.parseBoolean(String.valueOf(m.get("used"))));
        });
    }

    /**
     * Stores it, replacing the shield's earlier request.
     *
     * @param ctx the context
     * @param tx  the transaction
     */
    public void save(Context ctx, Tx tx) {
        byte[] body = ctx.json().write(Map.of("shield", shield, "infoHash", infoHash, "certSerial", certSerial,
                "coSignedAt", coSignedAt.toString(), "used", Boolean.toString(used)));
        var existing = tx.store().get(ShieldServiceImpl.RENEWAL_REQUESTS, shield);
        if (existing.isPresent()) {
            tx.store().update(ShieldServiceImpl.RENEWAL_REQUESTS, shield, existing.get().version(), body, Map.of("shield", shield));
        } else {
            tx.store().insert(ShieldServiceImpl.RENEWAL_REQUESTS, shield, body, Map.of("shield", shield));
        }
    }

    /**
     * Marks it used.
     *
     * @param ctx the context
     * @param tx  the transaction
     */
    public void used(Context ctx, Tx tx) {
        new RenewalRequest(shield, infoHash, certSerial, coSignedAt, true).save(ctx, tx);
    }
}
