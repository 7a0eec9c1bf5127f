package io.mshield.crypto.keys;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.internal.keys.EciesP256;
import io.mshield.crypto.internal.keys.KeyAlgorithms;
import io.mshield.crypto.internal.keys.Sm2Encryption;

import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * Encrypts to a public key whose private key a {@link io.mshield.crypto.KeyStorage} holds: the
 * phone side of {@link io.mshield.crypto.KeyStorage#decrypt} (R7.4).
 *
 * <ul>
 *   <li>SM2 keys (curve sm2p256v1): SM2 encryption of GB/T 32918.4 with SM3, output
 *       C1 ‖ C3 ‖ C2 (C1 the uncompressed point, 65 bytes; C3 32 bytes; C2 as long as the
 *       message). The message must not be empty.</li>
 *   <li>P-256 keys: ECIES with an ephemeral P-256 key, HKDF-SHA-256 over R ‖ Z with info
 *       {@code "io.mshield ECIES P-256 HKDF-SHA-256 AES-256-GCM v1"}, and AES-256-GCM with an
 *       all-zero 12-byte nonce (the key is used once); output R (65 bytes) ‖ ciphertext ‖ 16-byte
 *       tag.</li>
 * </ul>
 * Other keys are refused with {@link ErrorCode#ALGORITHM_NOT_SUPPORTED}. Immutable and
 * thread-safe as long as the {@link SecureRandom} is (the JDK's are).
 */
public final class PublicKeyEncryption {
    /** The largest plaintext accepted, in bytes (1 MiB). */
    public static final int MAX_PLAINTEXT_LENGTH = 1 << 20;

    private final SecureRandom random;

    /**
     * Creates an encryptor.
     *
     * @param random the source of ephemeral keys
     */
    public PublicKeyEncryption(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Encrypts.
     *
     * @param recipient an SM2 or P-256 public key
     * @param plaintext 1 byte (SM2) or 0 bytes (P-256) up to {@value #MAX_PLAINTEXT_LENGTH} bytes
     * @return the ciphertext in the layout described above
     * @throws ShieldException {@link ErrorCode#ALGORITHM_NOT_SUPPORTED} for another key,
     *                         {@link ErrorCode#INPUT_TOO_LARGE} for a longer plaintext,
     *                         {@link ErrorCode#INVALID_ARGUMENT} for an empty SM2 plaintext
     */
    public byte[] encrypt(PublicKey recipient, byte[] plaintext) {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(plaintext, "plaintext");
        if (plaintext.length > MAX_PLAINTEXT_LENGTH) {
            throw new ShieldException(ErrorCode.INPUT_TOO_LARGE,
                    "plaintext is longer than " + MAX_PLAINTEXT_LENGTH + " bytes");
        }
        KeyAlgorithm algorithm = KeyAlgorithms.identify(recipient).orElseThrow(() -> new ShieldException(
                ErrorCode.ALGORITHM_NOT_SUPPORTED, "encryption needs an SM2 or P-256 public key"));
        switch (algorithm) {
            case SM2:
                return Sm2Encryption.encrypt(recipient, plaintext, random);
            case EC_P256:
                return EciesP256.encrypt(recipient, plaintext, random);
            default:
                throw new ShieldException(ErrorCode.ALGORITHM_NOT_SUPPORTED,
                        "encryption needs an SM2 or P-256 public key, not " + algorithm);
        }
    }

    @Override
    public String toString() {
        return "PublicKeyEncryption[SM2 C1C3C2 | ECIES P-256]";
    }
}
