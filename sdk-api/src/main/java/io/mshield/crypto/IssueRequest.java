package io.mshield.crypto;

import java.security.PublicKey;
import java.time.Instant;
import java.util.Objects;

/**
 * What the CA needs to issue a shield certificate.
 *
 * @param subjectKey the checked public key from the CSR
 * @param algorithm  the key's algorithm; decides the issuing CA
 * @param subject    the holder
 * @param notBefore  start of validity
 * @param notAfter   end of validity, after notBefore
 * @param requestId  the idempotency key: issuing twice with the same id returns the same certificate (R2.10)
 */
public record IssueRequest(PublicKey subjectKey, KeyAlgorithm algorithm, CertificateSubject subject,
                           Instant notBefore, Instant notAfter, String requestId) {
    /**
     * Validates the fields.
     * @param subjectKey the checked public key from the CSR
     * @param algorithm the key's algorithm; decides the issuing CA
     * @param subject the holder
     * @param notBefore start of validity
     * @param notAfter end of validity, after notBefore
     * @param requestId the idempotency key: issuing twice with the same id returns the same certificate (R2.10)
     */
    public IssueRequest {
        Objects.requireNonNull(subjectKey, "subjectKey");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(requestId, "requestId");
        if (!notAfter.isAfter(notBefore)) {
            throw new io.mshield.ShieldException(io.mshield.ErrorCode.INVALID_ARGUMENT, "notAfter must be after notBefore");
        }
        if (requestId.isBlank() || requestId.length() > 128) {
            throw new io.mshield.ShieldException(io.mshield.ErrorCode.INVALID_ARGUMENT, "requestId must be 1-128 characters");
        }
    }
}
