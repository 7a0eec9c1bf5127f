package io.mshield.crypto;

import io.mshield.certificate.RevocationReason;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * The bank's CA for shield certificates (R10.2): issues, revokes, and publishes status by CRL
 * and OCSP.
 *
 * <p>Contract: thread-safe; MUST NOT return null; issuance is idempotent by
 * {@link IssueRequest#requestId()}; serial numbers are random and at least 64 bits (ours: 128);
 * revocation is idempotent for the same reason; a hold ({@link RevocationReason#CERTIFICATE_HOLD})
 * can be lifted by {@link #release}, any other reason is final and a later call with another
 * reason throws {@link io.mshield.ErrorCode#ILLEGAL_STATE}. Unknown serials throw
 * {@link io.mshield.ErrorCode#CERTIFICATE_INVALID}.
 */
public interface CertificateAuthority {

    /**
     * Issues a shield certificate: digitalSignature and nonRepudiation, SKI/AKI, CRL distribution
     * point and OCSP URL.
     *
     * @param request what to issue
     * @return the certificate
     */
    X509Certificate issue(IssueRequest request);

    /**
     * The chain above a leaf of this family: the issuing CA first, the root last.
     *
     * @param family the key family
     * @return an unmodifiable list of at least one certificate
     */
    List<X509Certificate> chain(KeyAlgorithm.Family family);

    /**
     * Revokes or holds a certificate.
     *
     * @param serial the certificate's serial number
     * @param reason why; {@link RevocationReason#REMOVE_FROM_CRL} is refused here, use {@link #release}
     * @param at     the revocation time
     */
    void revoke(BigInteger serial, RevocationReason reason, Instant at);

    /**
     * Lifts a hold (loss cancelled, shield unfrozen): the certificate is good again and the next
     * CRL lists it with {@link RevocationReason#REMOVE_FROM_CRL} until its expiry.
     *
     * @param serial the certificate's serial number
     * @param at     the time of release
     */
    void release(BigInteger serial, Instant at);

    /**
     * The status of a certificate at a time.
     *
     * @param serial the serial number
     * @param at     the time
     * @return the status; UNKNOWN for a serial this CA never issued
     */
    RevocationStatus status(BigInteger serial, Instant at);

    /**
     * A new numbered CRL of the family's issuing CA, with thisUpdate now and a nextUpdate.
     *
     * @param family the key family
     * @return the DER-encoded CRL
     */
    byte[] crl(KeyAlgorithm.Family family);

    /**
     * The family's CRL as currently published: the last one this CA issued while it still reflects
     * every revocation, hold and release and is younger than the CA's publication interval; a new
     * one, as by {@link #crl(KeyAlgorithm.Family)}, otherwise. Signature evidence embeds this one,
     * so that recording a signature does not make the CA sign a CRL. The default issues a new CRL
     * each time.
     *
     * @param family the key family
     * @return the DER-encoded CRL
     */
    default byte[] currentCrl(KeyAlgorithm.Family family) {
        return crl(family);
    }

    /**
     * Answers an OCSP request (RFC 6960) for certificates of this CA.
     *
     * @param request the DER-encoded OCSPRequest
     * @return the DER-encoded OCSPResponse; a malformed (non-null) request yields a malformedRequest response
     * @throws NullPointerException when {@code request} is null
     */
    byte[] ocsp(byte[] request);
}
