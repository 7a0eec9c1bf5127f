package io.mshield.crypto.internal;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.KeyAlgorithm;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;

import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Objects;

/** Public-key encryption for digital envelopes and PIN blocks: SM2 (C1C3C2) or ECIES on P-256. */
public final class Envelopes {
    private Envelopes() {
    }

    /**
     * Encrypts.
     *
     * @param key       the recipient
     * @param plaintext the content
     * @param random    the randomness
     * @return the ciphertext
     */
    public static byte[] encrypt(PublicKey key, byte[] plaintext, SecureRandom random) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(plaintext, "plaintext");
        KeyAlgorithm alg = KeyPairs.algorithmOf(key);
        try {
            if (alg == KeyAlgorithm.SM2) {
                SM2Engine engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
                engine.init(true, new ParametersWithRandom((ECPublicKeyParameters) ECUtil.generatePublicKeyParameter(key), random));
                return engine.processBlock(plaintext, 0, plaintext.length);
            }
            if (alg == KeyAlgorithm.EC_P256) {
                // the one P-256 scheme every key storage decrypts (InMemoryKeyStorage, the key store
                // files, MemoryKeyStorage): not BouncyCastle's "ECIES" cipher, whose output they refuse
                return io.mshield.crypto.internal.keys.EciesP256.encrypt(key, plaintext, random);
            }
        } catch (Exception e) {
            throw new ShieldException(ErrorCode.DECRYPTION_FAILED, "cannot encrypt to that key", e);
        }
        throw new ShieldException(ErrorCode.ALGORITHM_NOT_SUPPORTED, "encryption needs an SM2 or P-256 key, not " + alg);
    }
}
