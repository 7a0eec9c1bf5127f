package io.mshield.crypto.internal;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.CsrChecker;
import io.mshield.crypto.KeyAlgorithm;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

import java.security.PublicKey;
import java.util.Objects;
import java.util.Set;

/**
 * The bank's check of a PKCS#10 request: size cap, parse (every parser failure becomes
 * {@link ErrorCode#CSR_INVALID}), allowlist of key algorithm, named curve and size, allowlist of
 * signature algorithm (no SHA-1, no MD5), proof of possession, and the subject's CN.
 */
public final class BcCsrChecker implements CsrChecker {
    private static final Set<String> SIGNATURE_ALGORITHMS = Set.of(
            "1.2.156.10197.1.501",   // SM2-with-SM3
            "1.2.840.10045.4.3.2",   // ecdsa-with-SHA256
            "1.3.101.112",           // Ed25519
            "1.2.840.113549.1.1.11", // sha256WithRSAEncryption
            "1.2.840.113549.1.1.10"  // RSASSA-PSS
    );
    private static final ASN1ObjectIdentifier SM2_CURVE = new ASN1ObjectIdentifier("1.2.156.10197.1.301");
    private static final ASN1ObjectIdentifier P256 = new ASN1ObjectIdentifier("1.2.840.10045.3.1.7");

    @Override
    public CheckedCsr check(byte[] der, Expectation expectation) {
        Objects.requireNonNull(der, "der");
        Objects.requireNonNull(expectation, "expectation");
        if (der.length > expectation.maxBytes()) {
            throw invalid("the request has " + der.length + " bytes, more than " + expectation.maxBytes());
        }
        PKCS10CertificationRequest req;
        SubjectPublicKeyInfo spki;
        try {
            req = new PKCS10CertificationRequest(der);
            spki = req.getSubjectPublicKeyInfo();
            if (!java.util.Arrays.equals(req.getEncoded(), der)) {
                throw invalid("the request is not DER or has trailing bytes");
            }
        } catch (ShieldException e) {
            throw e;
        } catch (Exception | Error e) {
            throw invalid("the request cannot be parsed");
        }
        String sigAlg = req.getSignatureAlgorithm().getAlgorithm().getId();
        if (!SIGNATURE_ALGORITHMS.contains(sigAlg)) {
            throw invalid("signature algorithm " + sigAlg + " is not allowed (SHA-1 and MD5 never are)");
        }
        String keyAlg = spki.getAlgorithm().getAlgorithm().getId();
        if (keyAlg.equals("1.2.840.10045.2.1")) {
            Object params = spki.getAlgorithm().getParameters();
            if (!(params instanceof ASN1ObjectIdentifier curve) || !(curve.equals(SM2_CURVE) || curve.equals(P256))) {
                throw invalid("only the named curves sm2p256v1 and P-256 are allowed; explicit parameters never are");
            }
        }
        PublicKey key;
        KeyAlgorithm algorithm;
        try {
            key = KeyPairs.decode(spki.getEncoded());
            algorithm = KeyPairs.algorithmOf(key);
        } catch (ShieldException e) {
            throw invalid(e.getMessage().replaceFirst("^\\[[A-Z_]+\\] ", ""));
        } catch (Exception e) {
            throw invalid("the public key cannot be decoded");
        }
        if (!expectation.allowed().contains(algorithm)) {
            throw invalid("a " + algorithm + " key is not allowed here; expected one of " + expectation.allowed());
        }
        try {
            if (!req.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(Bc.provider()).build(spki))) {
                throw invalid("the proof of possession does not verify");
            }
        } catch (ShieldException e) {
            throw e;
        } catch (Exception e) {
            throw invalid("the proof of possession cannot be checked");
        }
        RDN[] cns = req.getSubject().getRDNs(BCStyle.CN);
        if (cns.length != 1 || !IETFUtils.valueToString(cns[0].getFirst().getValue()).equals(expectation.commonName())) {
            throw invalid("the subject's common name is not the enrolled holder's name");
        }
        return new CheckedCsr(key, algorithm);
    }

    private static ShieldException invalid(String why) {
        return new ShieldException(ErrorCode.CSR_INVALID, "certificate request refused: " + why);
    }
}
