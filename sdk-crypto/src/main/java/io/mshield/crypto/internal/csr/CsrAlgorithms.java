package io.mshield.crypto.internal.csr;

import io.mshield.crypto.SignatureScheme;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;

/**
 * The signature algorithm identifiers of certificate requests, one per {@link SignatureScheme}
 * (P1363 has none: it is written as DER ECDSA). Nothing else is recognised, so SHA-1, MD5,
 * SHA-224 and every other digest or scheme is refused by construction.
 */
public final class CsrAlgorithms {
    private CsrAlgorithms() {
    }

    /**
     * The identifier a request signed with a scheme carries.
     *
     * @param scheme the scheme; {@link SignatureScheme#ECDSA_SHA256_P1363} maps to ECDSA with SHA-256
     * @return the identifier
     */
    public static AlgorithmIdentifier identifierFor(SignatureScheme scheme) {
        Objects.requireNonNull(scheme, "scheme");
        switch (scheme) {
            case SM2_SM3:
                return new AlgorithmIdentifier(GMObjectIdentifiers.sm2sign_with_sm3);
            case ECDSA_SHA256:
            case ECDSA_SHA256_P1363:
                return new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
            case ED25519:
                return new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519);
            case RSA_PKCS1_SHA256:
                return new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE);
            case RSA_PSS_SHA256:
                AlgorithmIdentifier sha256 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE);
                return new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSASSA_PSS, new RSASSAPSSparams(sha256,
                        new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, sha256), new ASN1Integer(32),
                        new ASN1Integer(1)));
            default:
                throw new IllegalArgumentException("no request signature algorithm for " + scheme);
        }
    }

    /**
     * The scheme of a request's signature algorithm identifier, when it is one of the allowed
     * ones with the parameters its standard requires (absent for SM2, ECDSA and Ed25519; NULL or
     * absent for RSA PKCS#1; SHA-256, MGF1-SHA-256, salt 32 and trailer 1 for RSASSA-PSS).
     *
     * @param identifier the identifier
     * @return the scheme, or empty for anything else
     */
    public static Optional<SignatureScheme> schemeOf(AlgorithmIdentifier identifier) {
        Objects.requireNonNull(identifier, "identifier");
        ASN1Encodable parameters = identifier.getParameters();
        if (GMObjectIdentifiers.sm2sign_with_sm3.equals(identifier.getAlgorithm())) {
            return absentOrNull(parameters) ? Optional.of(SignatureScheme.SM2_SM3) : Optional.empty();
        }
        if (X9ObjectIdentifiers.ecdsa_with_SHA256.equals(identifier.getAlgorithm())) {
            return parameters == null ? Optional.of(SignatureScheme.ECDSA_SHA256) : Optional.empty();
        }
        if (EdECObjectIdentifiers.id_Ed25519.equals(identifier.getAlgorithm())) {
            return parameters == null ? Optional.of(SignatureScheme.ED25519) : Optional.empty();
        }
        if (PKCSObjectIdentifiers.sha256WithRSAEncryption.equals(identifier.getAlgorithm())) {
            return absentOrNull(parameters) ? Optional.of(SignatureScheme.RSA_PKCS1_SHA256) : Optional.empty();
        }
        if (PKCSObjectIdentifiers.id_RSASSA_PSS.equals(identifier.getAlgorithm()) && parameters != null) {
            RSASSAPSSparams pss = RSASSAPSSparams.getInstance(parameters);
            AlgorithmIdentifier hash = pss.getHashAlgorithm();
            AlgorithmIdentifier mgf = pss.getMaskGenAlgorithm();
            if (NISTObjectIdentifiers.id_sha256.equals(hash.getAlgorithm()) && absentOrNull(hash.getParameters())
                    && PKCSObjectIdentifiers.id_mgf1.equals(mgf.getAlgorithm())
                    && mgf.getParameters() != null
                    && NISTObjectIdentifiers.id_sha256.equals(AlgorithmIdentifier.getInstance(mgf.getParameters()).getAlgorithm())
                    && pss.getSaltLength().equals(BigInteger.valueOf(32))
                    && pss.getTrailerField().equals(BigInteger.ONE)) {
                return Optional.of(SignatureScheme.RSA_PSS_SHA256);
            }
        }
        return Optional.empty();
    }

    private static boolean absentOrNull(ASN1Encodable parameters) {
        return parameters == null || DERNull.INSTANCE.equals(parameters);
    }
}
