package io.mshield.benchmarks;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.spec.ECGenParameterSpec;

/** Key pairs and JCA names for the raw baselines, through a private BouncyCastle provider instance. */
final class Keys {
    /** The private provider; never registered with {@code Security.addProvider}. */
    static final Provider BC = new BouncyCastleProvider();

    private Keys() {
    }

    /** The algorithms measured raw. */
    enum Alg {
        SM2("EC", "sm2p256v1", "SM3withSM2"),
        P256("EC", "secp256r1", "SHA256withECDSA"),
        ED25519("Ed25519", null, "Ed25519"),
        RSA2048("RSA", null, "SHA256withRSA");

        final String keyAlgorithm;
        final String curve;
        final String signature;

        Alg(String keyAlgorithm, String curve, String signature) {
            this.keyAlgorithm = keyAlgorithm;
            this.curve = curve;
            this.signature = signature;
        }

        KeyPair generate(Provider provider) throws GeneralSecurityException {
            KeyPairGenerator g = KeyPairGenerator.getInstance(keyAlgorithm, provider);
            if (curve != null) {
                g.initialize(new ECGenParameterSpec(curve));
            } else if (this == RSA2048) {
                g.initialize(2048);
            }
            return g.generateKeyPair();
        }
    }
}
