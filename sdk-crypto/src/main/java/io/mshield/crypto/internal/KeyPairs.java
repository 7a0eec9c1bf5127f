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
     * Decodes a SubjectPublicKeyInfo of an algorithm the {@link Allowlist} accepts.
     *
     * @param spki the DER
     * @return the key
     * @throws ShieldException {@link ErrorCode#INVALID_ARGUMENT} when malformed (an EC point off
     *                         its curve included), {@link ErrorCode#ALGORITHM_NOT_SUPPORTED}
     *                         outside the allowlist
     */
    public static PublicKey decode(byte[] spki) {
        Objects.requireNonNull(spki, "spki");
        try {
            org.bouncycastle.asn1.x509.SubjectPublicKeyInfo info = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(spki);
            if (!java.util.Arrays.equals(info.getEncoded(org.bouncycastle.asn1.ASN1Encoding.DER), spki)) {
                throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "the public key is not in canonical DER");
            }
            String alg = switch (Allowlist.keyOf(info).family()) {
                case SM2, EC -> "EC";
                case EDDSA -> "Ed25519";
                case RSA -> "RSA";
            };
            return KeyFactory.getInstance(alg, Bc.provider()).generatePublic(new X509EncodedKeySpec(spki));
        } catch (ShieldException e) {
            throw e;
        } catch (GeneralSecurityException | java.io.IOException | RuntimeException e) {
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
     * The algorithm of a public key, within the {@link Allowlist}.
     *
     * @param key the key
     * @return the algorithm
     * @throws ShieldException {@link ErrorCode#ALGORITHM_NOT_SUPPORTED} outside the allowlist
     */
    public static KeyAlgorithm algorithmOf(PublicKey key) {
        return Allowlist.keyOf(key);
    }
}
