package io.mshield.crypto.internal;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.KeyHandle;
import io.mshield.crypto.SignatureScheme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pooled signers in the in-memory key storage: every pooled signature verifies, and destroyed keys leave nothing behind. */
class SignerPoolTest {
    private final Signatures signatures = Signatures.withDefaultUserId();
    private final MemoryKeyStorage storage = new MemoryKeyStorage("pool-test", new SecureRandom(), signatures);

    @ParameterizedTest
    @EnumSource(SignatureScheme.class)
    void everySignatureFromAReusedSignerVerifiesOverItsOwnData(SignatureScheme scheme) {
        KeyAlgorithm algorithm = switch (scheme.family()) {
            case SM2 -> KeyAlgorithm.SM2;
            case EC -> KeyAlgorithm.EC_P256;
            case EDDSA -> KeyAlgorithm.ED25519;
            case RSA -> KeyAlgorithm.RSA_2048;
        };
        KeyHandle key = storage.generateKeyPair(algorithm);
        for (int i = 0; i < 12; i++) {
            byte[] data = ("payment " + i).getBytes(StandardCharsets.UTF_8);
            byte[] sig = storage.sign(key, scheme, data);
            assertThat(signatures.verify(storage.publicKey(key), scheme, data, sig)).as("signature %d", i).isTrue();
            byte[] other = ("payment " + (i + 1)).getBytes(StandardCharsets.UTF_8);
            assertThat(signatures.verify(storage.publicKey(key), scheme, other, sig)).as("signature %d over other data", i).isFalse();
        }
    }

    @Test
    void concurrentSignersNeverShareStateAndTheIdleSetStaysBounded() throws Exception {
        KeyHandle key = storage.generateKeyPair(KeyAlgorithm.SM2);
        SignerPool pool = new SignerPool(signatures, 8);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                results.add(threads.submit(() -> {
                    boolean all = true;
                    for (int i = 0; i < 25; i++) {
                        byte[] data = ("thread " + thread + " signature " + i).getBytes(StandardCharsets.UTF_8);
                        byte[] sig = pool.sign(key.alias(), storage.privateKey(key), SignatureScheme.SM2_SM3, data, a -> true);
                        all &= signatures.verify(storage.publicKey(key), SignatureScheme.SM2_SM3, data, sig);
                    }
                    return all;
                }));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(pool.idleSigners()).isBetween(1, SignerPool.IDLE_PER_KEY);
    }

    @Test
    void leastRecentlyUsedKeysAreDroppedBeyondTheLimit() {
        SignerPool pool = new SignerPool(signatures, 3);
        for (int i = 0; i < 5; i++) {
            KeyHandle key = storage.generateKeyPair(KeyAlgorithm.EC_P256);
            pool.sign(key.alias(), storage.privateKey(key), SignatureScheme.ECDSA_SHA256, new byte[]{1}, a -> true);
        }
        assertThat(pool.idleSigners()).isEqualTo(3);
    }

    @Test
    void aDestroyedKeyNeitherSignsNorStaysPooled() {
        SignerPool pool = new SignerPool(signatures, 8);
        KeyHandle key = storage.generateKeyPair(KeyAlgorithm.SM2);
        pool.sign(key.alias(), storage.privateKey(key), SignatureScheme.SM2_SM3, new byte[]{1}, a -> true);
        assertThat(pool.idleSigners()).isEqualTo(1);
        pool.forget(key.alias());
        assertThat(pool.idleSigners()).isZero();
        pool.sign(key.alias(), storage.privateKey(key), SignatureScheme.SM2_SM3, new byte[]{1}, a -> false);
        assertThat(pool.idleSigners()).as("a signer is not given back for a key that is gone").isZero();

        storage.sign(key, SignatureScheme.SM2_SM3, new byte[]{2});
        storage.destroy(key);
        assertThatThrownBy(() -> storage.sign(key, SignatureScheme.SM2_SM3, new byte[]{3}))
                .isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.KEY_NOT_FOUND));
    }

    @Test
    void aSchemeOfAnotherFamilyIsRefusedBeforeAnySignerIsMade() {
        KeyHandle key = storage.generateKeyPair(KeyAlgorithm.SM2);
        assertThatThrownBy(() -> storage.sign(key, SignatureScheme.ED25519, new byte[]{1}))
                .isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALGORITHM_NOT_SUPPORTED));
    }
}
