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
 *
 * <p>A production CA is durable: its keys live in the bank's {@link KeyStorage} and its records
 * (issued certificates and their status, CRL numbers, the published CRL, issuance idempotency) in
 * the bank's store, so that it survives restarts and every node of one database sees the same
 * state. Revocations, holds and releases SHOULD join the caller's transaction when the CA shares
 * the engine's store, so that a shield's status and its certificate's status change together.
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
     * The chain above a certificate this CA issued, from whichever issuing CA issued it (an
     * older one after a {@link #rollover}): the issuing CA first, the root last. The default
     * looks for the family whose current issuing CA's key verifies it.
     *
     * @param certificate a certificate this CA issued
     * @return an unmodifiable list of at least one certificate
     * @throws io.mshield.ShieldException {@link io.mshield.ErrorCode#CERTIFICATE_INVALID} for a certificate this CA did not issue
     */
    default List<X509Certificate> chain(X509Certificate certificate) {
        for (KeyAlgorithm.Family f : KeyAlgorithm.Family.values()) {
            List<X509Certificate> chain;
            try {
                chain = chain(f);
            } catch (io.mshield.ShieldException e) {
                continue;
            }
            try {
                certificate.verify(chain.get(0).getPublicKey());
                return chain;
            } catch (java.security.GeneralSecurityException e) {
                // not signed by this family's issuing CA
            }
        }
        throw new io.mshield.ShieldException(io.mshield.ErrorCode.CERTIFICATE_INVALID, "this CA did not issue the certificate");
    }

    /**
     * Every issuing CA certificate of a family, the current one first; more than one after a
     * {@link #rollover}. The default lists the current one.
     *
     * @param family the key family
     * @return an unmodifiable list of at least one certificate
     */
    default List<X509Certificate> issuers(KeyAlgorithm.Family family) {
        return List.of(chain(family).get(0));
    }

    /**
     * Rollover of a family's issuing CA: a new issuing key in the key storage and a new issuing
     * certificate under the same root. New certificates come from it; certificates of the older
     * issuing CAs keep validating, can still be held, released and revoked, and appear on their own
     * issuing CA's CRL ({@link #crl(X509Certificate)}). The default refuses.
     *
     * @param family the key family
     * @return the new issuing CA's certificate
     * @throws io.mshield.ShieldException {@link io.mshield.ErrorCode#ILLEGAL_STATE} when the CA cannot roll over
     */
    default X509Certificate rollover(KeyAlgorithm.Family family) {
        throw new io.mshield.ShieldException(io.mshield.ErrorCode.ILLEGAL_STATE, "this CA cannot roll over its issuing key");
    }

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
     * A new numbered CRL of one issuing CA of this CA (see {@link #issuers}); CRL numbers of one
     * issuing CA strictly increase, across nodes too. The default answers for the current issuing
     * CAs.
     *
     * @param issuer an issuing CA certificate of this CA
     * @return the DER-encoded CRL
     * @throws io.mshield.ShieldException {@link io.mshield.ErrorCode#CERTIFICATE_INVALID} for another certificate
     */
    default byte[] crl(X509Certificate issuer) {
        for (KeyAlgorithm.Family f : KeyAlgorithm.Family.values()) {
            try {
                if (chain(f).get(0).equals(issuer)) {
                    return crl(f);
                }
            } catch (io.mshield.ShieldException e) {
                // a family this CA does not offer
            }
        }
        throw new io.mshield.ShieldException(io.mshield.ErrorCode.CERTIFICATE_INVALID, "not an issuing CA of this CA");
    }

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
     * @return the DER-encoded OCSPResponse: malformedRequest for bad DER, trailing bytes or no
     *         request item; unauthorized when no item names an issuing CA of this CA; otherwise
     *         signed by a key in the key storage, echoing the request's nonce, with status
     *         unknown for any item whose issuer or serial is not this CA's
     * @throws NullPointerException when {@code request} is null
     */
    byte[] ocsp(byte[] request);
}
