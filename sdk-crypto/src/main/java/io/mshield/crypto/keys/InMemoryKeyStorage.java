package io.mshield.crypto.keys;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.CollaborativeSm2;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.KeyHandle;
import io.mshield.crypto.KeyStorage;
import io.mshield.crypto.SignatureScheme;
import io.mshield.crypto.internal.Signatures;
import io.mshield.crypto.internal.keys.Aliases;
import io.mshield.crypto.internal.keys.SoftwareKeyEngine;

import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link KeyStorage} that keeps its keys in memory, for tests, demos and quick starts: the keys
 * are lost when the process ends or the storage is closed.
 *
 * <p>Generates and signs with every {@link KeyAlgorithm}; MAC keys are HMAC-SM3 with 32 random
 * bytes (their handles carry {@link KeyAlgorithm#SM2}); decrypts SM2 (GB/T 32918.4, C1‖C3‖C2)
 * for SM2 keys and ECIES for P-256 keys, see {@link PublicKeyEncryption}. Keys and aliases come
 * from the injected {@link SecureRandom}. Thread-safe. {@link #close()} wipes the MAC keys and
 * refuses further use with {@link ErrorCode#KEY_STORAGE_FAILURE}.
 *
 * <pre>{@code
 * KeyStorage keys = InMemoryKeyStorage.create(new SecureRandom());
 * KeyHandle key = keys.generateKeyPair(KeyAlgorithm.SM2);
 * byte[] signature = keys.sign(key, SignatureScheme.SM2_SM3, data);
 * }</pre>
 */
public final class InMemoryKeyStorage implements KeyStorage {
    /** The storage id used when the builder is not given one. */
    public static final String DEFAULT_ID = "memory";

    private final String id;
    private final SoftwareKeyEngine engine;
    private final CollaborativeSm2 collaborativeSm2;

    private InMemoryKeyStorage(Builder builder) {
        this.id = builder.id;
        this.engine = new SoftwareKeyEngine(id, builder.random, builder.signatures,
                SoftwareKeyEngine.Journal.none());
        this.collaborativeSm2 = builder.collaborativeSm2;
    }

    /**
     * Creates a storage with the id {@value #DEFAULT_ID}, the default SM2 user ID and no
     * two-party SM2.
     *
     * @param random the source of keys and aliases
     * @return a new, empty storage
     */
    public static InMemoryKeyStorage create(SecureRandom random) {
        return builder(random).build();
    }

    /**
     * Starts a builder.
     *
     * @param random the source of keys and aliases
     * @return the builder
     */
    public static Builder builder(SecureRandom random) {
        return new Builder(random);
    }

    /** Builds an {@link InMemoryKeyStorage}; not thread-safe. */
    public static final class Builder {
        private final SecureRandom random;
        private String id = DEFAULT_ID;
        private Signatures signatures = Signatures.withDefaultUserId();
        private CollaborativeSm2 collaborativeSm2;

        private Builder(SecureRandom random) {
            this.random = Objects.requireNonNull(random, "random");
        }

        /**
         * Sets the storage id written into every handle.
         *
         * @param id 1–128 characters of {@code [A-Za-z0-9._:-]}
         * @return this builder
         * @throws ShieldException {@link ErrorCode#INVALID_IDENTIFIER} for another id
         */
        public Builder id(String id) {
            Objects.requireNonNull(id, "id");
            if (!Aliases.isValidToken(id)) {
                throw new ShieldException(ErrorCode.INVALID_IDENTIFIER,
                        "key storage id must be 1-128 characters of [A-Za-z0-9._:-]");
            }
            this.id = id;
            return this;
        }

        /**
         * Sets the SM2 user ID (ID_A of GB/T 32918.2) used for {@link SignatureScheme#SM2_SM3};
         * the default is {@code 1234567812345678} (GM/T 0009).
         *
         * @param sm2UserId 1–8191 bytes in UTF-8
         * @return this builder
         */
        public Builder sm2UserId(String sm2UserId) {
            this.signatures = new Signatures(Objects.requireNonNull(sm2UserId, "sm2UserId"));
            return this;
        }

        /**
         * Sets the bank's half of two-party SM2 that {@link #collaborativeSm2()} returns.
         *
         * @param collaborativeSm2 the implementation
         * @return this builder
         */
        public Builder collaborativeSm2(CollaborativeSm2 collaborativeSm2) {
            this.collaborativeSm2 = Objects.requireNonNull(collaborativeSm2, "collaborativeSm2");
            return this;
        }

        /**
         * Builds the storage.
         *
         * @return a new, empty storage
         */
        public InMemoryKeyStorage build() {
            return new InMemoryKeyStorage(this);
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Set<KeyAlgorithm> algorithms() {
        return SoftwareKeyEngine.algorithms();
    }

    @Override
    public KeyHandle generateKeyPair(KeyAlgorithm algorithm) {
        return engine.generateKeyPair(algorithm);
    }

    @Override
    public PublicKey publicKey(KeyHandle key) {
        return engine.publicKey(key);
    }

    @Override
    public byte[] sign(KeyHandle key, SignatureScheme scheme, byte[] data) {
        return engine.sign(key, scheme, data);
    }

    @Override
    public KeyHandle generateMacKey() {
        return engine.generateMacKey();
    }

    @Override
    public byte[] mac(KeyHandle key, byte[] data) {
        return engine.mac(key, data);
    }

    @Override
    public byte[] decrypt(KeyHandle key, byte[] ciphertext) {
        return engine.decrypt(key, ciphertext);
    }

    @Override
    public boolean contains(KeyHandle key) {
        return engine.contains(key);
    }

    @Override
    public void destroy(KeyHandle key) {
        engine.destroy(key);
    }

    /**
     * The bank's half of two-party SM2 given to the builder.
     *
     * @return it, or empty when none was given
     */
    @Override
    public Optional<CollaborativeSm2> collaborativeSm2() {
        return Optional.ofNullable(collaborativeSm2);
    }

    /** Wipes the MAC keys and drops every key; idempotent. */
    @Override
    public void close() {
        engine.close();
    }

    @Override
    public String toString() {
        return "InMemoryKeyStorage[id=" + id + ", keys=" + engine.size() + (engine.isClosed() ? ", closed" : "") + "]";
    }
}
