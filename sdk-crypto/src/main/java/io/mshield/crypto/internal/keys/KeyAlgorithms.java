package io.mshield.crypto.internal.keys;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.internal.Allowlist;
import io.mshield.crypto.internal.Bc;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

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
                case RSA_4096:
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
     * Tells which algorithm a public key belongs to, by the rules of {@link Allowlist}.
     *
     * @param key the public key
     * @return the algorithm, or empty for any other key
     */
    public static Optional<KeyAlgorithm> identify(PublicKey key) {
        Objects.requireNonNull(key, "key");
        try {
            return Optional.of(Allowlist.keyOf(key));
        } catch (ShieldException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Tells which algorithm an encoded public key belongs to, by the rules of {@link Allowlist}.
     *
     * @param info the parsed SubjectPublicKeyInfo
     * @return the algorithm, or empty
     */
    public static Optional<KeyAlgorithm> identify(SubjectPublicKeyInfo info) {
        Objects.requireNonNull(info, "info");
        return Allowlist.identify(info);
    }
}
