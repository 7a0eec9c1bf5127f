package io.mshield.crypto.internal.keys;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;

import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * SM2 public-key encryption of GB/T 32918.4 with SM3, in the C1‖C3‖C2 layout: C1 is the
 * uncompressed ephemeral point (65 bytes, {@code 04 ‖ x ‖ y}), C3 the 32-byte SM3 check value,
 * C2 the masked message, as long as the message.
 */
public final class Sm2Encryption {
    /** Length of C1, the uncompressed point. */
    public static final int C1_LENGTH = 65;
    /** Length of C3, the SM3 value. */
    public static final int C3_LENGTH = 32;

    private Sm2Encryption() {
    }

    /**
     * Encrypts.
     *
     * @param recipient an SM2 public key (caller checked the curve)
     * @param plaintext at least one byte
     * @param random    the source of the ephemeral scalar k
     * @return C1 ‖ C3 ‖ C2
     */
    public static byte[] encrypt(PublicKey recipient, byte[] plaintext, SecureRandom random) {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(random, "random");
        if (plaintext.length == 0) {
            // BouncyCastle's SM2Engine never returns on an empty message (it retries until C2 != M).
            throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "plaintext must not be empty");
        }
        try {
            ECPublicKeyParameters key = (ECPublicKeyParameters) ECUtil.generatePublicKeyParameter(recipient);
            SM2Engine engine = new SM2Engine(new SM3Digest(), SM2Engine.Mode.C1C3C2);
            engine.init(true, new ParametersWithRandom(key, random));
            return engine.processBlock(plaintext, 0, plaintext.length);
        } catch (InvalidKeyException | InvalidCipherTextException | RuntimeException e) {
            throw new ShieldException(ErrorCode.ALGORITHM_NOT_SUPPORTED, "cannot SM2-encrypt to this key", e);
        }
    }

    /**
     * Decrypts; any malformed or altered ciphertext fails the same way.
     *
     * @param key        the SM2 private key
     * @param ciphertext C1 ‖ C3 ‖ C2
     * @return the plaintext
     * @throws ShieldException {@link ErrorCode#DECRYPTION_FAILED}
     */
    public static byte[] decrypt(PrivateKey key, byte[] ciphertext) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(ciphertext, "ciphertext");
        if (ciphertext.length <= C1_LENGTH + C3_LENGTH || ciphertext[0] != 0x04) {
            throw failed(null);
        }
        try {
            ECPrivateKeyParameters parameters = (ECPrivateKeyParameters) ECUtil.generatePrivateKeyParameter(key);
            SM2Engine engine = new SM2Engine(new SM3Digest(), SM2Engine.Mode.C1C3C2);
            engine.init(false, parameters);
            return engine.processBlock(ciphertext, 0, ciphertext.length);
        } catch (InvalidKeyException | InvalidCipherTextException | RuntimeException e) {
            throw failed(e);
        }
    }

    private static ShieldException failed(Exception cause) {
        return new ShieldException(ErrorCode.DECRYPTION_FAILED, "SM2 ciphertext is malformed or does not decrypt with this key", cause);
    }
}
