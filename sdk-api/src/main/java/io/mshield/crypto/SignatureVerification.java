package io.mshield.crypto;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of verifying a CMS signature with its path and revocation status.
 *
 * @param valid       true when digest, signature, path, key usage and revocation all pass
 * @param signer      the signer's certificate, when it could be found
 * @param chain       the validated path from the signer to the trust anchor, empty when invalid
 * @param signingTime the signed signing-time attribute
 * @param revocation  the signer's status at the signing time
 * @param failure     why it is invalid; empty when valid
 */
public record SignatureVerification(boolean valid, Optional<X509Certificate> signer, List<X509Certificate> chain,
                                    Optional<Instant> signingTime, RevocationStatus revocation,
                                    Optional<String> failure) {
    /**
     * Validates and copies.
     * @param valid true when digest, signature, path, key usage and revocation all pass
     * @param signer the signer's certificate, when it could be found
     * @param chain the validated path from the signer to the trust anchor, empty when invalid
     * @param signingTime the signed signing-time attribute
     * @param revocation the signer's status at the signing time
     * @param failure why it is invalid; empty when valid
     */
    public SignatureVerification {
        Objects.requireNonNull(signer, "signer");
        chain = List.copyOf(Objects.requireNonNull(chain, "chain"));
        Objects.requireNonNull(signingTime, "signingTime");
        Objects.requireNonNull(revocation, "revocation");
        Objects.requireNonNull(failure, "failure");
        if (valid == failure.isPresent()) {
            throw new IllegalArgumentException("failure is present exactly when invalid");
        }
    }
}
