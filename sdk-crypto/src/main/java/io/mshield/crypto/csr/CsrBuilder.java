package io.mshield.crypto.csr;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.RawSigner;
import io.mshield.crypto.SignatureScheme;
import io.mshield.crypto.internal.Signatures;
import io.mshield.crypto.internal.Allowlist;
import io.mshield.crypto.internal.csr.CsrAlgorithms;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.CertificationRequestInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Objects;

/**
 * Builds a DER PKCS#10 certificate request whose subject is a single common name (CN, as a
 * UTF8String), with no attributes, signed with the key's default scheme — the request the
 * bank's {@link io.mshield.crypto.CsrChecker} expects from a phone.
 *
 * <pre>{@code
 * byte[] csr = CsrBuilder.forCommonName("张三").build(keyPair);
 * // or, when the private key stays in a secure module behind a RawSigner:
 * byte[] csr = CsrBuilder.forCommonName("张三").build(publicKey, rawSigner);
 * }</pre>
 *
 * SM2 requests are signed SM3withSM2 with the default user ID {@code 1234567812345678}; ECDSA
 * signatures from a P1363 {@link RawSigner} are re-encoded as DER. Immutable and thread-safe.
 */
public final class CsrBuilder {
    /** The longest common name accepted, in characters (the X.520 upper bound). */
    public static final int MAX_COMMON_NAME_LENGTH = 64;

    private final String commonName;
    private final Signatures signatures = Signatures.withDefaultUserId();

    private CsrBuilder(String commonName) {
        this.commonName = commonName;
    }

    /**
     * Starts a request for a holder.
     *
     * @param commonName the holder's name, 1–{@value #MAX_COMMON_NAME_LENGTH} characters, not blank
     * @return the builder
     * @throws ShieldException {@link ErrorCode#INVALID_ARGUMENT} for another name
     */
    public static CsrBuilder forCommonName(String commonName) {
        Objects.requireNonNull(commonName, "commonName");
        if (commonName.isBlank() || commonName.length() > MAX_COMMON_NAME_LENGTH) {
            throw new ShieldException(ErrorCode.INVALID_ARGUMENT,
                    "common name must be 1-" + MAX_COMMON_NAME_LENGTH + " characters and not blank");
        }
        return new CsrBuilder(commonName);
    }

    /**
     * Builds a request signed with the key pair's private key and its algorithm's default scheme
     * ({@link KeyAlgorithm#defaultScheme()}).
     *
     * @param keyPair an SM2, P-256, Ed25519, RSA-2048, RSA-3072 or RSA-4096 key pair (RSA with e = 65537)
     * @return the DER encoding
     * @throws ShieldException {@link ErrorCode#ALGORITHM_NOT_SUPPORTED} for another key
     */
    public byte[] build(KeyPair keyPair) {
        Objects.requireNonNull(keyPair, "keyPair");
        KeyAlgorithm algorithm = algorithmOf(keyPair.getPublic());
        SignatureScheme scheme = algorithm.defaultScheme();
        return build(keyPair.getPublic(), RawSigner.of(scheme, data -> signatures.sign(keyPair.getPrivate(), scheme, data)));
    }

    /**
     * Builds a request signed by a {@link RawSigner} that holds the private key of
     * {@code publicKey}. The signature is checked before the request is returned.
     *
     * @param publicKey the key to certify
     * @param signer    signs with the matching private key, in a scheme of the key's family
     * @return the DER encoding
     * @throws ShieldException {@link ErrorCode#ALGORITHM_NOT_SUPPORTED} for another key or a scheme
     *                         of another family; {@link ErrorCode#SIGNATURE_INVALID} when the
     *                         signer's signature does not verify with {@code publicKey}
     */
    public byte[] build(PublicKey publicKey, RawSigner signer) {
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(signer, "signer");
        KeyAlgorithm algorithm = algorithmOf(publicKey);
        SignatureScheme scheme = Objects.requireNonNull(signer.scheme(), "signer.scheme()");
        if (scheme.family() != algorithm.family()) {
            throw new ShieldException(ErrorCode.ALGORITHM_NOT_SUPPORTED,
                    "a " + scheme + " signer cannot sign for a " + algorithm + " key");
        }
        try {
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
            CertificationRequestInfo info = new CertificationRequestInfo(subject,
                    SubjectPublicKeyInfo.getInstance(publicKey.getEncoded()), new DERSet());
            byte[] toSign = info.getEncoded(ASN1Encoding.DER);
            byte[] value = Objects.requireNonNull(signer.sign(toSign.clone()), "signature");
            if (scheme == SignatureScheme.ECDSA_SHA256_P1363) {
                value = p1363ToDer(value);
            }
            SignatureScheme verifyAs = scheme == SignatureScheme.ECDSA_SHA256_P1363 ? SignatureScheme.ECDSA_SHA256 : scheme;
            if (!signatures.verify(publicKey, verifyAs, toSign, value)) {
                throw new ShieldException(ErrorCode.SIGNATURE_INVALID,
                        "the signer's signature does not verify with the public key of the request");
            }
            AlgorithmIdentifier signatureAlgorithm = CsrAlgorithms.identifierFor(scheme);
            return new CertificationRequest(info, signatureAlgorithm, new DERBitString(value)).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "cannot encode the certificate request", e);
        }
    }

    private static KeyAlgorithm algorithmOf(PublicKey publicKey) {
        return Allowlist.keyOf(publicKey);
    }

    private static byte[] p1363ToDer(byte[] value) throws IOException {
        if (value.length != 64) {
            throw new ShieldException(ErrorCode.SIGNATURE_INVALID, "a P-256 P1363 signature must be 64 bytes");
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(value, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(value, 32, 64));
        ASN1Sequence sequence = new DERSequence(new ASN1Integer[]{new ASN1Integer(r), new ASN1Integer(s)});
        return sequence.getEncoded(ASN1Encoding.DER);
    }

    @Override
    public String toString() {
        return "CsrBuilder[CN=" + commonName + "]";
    }
}
