package io.mshield.crypto.internal;

import io.mshield.certificate.RevocationReason;
import io.mshield.crypto.RevocationStatus;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The revocation status at a time from revocation data captured at signing (DER CRLs), as evidence
 * carries it: only a CRL signed by the certificate's issuer, naming that issuer, whose period
 * covers the time ({@code thisUpdate <= time <= nextUpdate}) counts; an entry with the reason
 * removeFromCRL (a hold released) means good. Data that is not such a CRL is
 * ignored (the verifier then asks the CA); nothing here throws.
 */
final class EmbeddedRevocation {
    private static final int MAX_CRL_BYTES = 1024 * 1024;

    private EmbeddedRevocation() {
    }

    /**
     * The status from the first covering CRL.
     *
     * @param data        the captured revocation data
     * @param certificate the certificate
     * @param issuer      its issuer's certificate
     * @param at          the time
     * @return the status, or empty when no captured CRL covers the time
     */
    static Optional<RevocationStatus> status(List<byte[]> data, X509Certificate certificate, X509Certificate issuer, Instant at) {
        for (byte[] der : data) {
            if (der == null || der.length > MAX_CRL_BYTES) {
                continue;
            }
            X509CRL crl;
            try {
                crl = (X509CRL) CertificateFactory.getInstance("X.509", Bc.provider()).generateCRL(new ByteArrayInputStream(der));
                if (!crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
                    continue;
                }
                crl.verify(issuer.getPublicKey(), Bc.provider());
            } catch (Exception e) {
                continue;
            }
            Instant thisUpdate = crl.getThisUpdate().toInstant();
            if (at.isBefore(thisUpdate) || crl.getNextUpdate() == null || at.isAfter(crl.getNextUpdate().toInstant())) {
                continue;
            }
            X509CRLEntry entry = crl.getRevokedCertificate(certificate.getSerialNumber());
            if (entry == null || entry.getRevocationDate().toInstant().isAfter(at)) {
                return Optional.of(RevocationStatus.good());
            }
            RevocationReason reason;
            try {
                reason = entry.getRevocationReason() == null ? RevocationReason.UNSPECIFIED
                        : RevocationReason.ofCode(entry.getRevocationReason().ordinal());
            } catch (RuntimeException e) {
                reason = RevocationReason.UNSPECIFIED;
            }
            if (reason == RevocationReason.REMOVE_FROM_CRL) {
                // RFC 5280 5.3.1: the certificate was released from hold and is not revoked; the
                // entry's date is the release, after which signatures are good again
                return Optional.of(RevocationStatus.good());
            }
            return Optional.of(RevocationStatus.revoked(reason, entry.getRevocationDate().toInstant()));
        }
        return Optional.empty();
    }
}
