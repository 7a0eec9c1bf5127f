package io.mshield.crypto.internal.csr;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.CsrChecker;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.SignatureScheme;
import io.mshield.crypto.internal.Allowlist;
import io.mshield.crypto.internal.Bc;
import io.mshield.crypto.internal.Signatures;
import io.mshield.crypto.internal.keys.KeyAlgorithms;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.CertificationRequestInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The strict PKCS#10 checker (R10.2). In order:
 * <ol>
 *   <li>size: 1 byte up to the expectation's cap;</li>
 *   <li>shape: DER only, nesting at most {@value #MAX_DEPTH} deep, nothing after the request
 *       ({@link DerShape}), and the parsed request must re-encode to exactly the input;</li>
 *   <li>version 0;</li>
 *   <li>key: the {@link Allowlist} (SM2 on sm2p256v1 and P-256 as named curves with an
 *       uncompressed point, Ed25519, RSA of 2048, 3072 or 4096 bits with e = 65537), and the
 *       algorithm must be in the expectation's allowed set;</li>
 *   <li>signature algorithm: exactly the identifiers of {@link CsrAlgorithms}, of the key's
 *       family (SM3withSM2 for SM2 keys, ECDSA-SHA-256 for P-256, Ed25519, SHA-256 with RSA
 *       PKCS#1 v1.5 or PSS); so SHA-1 and MD5 are refused;</li>
 *   <li>proof of possession: the signature verifies over the request info, through
 *       {@link Signatures} (SM2 with the default user ID {@code 1234567812345678});</li>
 *   <li>subject: exactly one CN, equal to the expected name; other attributes and the request's
 *       attributes (extension requests) are ignored: the CA decides the certificate's content.</li>
 * </ol>
 * Every failure, and any exception a parser throws, becomes {@link ErrorCode#CSR_INVALID}.
 * Immutable and thread-safe.
 */
public final class BouncyCastleCsrChecker implements CsrChecker {
    /** The deepest nesting of constructed DER values accepted. */
    public static final int MAX_DEPTH = 24;

    private final Signatures signatures;

    /**
     * Creates a checker that verifies SM2 proofs with the default user ID.
     */
    public BouncyCastleCsrChecker() {
        this.signatures = Signatures.withDefaultUserId();
    }

    @Override
    public CheckedCsr check(byte[] der, Expectation expectation) {
        Objects.requireNonNull(der, "der");
        Objects.requireNonNull(expectation, "expectation");
        try {
            return doCheck(der, expectation);
        } catch (ShieldException e) {
            if (e.code() == ErrorCode.CSR_INVALID) {
                throw e;
            }
            throw invalid("the request cannot be checked", e);
        } catch (RuntimeException e) {
            throw invalid("the request is malformed", e);
        }
    }

    private CheckedCsr doCheck(byte[] der, Expectation expectation) {
        if (der.length == 0 || der.length > expectation.maxBytes()) {
            throw invalid("the request is empty or longer than " + expectation.maxBytes() + " bytes", null);
        }
        Optional<String> shape = DerShape.problem(der, MAX_DEPTH);
        if (shape.isPresent()) {
            throw invalid("the request is not well-formed DER: " + shape.get(), null);
        }
        CertificationRequest request;
        try {
            request = CertificationRequest.getInstance(ASN1Primitive.fromByteArray(der));
            if (!Arrays.equals(request.getEncoded(ASN1Encoding.DER), der)) {
                throw invalid("the request is not in canonical DER", null);
            }
        } catch (IOException e) {
            throw invalid("the request is malformed", e);
        }
        CertificationRequestInfo info = request.getCertificationRequestInfo();
        if (!BigInteger.ZERO.equals(info.getVersion().getValue())) {
            throw invalid("the request version is not 0 (v1)", null);
        }
        SubjectPublicKeyInfo keyInfo = info.getSubjectPublicKeyInfo();
        KeyAlgorithm algorithm = checkKey(keyInfo);
        if (!expectation.allowed().contains(algorithm)) {
            throw invalid(algorithm + " keys are not allowed for this shield", null);
        }
        SignatureScheme scheme = CsrAlgorithms.schemeOf(request.getSignatureAlgorithm()).orElseThrow(() -> invalid(
                "signature algorithm " + request.getSignatureAlgorithm().getAlgorithm().getId()
                        + " is not allowed (or has wrong parameters)", null));
        if (scheme.family() != algorithm.family()) {
            throw invalid("signature algorithm " + scheme + " does not fit a " + algorithm + " key", null);
        }
        PublicKey publicKey = toPublicKey(keyInfo, algorithm);
        ASN1BitString signature = request.getSignature();
        if (signature.getPadBits() != 0) {
            throw invalid("the signature is not a whole number of bytes", null);
        }
        byte[] signed;
        try {
            signed = info.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw invalid("the request is malformed", e);
        }
        if (!signatures.verify(publicKey, scheme, signed, signature.getOctets())) {
            throw invalid("proof of possession failed: the signature does not verify with the requested key", null);
        }
        checkSubject(info.getSubject(), expectation.commonName());
        return new CheckedCsr(publicKey, algorithm);
    }

    private static KeyAlgorithm checkKey(SubjectPublicKeyInfo keyInfo) {
        try {
            return Allowlist.keyOf(keyInfo);
        } catch (ShieldException e) {
            throw invalid(e.getMessage(), null);
        }
    }

    private static PublicKey toPublicKey(SubjectPublicKeyInfo keyInfo, KeyAlgorithm algorithm) {
        String name;
        switch (algorithm.family()) {
            case SM2:
            case EC:
                name = "EC";
                break;
            case EDDSA:
                name = "Ed25519";
                break;
            default:
                name = "RSA";
        }
        try {
            return KeyFactory.getInstance(name, Bc.provider())
                    .generatePublic(new X509EncodedKeySpec(keyInfo.getEncoded(ASN1Encoding.DER)));
        } catch (GeneralSecurityException | IOException e) {
            throw invalid("the public key is invalid (for EC: not a point on the curve)", e);
        }
    }

    private static void checkSubject(X500Name subject, String expected) {
        String found = null;
        int count = 0;
        for (RDN rdn : subject.getRDNs()) {
            for (AttributeTypeAndValue value : rdn.getTypesAndValues()) {
                if (BCStyle.CN.equals(value.getType())) {
                    count++;
                    if (value.getValue() instanceof ASN1String) {
                        found = ((ASN1String) value.getValue()).getString();
                    }
                }
            }
        }
        if (count != 1 || found == null) {
            throw invalid("the subject must have exactly one common name (CN) as a string", null);
        }
        if (!found.equals(expected)) {
            throw invalid("the subject's common name does not match the enrolled holder", null);
        }
    }

    private static ShieldException invalid(String message, Throwable cause) {
        return new ShieldException(ErrorCode.CSR_INVALID, message, cause);
    }

    @Override
    public String toString() {
        return "BouncyCastleCsrChecker[SM2/P-256 named curves, Ed25519, RSA 2048/3072/4096; SHA-256/SM3 only]";
    }
}
