package io.mshield.crypto.internal.keys;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.internal.Bc;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Objects;
import java.util.Optional;

/**
 * Key pair generation for every {@link KeyAlgorithm} through the private BouncyCastle provider,
 * and the reverse: which algorithm a public key belongs to, read from its SubjectPublicKeyInfo
 * (so a key from any provider is recognised the same way).
 */
public final class KeyAlgorithms {
    /** BouncyCastle's name of the SM2 curve of GB/T 32918.5. */
    public static final String SM2_CURVE = "sm2p256v1";
    /** The JCA name of NIST P-256. */
    public static final String P256_CURVE = "secp256r1";

    private KeyAlgorithms() {
    }

    /**
     * Generates a key pair.
     *
     * @param algorithm the algorithm
     * @param random    the randomness source
     * @return a new key pair made by BouncyCastle
     */
    public static KeyPair generate(KeyAlgorithm algorithm, SecureRandom random) {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(random, "random");
        try {
            KeyPairGenerator generator;
            switch (algorithm) {
                case SM2:
                    generator = KeyPairGenerator.getInstance("EC", Bc.provider());
                    generator.initialize(new ECGenParameterSpec(SM2_CURVE), random);
                    break;
                case EC_P256:
                    generator = KeyPairGenerator.getInstance("EC", Bc.provider());
                    generator.initialize(new ECGenParameterSpec(P256_CURVE), random);
                    break;
                case ED25519:
                    generator = KeyPairGenerator.getInstance("Ed25519", Bc.provider());
                    generator.initialize(255, random);
                    break;
                case RSA_2048:
                case RSA_3072:
                    generator = KeyPairGenerator.getInstance("RSA", Bc.provider());
                    generator.initialize(new RSAKeyGenParameterSpec(algorithm.bits(), RSAKeyGenParameterSpec.F4), random);
                    break;
                default:
                    throw new ShieldException(ErrorCode.ALGORITHM_NOT_SUPPORTED, "unknown key algorithm " + algorithm);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new ShieldException(ErrorCode.ALGORITHM_NOT_SUPPORTED, "cannot generate a " + algorithm + " key pair", e);
        }
    }

    /**
     * Tells which algorithm a public key belongs to: SM2 and P-256 keys must name their curve
     * (no explicit parameters), RSA moduli must be exactly 2048 or 3072 bits.
     *
     * @param key the public key
     * @return the algorithm, or empty for any other key
     */
    public static Optional<KeyAlgorithm> identify(PublicKey key) {
        Objects.requireNonNull(key, "key");
        byte[] encoded = key.getEncoded();
        if (encoded == null) {
            return Optional.empty();
        }
        try {
            return identify(SubjectPublicKeyInfo.getInstance(encoded));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Tells which algorithm an encoded public key belongs to, with the rules of
     * {@link #identify(PublicKey)}.
     *
     * @param info the parsed SubjectPublicKeyInfo
     * @return the algorithm, or empty
     */
    public static Optional<KeyAlgorithm> identify(SubjectPublicKeyInfo info) {
        Objects.requireNonNull(info, "info");
        ASN1ObjectIdentifier oid = info.getAlgorithm().getAlgorithm();
        ASN1Encodable parameters = info.getAlgorithm().getParameters();
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid)) {
            if (!(parameters instanceof ASN1ObjectIdentifier)) {
                return Optional.empty();
            }
            if (GMObjectIdentifiers.sm2p256v1.equals(parameters)) {
                return Optional.of(KeyAlgorithm.SM2);
            }
            if (X9ObjectIdentifiers.prime256v1.equals(parameters)) {
                return Optional.of(KeyAlgorithm.EC_P256);
            }
            return Optional.empty();
        }
        if (EdECObjectIdentifiers.id_Ed25519.equals(oid)) {
            return parameters == null ? Optional.of(KeyAlgorithm.ED25519) : Optional.empty();
        }
        if (PKCSObjectIdentifiers.rsaEncryption.equals(oid)) {
            int bits;
            try {
                bits = RSAPublicKey.getInstance(info.parsePublicKey()).getModulus().bitLength();
            } catch (java.io.IOException | RuntimeException e) {
                return Optional.empty();
            }
            if (bits == 2048) {
                return Optional.of(KeyAlgorithm.RSA_2048);
            }
            if (bits == 3072) {
                return Optional.of(KeyAlgorithm.RSA_3072);
            }
        }
        return Optional.empty();
    }
}
