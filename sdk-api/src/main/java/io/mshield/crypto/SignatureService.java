package io.mshield.crypto;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * Signature verification and CMS (R10.3), as sdk-core needs them.
 *
 * <p>Contract: thread-safe; a malformed signature, key or CMS yields {@code false} or an invalid
 * {@link SignatureVerification}, never an unchecked parser exception; a scheme the implementation
 * cannot do throws {@link io.mshield.ErrorCode#ALGORITHM_NOT_SUPPORTED}.
 */
public interface SignatureService {

    /**
     * Decodes a public key of any supported algorithm (SM2 included, which the JDK cannot decode).
     *
     * @param subjectPublicKeyInfo the X.509 SubjectPublicKeyInfo DER
     * @return the key
     * @throws io.mshield.ShieldException {@link io.mshield.ErrorCode#INVALID_ARGUMENT} when malformed,
     *         {@link io.mshield.ErrorCode#ALGORITHM_NOT_SUPPORTED} for an algorithm outside the allowlist
     */
    PublicKey decodePublicKey(byte[] subjectPublicKeyInfo);

    /**
     * Decodes an X.509 certificate of any supported algorithm (SM2 included, which the JDK cannot
     * parse).
     *
     * @param der the DER encoding
     * @return the certificate
     * @throws io.mshield.ShieldException {@link io.mshield.ErrorCode#CERTIFICATE_INVALID} when malformed,
     *         or when its key or signature algorithm is outside the implementation's allowlist
     */
    X509Certificate decodeCertificate(byte[] der);

    /**
     * Validates a certificate against issuing CAs the caller trusts for one purpose (not this
     * CA's roots): a seal medium's certificate against the USB-key CAs the bank configured
     * (R8.1). The certificate is decoded as {@link #decodeCertificate} does; each trusted issuer
     * is a trust anchor, and the certificate must be issued directly by one of them (configure an
     * intermediate CA that issues the media, not only its root). Checked at {@code at}: the path
     * (signature, names, the anchor a CA certificate valid then), the validity period, a key usage
     * for signatures in an end-entity certificate, and revocation where a CRL signed by the issuer
     * covers that time.
     *
     * <p>The default refuses: an implementation that cannot validate paths must not let a
     * certificate pass.
     *
     * @param der            the DER certificate
     * @param trustedIssuers the DER certificates of the trusted issuing CAs
     * @param crls           DER CRLs, possibly empty; those not signed by the certificate's issuer
     *                       or not covering {@code at} are ignored
     * @param at             the time of the checks
     * @return the decoded certificate
     * @throws io.mshield.ShieldException {@link io.mshield.ErrorCode#CERTIFICATE_INVALID} when malformed, outside
     *         the allowlist, a CA certificate or without a key usage for signatures;
     *         {@link io.mshield.ErrorCode#CERTIFICATE_UNTRUSTED} when no trusted issuer issued it (self-signed,
     *         unknown CA) or the path does not validate; {@link io.mshield.ErrorCode#CERTIFICATE_EXPIRED} when
     *         {@code at} is outside its validity period (expired or not yet valid);
     *         {@link io.mshield.ErrorCode#CERTIFICATE_REVOKED} when a covering CRL of its issuer lists it;
     *         {@link io.mshield.ErrorCode#ALGORITHM_NOT_SUPPORTED} from the default
     */
    default X509Certificate validateCertificate(byte[] der, List<byte[]> trustedIssuers, List<byte[]> crls, Instant at) {
        throw new io.mshield.ShieldException(io.mshield.ErrorCode.ALGORITHM_NOT_SUPPORTED,
                "this signature service cannot validate a certificate against given issuers");
    }

    /**
     * Encrypts to a public key — a digital envelope (R7.4): SM2 encryption (GB/T 32918.4, C1C3C2)
     * for SM2 keys, ECIES for P-256 keys.
     *
     * @param recipient the recipient's public key
     * @param plaintext the content
     * @return the ciphertext
     * @throws io.mshield.ShieldException {@link io.mshield.ErrorCode#ALGORITHM_NOT_SUPPORTED} for other keys
     */
    byte[] encrypt(PublicKey recipient, byte[] plaintext);

    /**
     * Verifies a raw signature.
     *
     * @param key       the public key
     * @param scheme    the scheme
     * @param data      the signed bytes
     * @param signature the signature value
     * @return true only for a valid signature
     * @throws io.mshield.ShieldException {@link io.mshield.ErrorCode#ALGORITHM_NOT_SUPPORTED} when the key is
     *         outside the allowlist or not of the scheme's family and curve (an SM2 scheme with a P-256 key)
     */
    boolean verify(PublicKey key, SignatureScheme scheme, byte[] data, byte[] signature);

    /**
     * Creates a DER-encoded detached CMS SignedData with content-type and signing-time signed
     * attributes and the signer's certificate and chain included.
     *
     * @param signer      produces the signature over the signed attributes
     * @param certificate the signer's certificate
     * @param chain       the certificates above it (issuing CA, root), may be empty
     * @param content     the detached content
     * @param signingTime the signing-time attribute
     * @return the DER encoding
     */
    byte[] signCms(RawSigner signer, X509Certificate certificate, List<X509Certificate> chain,
                   byte[] content, Instant signingTime);

    /**
     * Wraps a raw signature made over the content itself into a DER-encoded detached CMS
     * SignedData whose SignerInfo has no signed attributes (RFC 5652 §5.4: the signature is then
     * computed over the content). This is how a signature made on the phone (DEVICE) or by two
     * parties (COLLABORATIVE) over the canonical transaction becomes CMS without a second round
     * trip. The implementation MUST verify the signature before wrapping it.
     *
     * @param signature   the raw signature over {@code content}, in the scheme's encoding
     * @param scheme      the scheme
     * @param certificate the signer's certificate
     * @param chain       the certificates above it, may be empty
     * @param content     the detached content
     * @return the DER encoding
     * @throws io.mshield.ShieldException {@link io.mshield.ErrorCode#SIGNATURE_INVALID} when the signature does not verify
     */
    byte[] assembleCms(byte[] signature, SignatureScheme scheme, X509Certificate certificate, List<X509Certificate> chain,
                       byte[] content);

    /**
     * Verifies a detached CMS signature: content digest, signature, path to a trust anchor, key
     * usage, and revocation — at the time of the signature-time-stamp token it carries when that
     * token is valid (issued by a trusted time-stamping unit, over this signature value), otherwise
     * at the time of verification. A signing-time attribute the signer supplied is reported but
     * never used as the time of the checks.
     *
     * @param cms     the DER-encoded SignedData
     * @param content the detached content
     * @return the outcome, never null
     */
    SignatureVerification verifyCms(byte[] cms, byte[] content);

    /**
     * Verifies evidence: {@link #verifyCms(byte[], byte[])}, with the revocation status taken
     * from the revocation data captured at signing (DER CRLs signed by the signer's issuer) where
     * they cover the token's time, and from the CA where they do not. A later hold, revocation,
     * renewal or expiry does not change the verdict; a signature whose trusted time is after the
     * certificate's revocation is invalid. The default ignores the revocation data.
     *
     * @param cms            the DER-encoded SignedData, with its signature-time-stamp token
     * @param content        the detached content
     * @param revocationData DER CRLs captured at signing
     * @return the outcome, never null
     */
    default SignatureVerification verifyEvidence(byte[] cms, byte[] content, List<byte[]> revocationData) {
        return verifyCms(cms, content);
    }

    /**
     * Adds a signature-time-stamp token (RFC 3161, over the signer's signature value) to a CMS
     * as the unsigned attribute id-aa-signatureTimeStampToken. The default refuses.
     *
     * @param cms         the DER-encoded SignedData with exactly one signer
     * @param authority   the time-stamping authority
     * @param family      the signer's key family
     * @return the CMS with the token
     * @throws io.mshield.ShieldException {@link io.mshield.ErrorCode#ALGORITHM_NOT_SUPPORTED} when not offered
     */
    default byte[] addSignatureTimeStamp(byte[] cms, TimeStamping authority, KeyAlgorithm.Family family) {
        throw new io.mshield.ShieldException(io.mshield.ErrorCode.ALGORITHM_NOT_SUPPORTED, "this signature service cannot time-stamp");
    }
}
