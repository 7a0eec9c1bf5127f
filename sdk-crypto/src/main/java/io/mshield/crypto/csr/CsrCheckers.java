package io.mshield.crypto.csr;

import io.mshield.crypto.CsrChecker;
import io.mshield.crypto.internal.csr.BouncyCastleCsrChecker;

/**
 * Factory of the SDK's {@link CsrChecker}.
 */
public final class CsrCheckers {
    private CsrCheckers() {
    }

    /**
     * The strict BouncyCastle checker. It accepts a DER request of at most the expected size
     * whose key is SM2 (named curve sm2p256v1), P-256 (named curve, uncompressed point), Ed25519,
     * or RSA with a 2048-, 3072- or 4096-bit modulus and the exponent 65537 (docs/crypto.md); whose
     * signature is SM3withSM2 (default user ID {@code 1234567812345678}), ECDSA with SHA-256,
     * Ed25519, or SHA-256 with RSA (PKCS#1 v1.5 or PSS with MGF1-SHA-256 and a 32-byte salt),
     * matching the key, and verifies (proof of possession); and whose subject has exactly one CN,
     * equal to the expected name. Anything else — explicit EC parameters, secp256k1 or another
     * curve, RSA below 2048 bits, SHA-1, MD5, BER, trailing bytes, any parser failure — throws
     * {@link io.mshield.ShieldException} with {@link io.mshield.ErrorCode#CSR_INVALID}.
     *
     * @return an immutable, thread-safe checker
     */
    public static CsrChecker create() {
        return new BouncyCastleCsrChecker();
    }
}
