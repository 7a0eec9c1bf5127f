package io.mshield.crypto;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A time-stamping authority (RFC 3161): a trusted time for a signature, so that evidence keeps its
 * verdict for its whole life (R6.6, R10.5). The SDK asks for a token over the signature value of
 * every evidence CMS and embeds it as the signature-time-stamp unsigned attribute (CAdES-T style);
 * verification then checks the path and revocation at the token's time.
 *
 * <p>sdk-crypto's embedded authority keeps its keys in the key storage and has its certificates
 * (extended key usage timeStamping, critical) from the embedded CA; a bank that runs its own TSA
 * implements this interface for it.
 *
 * <p>Contract: thread-safe; MUST NOT return null; failures are {@link io.mshield.ShieldException}s
 * with {@link io.mshield.ErrorCode#ADAPTER_FAILURE} (a remote TSA unreachable) or
 * {@link io.mshield.ErrorCode#ALGORITHM_NOT_SUPPORTED} (no unit for the family).
 */
public interface TimeStamping {

    /**
     * Time-stamps data: a token whose message imprint is the data's digest — SM3 for the SM2
     * family, SHA-256 for the others — signed by the family's time-stamping unit (SM2 for SM2, P-256
     * for the others).
     *
     * @param data   the data, in the SDK a signature value
     * @param family the signer's key family, which chooses the digest and the unit
     * @return the DER TimeStampToken (a CMS ContentInfo holding SignedData with TSTInfo)
     */
    byte[] timeStamp(byte[] data, KeyAlgorithm.Family family);

    /**
     * The certificates of the family's time-stamping unit: the unit first, then its issuing CA, then
     * the root.
     *
     * @param family the key family
     * @return the chain, never empty
     */
    List<X509Certificate> chain(KeyAlgorithm.Family family);
}
