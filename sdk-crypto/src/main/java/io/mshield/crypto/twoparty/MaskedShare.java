package io.mshield.crypto.twoparty;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.internal.Sm2Math;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The phone's share at rest, masked by the PIN: m = d1 · h(PIN) mod n, where h maps any PIN into
 * [1, n−1]. The phone stores m and the salt only — no P1, no MAC, nothing that tells a right PIN
 * from a wrong one: every PIN unmasks to some valid scalar, and a wrong one merely yields a
 * signature that the bank finds invalid and counts (R10.6, R5.3).
 */
public final class MaskedShare {
    /** PBKDF2 iterations for a phone; the mapping is the same for any count. */
    public static final int DEFAULT_ITERATIONS = 100_000;

    private final BigInteger masked;
    private final byte[] salt;
    private final int iterations;

    private MaskedShare(BigInteger masked, byte[] salt, int iterations) {
        this.masked = masked;
        this.salt = salt;
        this.iterations = iterations;
    }

    /**
     * Masks a share with a PIN.
     *
     * @param d1         the share
     * @param pin        the PIN's digits (not kept)
     * @param salt       a random per-device salt, 16 bytes or more (copied)
     * @param iterations PBKDF2 iterations
     * @return what the phone stores
     */
    public static MaskedShare mask(BigInteger d1, char[] pin, byte[] salt, int iterations) {
        Sm2Math.requireScalar(d1, "d1");
        Objects.requireNonNull(salt, "salt");
        if (salt.length < 16 || iterations < 1) {
            throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "the salt needs 16 bytes or more and iterations 1 or more");
        }
        return new MaskedShare(d1.multiply(h(pin, salt, iterations)).mod(Sm2Math.N), salt.clone(), iterations);
    }

    /**
     * Unmasks with a PIN. Any PIN gives a scalar in [1, n−1]; only the right one gives d1.
     *
     * @param pin the PIN's digits (not kept)
     * @return the scalar
     */
    public BigInteger unmask(char[] pin) {
        return masked.multiply(Sm2Math.invertSecret(h(pin, salt, iterations))).mod(Sm2Math.N);
    }

    /**
     * h(PIN) = PBKDF2-HMAC-SHA256(PIN, salt, iterations, 512 bits) mod (n − 1) + 1, always in [1, n−1].
     *
     * @param pin        the digits
     * @param salt       the salt
     * @param iterations the iterations
     * @return the mask
     */
    static BigInteger h(char[] pin, byte[] salt, int iterations) {
        Objects.requireNonNull(pin, "pin");
        PBEKeySpec spec = new PBEKeySpec(pin, salt, iterations, 512);
        try {
            byte[] k = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            BigInteger v = new BigInteger(1, k).mod(Sm2Math.N.subtract(BigInteger.ONE)).add(BigInteger.ONE);
            Arrays.fill(k, (byte) 0);
            return v;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is required by every Java platform", e);
        } finally {
            spec.clearPassword();
        }
    }

    /**
     * The masked value, for storage.
     *
     * @return 32 bytes
     */
    public byte[] masked() {
        return Sm2Math.fixed32(masked);
    }

    /**
     * The salt.
     *
     * @return a copy
     */
    public byte[] salt() {
        return salt.clone();
    }

    /**
     * Redacted.
     *
     * @return a text without the masked value
     */
    @Override
    public String toString() {
        return "MaskedShare[" + iterations + " iterations]";
    }
}
