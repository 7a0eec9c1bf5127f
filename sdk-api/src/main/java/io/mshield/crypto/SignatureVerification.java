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
 * @param revocation  the signer's status at the time of the checks
 * @param failure     why it is invalid; empty when valid
 * @param checkedAt   the time at which path and revocation were checked
 * @param timeSource  where that time came from
 * @param revocationSource where the revocation status came from
 */
public record SignatureVerification(boolean valid, Optional<X509Certificate> signer, List<X509Certificate> chain,
                                    Optional<Instant> signingTime, RevocationStatus revocation,
                                    Optional<String> failure, Optional<Instant> checkedAt, TimeSource timeSource,
                                    RevocationSource revocationSource) {

    /** Where the time of the checks came from. */
    public enum TimeSource {
        /** A valid RFC 3161 signature-time-stamp token in the CMS. */
        TIME_STAMP_TOKEN,
        /** No valid token: the time of verification. */
        VERIFICATION_TIME
    }

    /** Where the revocation status came from. */
    public enum RevocationSource {
        /** Revocation data captured at signing and embedded in the evidence. */
        EMBEDDED,
        /** The certificate authority's current records, asked for the status at the time of the checks. */
        CERTIFICATE_AUTHORITY,
        /** Not checked: the verification failed before. */
        NOT_CHECKED
    }

    /**
     * The outcome without a statement of time and revocation source: the time unknown, the
     * source {@link RevocationSource#NOT_CHECKED} when invalid and
     * {@link RevocationSource#CERTIFICATE_AUTHORITY} when valid.
     *
     * @param valid       true when everything passes
     * @param signer      the signer's certificate, when it could be found
     * @param chain       the validated path, empty when invalid
     * @param signingTime the signed signing-time attribute
     * @param revocation  the signer's status
     * @param failure     why it is invalid; empty when valid
     */
    public SignatureVerification(boolean valid, Optional<X509Certificate> signer, List<X509Certificate> chain,
                                 Optional<Instant> signingTime, RevocationStatus revocation, Optional<String> failure) {
        this(valid, signer, chain, signingTime, revocation, failure, Optional.empty(), TimeSource.VERIFICATION_TIME,
                valid ? RevocationSource.CERTIFICATE_AUTHORITY : RevocationSource.NOT_CHECKED);
    }
    /**
     * Validates and copies.
     * @param valid true when digest, signature, path, key usage and revocation all pass
     * @param signer the signer's certificate, when it could be found
     * @param chain the validated path from the signer to the trust anchor, empty when invalid
     * @param signingTime the signed signing-time attribute
     * @param revocation the signer's status at the time of the checks
     * @param failure why it is invalid; empty when valid
     * @param checkedAt the time at which path and revocation were checked
     * @param timeSource where that time came from
     * @param revocationSource where the revocation status came from
     */
    public SignatureVerification {
        Objects.requireNonNull(checkedAt, "checkedAt");
        Objects.requireNonNull(timeSource, "timeSource");
        Objects.requireNonNull(revocationSource, "revocationSource");
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
