package io.mshield.crypto.keys;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.CollaborativeSm2;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.KeyHandle;
import io.mshield.crypto.KeyStorage;
import io.mshield.crypto.SignatureScheme;
import io.mshield.crypto.internal.Signatures;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryKeyStorageTest extends AbstractKeyStorageContractTest {

    @Override
    protected KeyStorage newStorage(SecureRandom random) {
        return InMemoryKeyStorage.builder(random).id("memory-test").build();
    }

    @Test
    @DisplayName("offers every algorithm, and no two-party SM2 unless one is given")
    void defaults() {
        InMemoryKeyStorage plain = InMemoryKeyStorage.create(new SecureRandom());
        assertThat(plain.id()).isEqualTo(InMemoryKeyStorage.DEFAULT_ID);
        assertThat(plain.algorithms()).containsExactlyInAnyOrder(KeyAlgorithm.values());
        assertThat(plain.collaborativeSm2()).isEmpty();
        assertThat(plain.toString()).contains("memory").contains("keys=0");
        plain.close();
    }

    @Test
    @DisplayName("R10.6 returns the two-party SM2 half it was built with")
    void collaborativeSm2Hook() {
        CollaborativeSm2 half = new CollaborativeSm2() {
            @Override
            public SharedKey generateShare(byte[] p1) {
                throw new UnsupportedOperationException();
            }

            @Override
            public byte[] digest(java.security.PublicKey publicKey, byte[] message) {
                throw new UnsupportedOperationException();
            }

            @Override
            public CoSignature coSign(KeyHandle share, byte[] e, byte[] q1) {
                throw new UnsupportedOperationException();
            }

            @Override
            public byte[] decryptHalf(KeyHandle share, byte[] t1) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Refresh refresh(KeyHandle share) {
                throw new UnsupportedOperationException();
            }
        };
        try (InMemoryKeyStorage withHalf = InMemoryKeyStorage.builder(new SecureRandom()).collaborativeSm2(half).build()) {
            assertThat(withHalf.collaborativeSm2()).containsSame(half);
        }
    }

    @Test
    @DisplayName("R10.1 SM2 signatures use the configured user ID")
    void sm2UserId() {
        byte[] data = "data".getBytes(StandardCharsets.UTF_8);
        try (InMemoryKeyStorage custom = InMemoryKeyStorage.builder(new SecureRandom()).sm2UserId("bank@example").build()) {
            KeyHandle key = custom.generateKeyPair(KeyAlgorithm.SM2);
            byte[] signature = custom.sign(key, SignatureScheme.SM2_SM3, data);
            assertThat(new Signatures("bank@example").verify(custom.publicKey(key), SignatureScheme.SM2_SM3, data, signature)).isTrue();
            assertThat(Signatures.withDefaultUserId().verify(custom.publicKey(key), SignatureScheme.SM2_SM3, data, signature)).isFalse();
        }
    }

    @Test
    @DisplayName("an invalid storage id is refused with INVALID_IDENTIFIER")
    void invalidId() {
        assertThatThrownBy(() -> InMemoryKeyStorage.builder(new SecureRandom()).id("has space"))
                .isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_IDENTIFIER));
        assertThatThrownBy(() -> InMemoryKeyStorage.builder(new SecureRandom()).sm2UserId(""))
                .isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }
}
