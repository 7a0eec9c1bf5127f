package io.mshield.seal;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;

import java.util.List;
import java.util.Objects;

/**
 * The CAs the bank trusts to certify seal media (R8.1): a USB key's certificate binds a seal only
 * when one of these issuing CAs issued it, it is valid now, its key usage allows signatures, and —
 * where the CA's CRL is available — it is not revoked. A mobile shield's certificate is the bank's
 * own and is checked against the shield instead.
 *
 * <p>Each certificate here is a trust anchor and must be the CA certificate that issues the media
 * (an intermediate, if the USB-key CA has one). {@link #none()}, the default, trusts no CA: every
 * USB key is refused with {@link ErrorCode#CERTIFICATE_UNTRUSTED} until the bank configures its CAs.
 *
 * @param issuers DER certificates of the trusted issuing CAs
 * @param crls    where the issuers' current CRLs come from; asked at each binding
 */
public record SealMediaTrust(List<byte[]> issuers, CrlSource crls) {
    /** The largest number of trusted issuers. */
    public static final int MAX_ISSUERS = 64;

    /** Where the trusted issuers' CRLs come from (the bank downloads them from the CA's distribution points). */
    @FunctionalInterface
    public interface CrlSource {
        /**
         * The CRLs known now, DER. A CRL not signed by a certificate's issuer, or not covering
         * now, is ignored for that certificate; with none covering, revocation is not checked.
         *
         * @return the CRLs, possibly empty
         */
        List<byte[]> crls();
    }

    /**
     * Validates and copies.
     *
     * @param issuers the issuers
     * @param crls    the CRL source
     * @throws ShieldException {@link ErrorCode#INVALID_ARGUMENT} with more than {@value #MAX_ISSUERS} issuers
     */
    public SealMediaTrust {
        Objects.requireNonNull(issuers, "issuers");
        Objects.requireNonNull(crls, "crls");
        if (issuers.size() > MAX_ISSUERS) {
            throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "at most " + MAX_ISSUERS + " trusted seal media CAs");
        }
        issuers = issuers.stream().map(d -> Objects.requireNonNull(d, "issuer").clone()).toList();
    }

    /**
     * No trusted CA: every USB key is refused.
     *
     * @return the trust
     */
    public static SealMediaTrust none() {
        return new SealMediaTrust(List.of(), List::of);
    }

    /**
     * Trusted issuers without revocation data.
     *
     * @param issuers DER CA certificates
     * @return the trust
     */
    public static SealMediaTrust of(List<byte[]> issuers) {
        return new SealMediaTrust(issuers, List::of);
    }

    /**
     * Trusted issuers with their CRLs.
     *
     * @param issuers DER CA certificates
     * @param crls    the CRL source
     * @return the trust
     */
    public static SealMediaTrust of(List<byte[]> issuers, CrlSource crls) {
        return new SealMediaTrust(issuers, crls);
    }

    /**
     * The issuers.
     *
     * @return copies of the DER encodings
     */
    @Override
    public List<byte[]> issuers() {
        return issuers.stream().map(byte[]::clone).toList();
    }

    @Override
    public String toString() {
        return "SealMediaTrust[" + issuers.size() + " issuers]";
    }
}
