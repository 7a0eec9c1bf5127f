package io.mshield.crypto.keys;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.KeyHandle;
import io.mshield.crypto.internal.keys.EciesP256;
import io.mshield.crypto.internal.keys.KeyAlgorithms;
import io.mshield.crypto.internal.keys.Sm2Encryption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PublicKeyEncryptionTest {
    private final SecureRandom random = new SecureRandom();
    private final PublicKeyEncryption encryption = new PublicKeyEncryption(random);

    private static void assertCode(ErrorCode code, Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    @DisplayName("R7.4 SM2 ciphertexts are C1 (65) ‖ C3 (32) ‖ C2 (message length); ECIES ones R (65) ‖ body ‖ tag (16)")
    void layouts() {
        byte[] message = new byte[100];
        random.nextBytes(message);
        try (InMemoryKeyStorage storage = InMemoryKeyStorage.create(random)) {
            KeyHandle sm2 = storage.generateKeyPair(KeyAlgorithm.SM2);
            byte[] c = encryption.encrypt(storage.publicKey(sm2), message);
            assertThat(c).hasSize(Sm2Encryption.C1_LENGTH + Sm2Encryption.C3_LENGTH + message.length);
            assertThat(c[0]).isEqualTo((byte) 0x04);
            assertThat(storage.decrypt(sm2, c)).isEqualTo(message);

            KeyHandle p256 = storage.generateKeyPair(KeyAlgorithm.EC_P256);
            byte[] e = encryption.encrypt(storage.publicKey(p256), message);
            assertThat(e).hasSize(EciesP256.POINT_LENGTH + message.length + EciesP256.TAG_LENGTH);
            assertThat(storage.decrypt(p256, e)).isEqualTo(message);
            assertThat(encryption.encrypt(storage.publicKey(p256), message)).as("fresh ephemeral key each time").isNotEqualTo(e);
            byte[] empty = encryption.encrypt(storage.publicKey(p256), new byte[0]);
            assertThat(storage.decrypt(p256, empty)).isEmpty();
        }
    }

    @Test
    @DisplayName("R7.4 keys other than SM2 and P-256, empty SM2 messages and oversized messages are refused")
    void refusals() throws Exception {
        for (KeyAlgorithm algorithm : new KeyAlgorithm[]{KeyAlgorithm.ED25519, KeyAlgorithm.RSA_2048}) {
            KeyPair keyPair = KeyAlgorithms.generate(algorithm, random);
            assertCode(ErrorCode.ALGORITHM_NOT_SUPPORTED, () -> encryption.encrypt(keyPair.getPublic(), new byte[]{1}));
        }
        KeyPairGenerator k1 = KeyPairGenerator.getInstance("EC", io.mshield.crypto.internal.Bc.provider());
        k1.initialize(new ECGenParameterSpec("secp256k1"));
        KeyPair secp256k1 = k1.generateKeyPair();
        assertCode(ErrorCode.ALGORITHM_NOT_SUPPORTED, () -> encryption.encrypt(secp256k1.getPublic(), new byte[]{1}));
        KeyPair sm2 = KeyAlgorithms.generate(KeyAlgorithm.SM2, random);
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> encryption.encrypt(sm2.getPublic(), new byte[0]));
        assertCode(ErrorCode.INPUT_TOO_LARGE,
                () -> encryption.encrypt(sm2.getPublic(), new byte[PublicKeyEncryption.MAX_PLAINTEXT_LENGTH + 1]));
        assertThat(encryption.toString()).contains("SM2");
    }

    @Test
    @DisplayName("R7.4 an ECIES ciphertext whose ephemeral point is not on P-256 gives DECRYPTION_FAILED")
    void pointNotOnCurve() {
        try (InMemoryKeyStorage storage = InMemoryKeyStorage.create(random)) {
            KeyHandle p256 = storage.generateKeyPair(KeyAlgorithm.EC_P256);
            byte[] c = encryption.encrypt(storage.publicKey(p256), new byte[]{1, 2, 3});
            c[64] ^= 0x01; // y no longer matches x
            assertCode(ErrorCode.DECRYPTION_FAILED, () -> storage.decrypt(p256, c));
            KeyHandle sm2 = storage.generateKeyPair(KeyAlgorithm.SM2);
            byte[] s = encryption.encrypt(storage.publicKey(sm2), new byte[]{1, 2, 3});
            s[64] ^= 0x01;
            assertCode(ErrorCode.DECRYPTION_FAILED, () -> storage.decrypt(sm2, s));
        }
    }
}
