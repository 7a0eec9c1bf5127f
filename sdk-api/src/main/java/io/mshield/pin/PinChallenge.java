package io.mshield.pin;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A one-time challenge the bank issues before the app sends a PIN block (R5.4): the app
 * encrypts the PIN together with the nonce to the bank's PIN key; the bank accepts the block
 * once, before {@code expiresAt}.
 *
 * @param id        the challenge's id
 * @param nonce     16 or more random bytes; copied
 * @param expiresAt the end of validity
 * @param pinKey    the bank's PIN encryption public key, X.509 SubjectPublicKeyInfo DER; copied
 */
public record PinChallenge(String id, byte[] nonce, Instant expiresAt, byte[] pinKey) {
    /**
     * Validates and copies.
     * @param id the challenge's id
     * @param nonce 16 or more random bytes; copied
     * @param expiresAt the end of validity
     * @param pinKey the bank's PIN encryption public key, X.509 SubjectPublicKeyInfo DER; copied
     */
    public PinChallenge {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(expiresAt, "expiresAt");
        nonce = Objects.requireNonNull(nonce, "nonce").clone();
        pinKey = Objects.requireNonNull(pinKey, "pinKey").clone();
        if (nonce.length < 16) {
            throw new IllegalArgumentException("nonce must have at least 16 bytes");
        }
    }

    /**
     * The nonce.
     *
     * @return a copy
     */
    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    /**
     * The bank's PIN key.
     *
     * @return a copy
     */
    @Override
    public byte[] pinKey() {
        return pinKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PinChallenge c && id.equals(c.id) && Arrays.equals(nonce, c.nonce)
                && expiresAt.equals(c.expiresAt) && Arrays.equals(pinKey, c.pinKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, Arrays.hashCode(nonce), expiresAt, Arrays.hashCode(pinKey));
    }

    @Override
    public String toString() {
        return "PinChallenge[id=" + id + ", expiresAt=" + expiresAt + "]";
    }
}
