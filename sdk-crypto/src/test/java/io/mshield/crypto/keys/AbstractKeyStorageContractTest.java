package io.mshield.crypto.keys;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.KeyHandle;
import io.mshield.crypto.KeyStorage;
import io.mshield.crypto.SignatureScheme;
import io.mshield.crypto.internal.Signatures;
import io.mshield.crypto.internal.keys.KeyAlgorithms;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The contract of {@link KeyStorage}, which every implementation must pass: extend it and
 * implement {@link #newStorage}. Capabilities an implementation documents as refused are
 * declared by overriding {@link #decryptingAlgorithms()}.
 */
public abstract class AbstractKeyStorageContractTest {
    private static final byte[] DATA = "转账 1,000.00 CNY 给 6222 0000 1111".getBytes(StandardCharsets.UTF_8);

    /** The randomness given to the storage; records what it hands out. */
    private RecordingRandom random;
    /** The storage under test, fresh for every test. */
    protected KeyStorage storage;
    private final Signatures signatures = Signatures.withDefaultUserId();

    /** For subclasses. */
    protected AbstractKeyStorageContractTest() {
    }

    /**
     * Creates the storage under test; called once per test, closed after it.
     *
     * @param random the randomness the storage must use for keys and aliases
     * @return a new storage
     */
    protected abstract KeyStorage newStorage(java.security.SecureRandom random);

    /**
     * The algorithms whose keys {@link KeyStorage#decrypt} serves; SM2 and P-256 by default.
     *
     * @return the algorithms
     */
    protected Set<KeyAlgorithm> decryptingAlgorithms() {
        return EnumSet.of(KeyAlgorithm.SM2, KeyAlgorithm.EC_P256);
    }

    @BeforeEach
    void createStorage() {
        random = new RecordingRandom();
        storage = newStorage(random);
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    private static KeyAlgorithm algorithmFor(SignatureScheme scheme) {
        switch (scheme.family()) {
            case SM2:
                return KeyAlgorithm.SM2;
            case EC:
                return KeyAlgorithm.EC_P256;
            case EDDSA:
                return KeyAlgorithm.ED25519;
            default:
                return KeyAlgorithm.RSA_2048;
        }
    }

    /**
     * How many keys each of the six threads of the concurrency test generates; storages whose
     * changes are slow (a file rewritten per change) may lower it.
     *
     * @return at least 2
     */
    protected int concurrencyRounds() {
        return 8;
    }

    /**
     * A supported algorithm whose keys are quick to generate.
     *
     * @return P-256 when supported, else Ed25519 or SM2, else any
     */
    protected KeyAlgorithm cheapAlgorithm() {
        for (KeyAlgorithm algorithm : List.of(KeyAlgorithm.EC_P256, KeyAlgorithm.ED25519, KeyAlgorithm.SM2, KeyAlgorithm.RSA_2048)) {
            if (storage.algorithms().contains(algorithm)) {
                return algorithm;
            }
        }
        return storage.algorithms().iterator().next();
    }

    private void assumeSupported(KeyAlgorithm algorithm) {
        assumeTrue(storage.algorithms().contains(algorithm), storage.id() + " does not offer " + algorithm);
    }

    private static void assertCode(ErrorCode code, Runnable call) {
        ShieldException e = catchThrowableOfType(ShieldException.class, call::run);
        assertThat(e).as("expected ShieldException " + code).isNotNull();
        assertThat(e.code()).isEqualTo(code);
    }

    @Test
    @DisplayName("id is a valid handle token and algorithms are never empty")
    void idAndAlgorithms() {
        assertThat(storage.id()).matches("[A-Za-z0-9._:-]{1,128}");
        assertThat(storage.algorithms()).isNotEmpty();
        assertThatThrownBy(() -> storage.algorithms().add(KeyAlgorithm.SM2)).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @EnumSource(SignatureScheme.class)
    @DisplayName("R10.1 generates a key pair, signs with every scheme of its family, and the signature verifies")
    void signsAndVerifies(SignatureScheme scheme) {
        KeyAlgorithm algorithm = algorithmFor(scheme);
        if (!storage.algorithms().contains(algorithm)) {
            // a storage that does not offer the algorithm says so with the stable code
            assertCode(ErrorCode.ALGORITHM_NOT_SUPPORTED, () -> storage.generateKeyPair(algorithm));
            return;
        }
        KeyHandle key = storage.generateKeyPair(algorithm);

        assertThat(key.storage()).isEqualTo(storage.id());
        assertThat(key.algorithm()).isEqualTo(algorithm);
        assertThat(storage.contains(key)).isTrue();
        PublicKey publicKey = storage.publicKey(key);
        assertThat(KeyAlgorithms.identify(publicKey)).contains(algorithm);

        byte[] signature = storage.sign(key, scheme, DATA);
        assertThat(signatures.verify(publicKey, scheme, DATA, signature)).isTrue();
        assertThat(signatures.verify(publicKey, scheme, "other".getBytes(StandardCharsets.UTF_8), signature)).isFalse();
    }

    @Test
    @DisplayName("R10.1 RSA-3072 keys are generated and sign")
    void rsa3072() {
        assumeSupported(KeyAlgorithm.RSA_3072);
        KeyHandle key = storage.generateKeyPair(KeyAlgorithm.RSA_3072);
        PublicKey publicKey = storage.publicKey(key);
        assertThat(KeyAlgorithms.identify(publicKey)).contains(KeyAlgorithm.RSA_3072);
        byte[] signature = storage.sign(key, SignatureScheme.RSA_PKCS1_SHA256, DATA);
        assertThat(signature).hasSize(384);
        assertThat(signatures.verify(publicKey, SignatureScheme.RSA_PKCS1_SHA256, DATA, signature)).isTrue();
    }

    @Test
    @DisplayName("every generated handle is new")
    void handlesAreDistinct() {
        KeyAlgorithm algorithm = cheapAlgorithm();
        KeyHandle a = storage.generateKeyPair(algorithm);
        KeyHandle b = storage.generateKeyPair(algorithm);
        KeyHandle m = storage.generateMacKey();
        assertThat(List.of(a.alias(), b.alias(), m.alias())).doesNotHaveDuplicates();
        assertThat(storage.publicKey(a)).isNotEqualTo(storage.publicKey(b));
    }

    @Test
    @DisplayName("an unknown handle, another storage's handle or a wrong algorithm gives KEY_NOT_FOUND")
    void unknownHandles() {
        KeyAlgorithm algorithm = cheapAlgorithm();
        KeyHandle real = storage.generateKeyPair(algorithm);
        KeyAlgorithm other = algorithm == KeyAlgorithm.RSA_2048 ? KeyAlgorithm.RSA_3072 : KeyAlgorithm.RSA_2048;
        List<KeyHandle> unknown = List.of(
                new KeyHandle(storage.id(), "kp-00000000000000000000000000000000", algorithm),
                new KeyHandle(storage.id() + "-elsewhere", real.alias(), algorithm),
                new KeyHandle(storage.id(), real.alias(), other));
        for (KeyHandle handle : unknown) {
            assertThat(storage.contains(handle)).isFalse();
            assertCode(ErrorCode.KEY_NOT_FOUND, () -> storage.publicKey(handle));
            assertCode(ErrorCode.KEY_NOT_FOUND, () -> storage.sign(handle, handle.algorithm().defaultScheme(), DATA));
            assertCode(ErrorCode.KEY_NOT_FOUND, () -> storage.mac(handle, DATA));
            assertCode(ErrorCode.KEY_NOT_FOUND, () -> storage.decrypt(handle, new byte[100]));
            storage.destroy(handle);
        }
        assertThat(storage.contains(real)).as("destroying unknown handles leaves the real key").isTrue();
    }

    @Test
    @DisplayName("destroy removes the key and is idempotent")
    void destroyIsIdempotent() {
        KeyAlgorithm algorithm = cheapAlgorithm();
        KeyHandle key = storage.generateKeyPair(algorithm);
        KeyHandle mac = storage.generateMacKey();
        storage.destroy(key);
        storage.destroy(key);
        storage.destroy(mac);
        storage.destroy(mac);
        assertThat(storage.contains(key)).isFalse();
        assertThat(storage.contains(mac)).isFalse();
        assertCode(ErrorCode.KEY_NOT_FOUND, () -> storage.sign(key, algorithm.defaultScheme(), DATA));
        assertCode(ErrorCode.KEY_NOT_FOUND, () -> storage.mac(mac, DATA));
    }

    @Test
    @DisplayName("R10.1 an algorithm or scheme the storage cannot do gives ALGORITHM_NOT_SUPPORTED")
    void unsupportedAlgorithms() {
        for (KeyAlgorithm algorithm : EnumSet.complementOf(EnumSet.copyOf(storage.algorithms()))) {
            ShieldException e = catchThrowableOfType(ShieldException.class, () -> storage.generateKeyPair(algorithm));
            assertThat(e).isNotNull();
            assertThat(e.code()).isEqualTo(ErrorCode.ALGORITHM_NOT_SUPPORTED);
            assertThat(e.getMessage()).isNotBlank();
        }
        for (KeyAlgorithm algorithm : storage.algorithms()) {
            KeyHandle key = storage.generateKeyPair(algorithm);
            for (SignatureScheme scheme : SignatureScheme.values()) {
                if (scheme.family() != algorithm.family()) {
                    assertCode(ErrorCode.ALGORITHM_NOT_SUPPORTED, () -> storage.sign(key, scheme, DATA));
                }
            }
            if (!decryptingAlgorithms().contains(algorithm)) {
                assertCode(ErrorCode.ALGORITHM_NOT_SUPPORTED, () -> storage.decrypt(key, new byte[200]));
            }
            storage.destroy(key);
        }
    }

    @Test
    @DisplayName("R5.4 MAC keys give a stable keyed hash of at least 32 bytes, distinct per key and data")
    void macs() {
        KeyHandle first = storage.generateMacKey();
        KeyHandle second = storage.generateMacKey();
        byte[] tag = storage.mac(first, DATA);
        assertThat(tag.length).isGreaterThanOrEqualTo(32);
        assertThat(storage.mac(first, DATA)).isEqualTo(tag);
        assertThat(storage.mac(first, "other".getBytes(StandardCharsets.UTF_8))).isNotEqualTo(tag);
        assertThat(storage.mac(second, DATA)).isNotEqualTo(tag);
        assertThat(storage.mac(first, new byte[0])).hasSize(tag.length);
        assertCode(ErrorCode.KEY_NOT_FOUND, () -> storage.publicKey(first));
        assertCode(ErrorCode.KEY_NOT_FOUND, () -> storage.sign(first, first.algorithm().defaultScheme(), DATA));
        assertCode(ErrorCode.KEY_NOT_FOUND, () -> storage.decrypt(first, new byte[200]));
        KeyAlgorithm algorithm = cheapAlgorithm();
        KeyHandle pair = storage.generateKeyPair(algorithm);
        assertCode(ErrorCode.KEY_NOT_FOUND, () -> storage.mac(pair, DATA));
    }

    @ParameterizedTest
    @EnumSource(value = KeyAlgorithm.class, names = {"SM2", "EC_P256"})
    @DisplayName("R7.4 decrypts what PublicKeyEncryption encrypted; any altered ciphertext gives DECRYPTION_FAILED")
    void decrypts(KeyAlgorithm algorithm) {
        if (!storage.algorithms().contains(algorithm)) {
            assertCode(ErrorCode.ALGORITHM_NOT_SUPPORTED, () -> storage.generateKeyPair(algorithm));
            return;
        }
        if (!decryptingAlgorithms().contains(algorithm)) {
            // a storage that holds the key but cannot decrypt with it refuses with the stable code
            KeyHandle key = storage.generateKeyPair(algorithm);
            byte[] ciphertext = new PublicKeyEncryption(random).encrypt(storage.publicKey(key), DATA);
            assertCode(ErrorCode.ALGORITHM_NOT_SUPPORTED, () -> storage.decrypt(key, ciphertext));
            return;
        }
        KeyHandle key = storage.generateKeyPair(algorithm);
        PublicKeyEncryption encryption = new PublicKeyEncryption(random);
        byte[] ciphertext = encryption.encrypt(storage.publicKey(key), DATA);
        assertThat(storage.decrypt(key, ciphertext)).isEqualTo(DATA);

        for (int i = 0; i < ciphertext.length; i += 7) {
            byte[] altered = ciphertext.clone();
            altered[i] ^= 0x01;
            assertCode(ErrorCode.DECRYPTION_FAILED, () -> storage.decrypt(key, altered));
        }
        byte[] last = ciphertext.clone();
        last[last.length - 1] ^= (byte) 0x80;
        assertCode(ErrorCode.DECRYPTION_FAILED, () -> storage.decrypt(key, last));
        for (int length : new int[]{0, 1, 64, 65, 96, 97, ciphertext.length - 1}) {
            assertCode(ErrorCode.DECRYPTION_FAILED, () -> storage.decrypt(key, java.util.Arrays.copyOf(ciphertext, length)));
        }
        byte[] extended = java.util.Arrays.copyOf(ciphertext, ciphertext.length + 1);
        assertCode(ErrorCode.DECRYPTION_FAILED, () -> storage.decrypt(key, extended));
        byte[] garbage = new byte[ciphertext.length];
        random.nextBytes(garbage);
        garbage[0] = 0x04;
        assertCode(ErrorCode.DECRYPTION_FAILED, () -> storage.decrypt(key, garbage));

        KeyHandle otherKey = storage.generateKeyPair(algorithm);
        assertCode(ErrorCode.DECRYPTION_FAILED, () -> storage.decrypt(otherKey, ciphertext));
    }

    @Test
    @DisplayName("R10.5 no key material appears in toString() or in exception messages")
    void noSecretsInText() {
        List<String> texts = new ArrayList<>();
        Consumer<Runnable> collect = call -> {
            try {
                call.run();
            } catch (RuntimeException e) {
                for (Throwable t = e; t != null; t = t.getCause()) {
                    texts.add(String.valueOf(t.getMessage()));
                    texts.add(t.toString());
                }
            }
        };
        List<KeyHandle> handles = new ArrayList<>();
        for (KeyAlgorithm algorithm : storage.algorithms()) {
            if (algorithm != KeyAlgorithm.RSA_3072) {
                handles.add(storage.generateKeyPair(algorithm));
            }
        }
        KeyHandle mac = storage.generateMacKey();
        handles.add(mac);
        for (KeyHandle handle : handles) {
            texts.add(handle.toString());
            collect.accept(() -> storage.decrypt(handle, new byte[120]));
            collect.accept(() -> storage.sign(handle, SignatureScheme.ED25519, DATA));
            collect.accept(() -> storage.mac(new KeyHandle(handle.storage(), handle.alias(), KeyAlgorithm.RSA_3072), DATA));
        }
        collect.accept(() -> storage.sign(mac, SignatureScheme.SM2_SM3, DATA));
        texts.add(storage.toString());

        List<byte[]> secrets = random.blocks();
        assertThat(texts).isNotEmpty();
        for (byte[] secret : secrets) {
            String hex = HexFormat.of().formatHex(secret);
            String base64 = Base64.getEncoder().encodeToString(secret);
            for (String text : texts) {
                assertThat(text).doesNotContainIgnoringCase(hex.substring(0, 32)).doesNotContain(base64.substring(0, 24));
            }
        }
    }

    @Test
    @DisplayName("R5.3 concurrent generation, signing, MACs and destruction from real threads stay consistent")
    void threadSafety() throws Exception {
        KeyAlgorithm algorithm = cheapAlgorithm();
        KeyHandle sharedMac = storage.generateMacKey();
        byte[] expectedTag = storage.mac(sharedMac, DATA);
        int threads = 6;
        int rounds = concurrencyRounds();
        Set<String> aliases = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<KeyHandle>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    List<KeyHandle> kept = new ArrayList<>();
                    for (int i = 0; i < rounds; i++) {
                        KeyHandle key = storage.generateKeyPair(algorithm);
                        assertThat(aliases.add(key.alias())).isTrue();
                        byte[] signature = storage.sign(key, algorithm.defaultScheme(), DATA);
                        assertThat(signatures.verify(storage.publicKey(key), algorithm.defaultScheme(), DATA, signature)).isTrue();
                        assertThat(storage.mac(sharedMac, DATA)).isEqualTo(expectedTag);
                        if (i % 2 == 0) {
                            storage.destroy(key);
                            assertThat(storage.contains(key)).isFalse();
                        } else {
                            kept.add(key);
                        }
                    }
                    return kept;
                }));
            }
            start.countDown();
            int kept = 0;
            for (Future<List<KeyHandle>> result : results) {
                for (KeyHandle key : result.get(5, TimeUnit.MINUTES)) {
                    assertThat(storage.contains(key)).isTrue();
                    kept++;
                }
            }
            assertThat(kept).isEqualTo(threads * (rounds / 2));
            assertThat(aliases).hasSize(threads * rounds);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("a closed storage refuses every operation with KEY_STORAGE_FAILURE; close is idempotent")
    void closed() {
        KeyAlgorithm algorithm = cheapAlgorithm();
        KeyHandle key = storage.generateKeyPair(algorithm);
        storage.close();
        storage.close();
        assertCode(ErrorCode.KEY_STORAGE_FAILURE, () -> storage.sign(key, algorithm.defaultScheme(), DATA));
        assertCode(ErrorCode.KEY_STORAGE_FAILURE, () -> storage.generateKeyPair(algorithm));
        assertCode(ErrorCode.KEY_STORAGE_FAILURE, () -> storage.generateMacKey());
        assertCode(ErrorCode.KEY_STORAGE_FAILURE, () -> storage.contains(key));
    }

    @Test
    @DisplayName("null arguments are refused at the boundary")
    void nulls() {
        assertThatThrownBy(() -> storage.generateKeyPair(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> storage.publicKey(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> storage.contains(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> storage.destroy(null)).isInstanceOf(NullPointerException.class);
        KeyHandle mac = storage.generateMacKey();
        assertThatThrownBy(() -> storage.mac(mac, null)).isInstanceOf(NullPointerException.class);
    }

    /**
     * The bank half of two-party SM2 under test; every production storage offers one (the tests
     * are skipped for a storage that offers none, like an in-memory storage built without one).
     *
     * @return the bank half
     */
    protected io.mshield.crypto.CollaborativeSm2 bankHalf() {
        assumeTrue(storage.collaborativeSm2().isPresent(), storage.id() + " offers no two-party SM2 bank half");
        return storage.collaborativeSm2().orElseThrow();
    }

    @Test
    @DisplayName("R10.6 the bank half: a share co-signs a signature any SM2 verifier accepts, half-decrypts an envelope, and lives in the storage")
    void collaborativeSigningAndDecryption() {
        io.mshield.crypto.CollaborativeSm2 bank = bankHalf();
        io.mshield.crypto.twoparty.Sm2TwoPartyPhone phone = new io.mshield.crypto.twoparty.Sm2TwoPartyPhone(new java.security.SecureRandom(),
                "1234567812345678");
        io.mshield.crypto.twoparty.Sm2TwoPartyPhone.Share share = phone.newShare();
        io.mshield.crypto.CollaborativeSm2.SharedKey key = bank.generateShare(share.p1());
        assertThat(storage.contains(key.share())).isTrue();
        assertThat(key.share().storage()).isEqualTo(storage.id());
        for (int i = 0; i < 2; i++) {
            io.mshield.crypto.twoparty.Sm2TwoPartyPhone.Round round = phone.startRound();
            io.mshield.crypto.CollaborativeSm2.CoSignature c = bank.coSign(key.share(), bank.digest(key.publicKey(), DATA), round.q1());
            byte[] sig = phone.finish(share, round, c.r(), c.s2(), c.s3());
            assertThat(signatures.verify(key.publicKey(), SignatureScheme.SM2_SM3, DATA, sig)).isTrue();
        }
        byte[] envelope = new PublicKeyEncryption(new java.security.SecureRandom()).encrypt(key.publicKey(), DATA);
        byte[] t2 = bank.decryptHalf(key.share(), phone.decryptStart(share, envelope));
        assertThat(phone.decryptFinish(envelope, t2)).isEqualTo(DATA);
    }

    @Test
    @DisplayName("R10.6 the bank half: a refresh keeps the joint key and destroys the old share; destroyed shares and bad points are refused by code")
    void collaborativeRefreshAndRefusals() {
        io.mshield.crypto.CollaborativeSm2 bank = bankHalf();
        io.mshield.crypto.twoparty.Sm2TwoPartyPhone phone = new io.mshield.crypto.twoparty.Sm2TwoPartyPhone(new java.security.SecureRandom(),
                "1234567812345678");
        io.mshield.crypto.twoparty.Sm2TwoPartyPhone.Share share = phone.newShare();
        io.mshield.crypto.CollaborativeSm2.SharedKey key = bank.generateShare(share.p1());
        byte[] e = bank.digest(key.publicKey(), DATA);
        io.mshield.crypto.CollaborativeSm2.Refresh refresh = bank.refresh(key.share());
        assertThat(storage.contains(key.share())).as("the old share is destroyed").isFalse();
        assertCode(ErrorCode.KEY_NOT_FOUND, () -> bank.coSign(key.share(), e, phone.startRound().q1()));
        io.mshield.crypto.twoparty.Sm2TwoPartyPhone.Share fresh = io.mshield.crypto.twoparty.Sm2TwoPartyPhone.refresh(share, refresh.t());
        io.mshield.crypto.twoparty.Sm2TwoPartyPhone.Round round = phone.startRound();
        io.mshield.crypto.CollaborativeSm2.CoSignature c = bank.coSign(refresh.share(), e, round.q1());
        assertThat(signatures.verify(key.publicKey(), SignatureScheme.SM2_SM3, DATA, phone.finish(fresh, round, c.r(), c.s2(), c.s3()))).isTrue();
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> bank.coSign(refresh.share(), e, new byte[65]));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> bank.decryptHalf(refresh.share(), new byte[65]));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> bank.generateShare(new byte[]{4, 1, 2}));
        assertCode(ErrorCode.KEY_NOT_FOUND, () -> bank.coSign(new KeyHandle(storage.id(), "sh-00.00", KeyAlgorithm.SM2), e, round.q1()));
        assertThat(refresh.toString()).doesNotContain(refresh.t().toString(16)).doesNotContain(refresh.t().toString());
        storage.destroy(refresh.share());
        storage.destroy(refresh.share());
        assertThat(storage.contains(refresh.share())).isFalse();
        assertCode(ErrorCode.KEY_NOT_FOUND, () -> bank.decryptHalf(refresh.share(), round.q1()));
    }
}
