package io.mshield.crypto.internal;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.KeyAlgorithm;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Objects;

/** Key generation and public-key decoding for every {@link KeyAlgorithm}, through BouncyCastle. */
public final class KeyPairs {
    private KeyPairs() {
    }

    /**
     * Generates a key pair.
     *
     * @param algorithm the algorithm
     * @param random    the randomness
     * @return the pair
     */
    public static KeyPair generate(KeyAlgorithm algorithm, SecureRandom random) {
        Objects.requireNonNull(algorithm, "algorithm");
        try {
            KeyPairGenerator g;
            switch (algorithm) {
                case SM2:
                    g = KeyPairGenerator.getInstance("EC", Bc.provider());
                    g.initialize(new ECGenParameterSpec("sm2p256v1"), random);
                    break;
                case EC_P256:
                    g = KeyPairGenerator.getInstance("EC", Bc.provider());
                    g.initialize(new ECGenParameterSpec("secp256r1"), random);
                    break;
                case ED25519:
                    g = KeyPairGenerator.getInstance("Ed25519", Bc.provider());
                    g.initialize(255, random);
                    break;
                default:
                    g = KeyPairGenerator.getInstance("RSA", Bc.provider());
                    g.initialize(new RSAKeyGenParameterSpec(algorithm.bits(), RSAKeyGenParameterSpec.F4), random);
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new ShieldException(ErrorCode.ALGORITHM_NOT_SUPPORTED, "cannot generate a " + algorithm + " key", e);
        }
    }

    /**
     * Decodes a SubjectPublicKeyInfo of any supported algorithm.
     *
     * @param spki the DER
     * @return the key
     */
    public static PublicKey decode(byte[] spki) {
        Objects.requireNonNull(spki, "spki");
        try {
            org.bouncycastle.asn1.x509.SubjectPublicKeyInfo info = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(spki);
            String oid = info.getAlgorithm().getAlgorithm().getId();
            String alg = switch (oid) {
                case "1.2.840.10045.2.1" -> "EC";
                case "1.3.101.112" -> "Ed25519";
                case "1.2.840.113549.1.1.1" -> "RSA";
                default -> throw new ShieldException(ErrorCode.ALGORITHM_NOT_SUPPORTED, "unsupported public key algorithm " + oid);
            };
            return KeyFactory.getInstance(alg, Bc.provider()).generatePublic(new X509EncodedKeySpec(spki));
        } catch (ShieldException e) {
            throw e;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "the public key is malformed");
        }
    }

    /**
     * Rebuilds a key pair from its PKCS#8 and SubjectPublicKeyInfo encodings.
     *
     * @param pkcs8 the private key
     * @param spki  the public key
     * @return the pair
     */
    public static KeyPair fromEncoded(byte[] pkcs8, byte[] spki) {
        PublicKey pub = decode(spki);
        try {
            String alg = pub.getAlgorithm().equals("RSA") ? "RSA" : pub.getAlgorithm().startsWith("Ed") ? "Ed25519" : "EC";
            return new KeyPair(pub, KeyFactory.getInstance(alg, Bc.provider()).generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(pkcs8)));
        } catch (GeneralSecurityException e) {
            throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "a stored private key is unreadable");
        }
    }

    /**
     * The algorithm of a public key, within the allowlist.
     *
     * @param key the key
     * @return the algorithm
     */
    public static KeyAlgorithm algorithmOf(PublicKey key) {
        if (key instanceof java.security.interfaces.RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits == 2048) {
                return KeyAlgorithm.RSA_2048;
            }
            if (bits == 3072) {
                return KeyAlgorithm.RSA_3072;
            }
            throw new ShieldException(ErrorCode.ALGORITHM_NOT_SUPPORTED, "RSA keys of " + bits + " bits are not allowed");
        }
        if (key instanceof org.bouncycastle.jce.interfaces.ECPublicKey ec) {
            org.bouncycastle.jce.spec.ECParameterSpec spec = ec.getParameters();
            if (spec == null) {
                throw new ShieldException(ErrorCode.ALGORITHM_NOT_SUPPORTED, "implicit EC parameters are not allowed");
            }
            if (spec.getCurve().equals(org.bouncycastle.asn1.gm.GMNamedCurves.getByName("sm2p256v1").getCurve())) {
                return KeyAlgorithm.SM2;
            }
            if (spec.getCurve().equals(org.bouncycastle.asn1.sec.SECNamedCurves.getByName("secp256r1").getCurve())) {
                return KeyAlgorithm.EC_P256;
            }
            throw new ShieldException(ErrorCode.ALGORITHM_NOT_SUPPORTED, "only the curves sm2p256v1 and P-256 are allowed");
        }
        if ("Ed25519".equals(key.getAlgorithm()) || "EdDSA".equals(key.getAlgorithm())) {
            return KeyAlgorithm.ED25519;
        }
        throw new ShieldException(ErrorCode.ALGORITHM_NOT_SUPPORTED, "unsupported key algorithm " + key.getAlgorithm());
    }
}
