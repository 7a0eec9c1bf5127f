package io.mshield.crypto;

/**
 * Everything cryptographic that sdk-core needs, in one value a bank wires into the builder:
 * {@code .crypto(BouncyCastleCrypto.create(...))}, or its HSM vendor's implementation.
 *
 * <p>Contract: every accessor returns the same non-null instance on every call.
 */
public interface ShieldCrypto {

    /**
     * The bank's key storage.
     *
     * @return never null
     */
    KeyStorage keyStorage();

    /**
     * The CA that issues shield certificates.
     *
     * @return never null
     */
    CertificateAuthority certificateAuthority();

    /**
     * The CSR checker.
     *
     * @return never null
     */
    CsrChecker csrChecker();

    /**
     * Verification and CMS.
     *
     * @return never null
     */
    SignatureService signatures();

    /**
     * The time-stamping authority whose tokens the SDK embeds in evidence. The default offers none;
     * evidence then carries no trusted time and is verified at the time of verification.
     *
     * @return the authority, if any
     */
    default java.util.Optional<TimeStamping> timeStamping() {
        return java.util.Optional.empty();
    }
}
