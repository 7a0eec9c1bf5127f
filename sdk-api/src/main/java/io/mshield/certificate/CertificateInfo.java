package io.mshield.certificate;

import java.time.Instant;
import java.util.Objects;

/**
 * What a holder sees of a shield's certificate (R3.1).
 *
 * @param serialHex  the serial number in lowercase hex
 * @param subject    the subject distinguished name (RFC 4514)
 * @param notBefore  start of validity
 * @param notAfter   end of validity
 * @param status     the certificate's status
 */
public record CertificateInfo(String serialHex, String subject, Instant notBefore, Instant notAfter, CertificateStatus status) {
    /**
     * Validates.
     * @param serialHex the serial number in lowercase hex
     * @param subject the subject distinguished name (RFC 4514)
     * @param notBefore start of validity
     * @param notAfter end of validity
     * @param status the certificate's status
     */
    public CertificateInfo {
        Objects.requireNonNull(serialHex, "serialHex");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(status, "status");
        if (!serialHex.matches("[0-9a-f]{1,40}")) {
            throw new IllegalArgumentException("serialHex must be 1-40 lowercase hex characters");
        }
    }
}
