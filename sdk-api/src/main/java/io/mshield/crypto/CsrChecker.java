package io.mshield.crypto;

import java.security.PublicKey;
import java.util.Objects;
import java.util.Set;

/**
 * The bank's check of a PKCS#10 certificate request from a phone (R10.2).
 *
 * <p>Contract: any malformed, oversized or disallowed request — including input that makes a
 * parser fail in any way — yields {@link io.mshield.ShieldException} with
 * {@link io.mshield.ErrorCode#CSR_INVALID}, never another exception. A null argument is not a
 * request: it throws {@link NullPointerException} naming the argument. Thread-safe.
 */
public interface CsrChecker {

    /**
     * What the request must satisfy.
     *
     * @param allowed    the algorithms the bank accepts for this shield
     * @param commonName the enrolled holder's name, which the subject's CN must equal
     * @param maxBytes   the size cap of the DER encoding
     */
    record Expectation(Set<KeyAlgorithm> allowed, String commonName, int maxBytes) {
        /**
         * Validates and copies.
         * @param allowed the algorithms the bank accepts for this shield
         * @param commonName the enrolled holder's name, which the subject's CN must equal
         * @param maxBytes the size cap of the DER encoding
         */
        public Expectation {
            allowed = Set.copyOf(Objects.requireNonNull(allowed, "allowed"));
            Objects.requireNonNull(commonName, "commonName");
            if (allowed.isEmpty() || maxBytes < 64) {
                throw new io.mshield.ShieldException(io.mshield.ErrorCode.INVALID_ARGUMENT,
                        "allowed must not be empty and maxBytes must be at least 64");
            }
        }
    }

    /**
     * A request that passed.
     *
     * @param publicKey the requested key
     * @param algorithm its algorithm
     */
    record CheckedCsr(PublicKey publicKey, KeyAlgorithm algorithm) {
        /**
         * Validates the fields.
         * @param publicKey the requested key
         * @param algorithm its algorithm
         */
        public CheckedCsr {
            Objects.requireNonNull(publicKey, "publicKey");
            Objects.requireNonNull(algorithm, "algorithm");
        }
    }

    /**
     * Parses and checks a request: proof of possession, algorithm/curve/size allowlist (no
     * explicit EC parameters, no secp256k1, no RSA below 2048, no SHA-1), subject, size.
     *
     * @param der         the DER-encoded request
     * @param expectation what it must satisfy
     * @return the checked key
     * @throws io.mshield.ShieldException {@link io.mshield.ErrorCode#CSR_INVALID} for any non-null
     *         request that is not accepted
     * @throws NullPointerException when {@code der} or {@code expectation} is null
     */
    CheckedCsr check(byte[] der, Expectation expectation);
}
