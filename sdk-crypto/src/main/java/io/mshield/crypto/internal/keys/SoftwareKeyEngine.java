package io.mshield.crypto.internal.keys;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.KeyHandle;
import io.mshield.crypto.SignatureScheme;
import io.mshield.crypto.internal.Allowlist;
import io.mshield.crypto.internal.Signatures;

import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine of the software key storages: keys held in memory, every operation of
 * {@link io.mshield.crypto.KeyStorage} except {@code id}, {@code close} and
 * {@code collaborativeSm2}. A {@link Journal} sees every change before it becomes visible and can
 * veto it by throwing; the file storage persists through it.
 *
 * <p>MAC keys are 32 random bytes used with HMAC-SM3; their handles carry
 * {@link #MAC_HANDLE_ALGORITHM} (the family whose hash they use). Thread-safe: lookups are
 * lock-free, changes are serialised so the journal sees them in order.
 */
public final class SoftwareKeyEngine {
    /** The algorithm written into MAC-key handles: HMAC-SM3 belongs to the SM2/SM3 family. */
    public static final KeyAlgorithm MAC_HANDLE_ALGORITHM = KeyAlgorithm.SM2;
    /** Length of MAC keys in bytes. */
    public static final int MAC_KEY_LENGTH = 32;

    /** Receives changes before they become visible; throwing cancels the change. */
    public interface Journal {
        /**
         * A key pair is about to be added.
         *
         * @param alias     its alias
         * @param algorithm its algorithm
         * @param keyPair   the keys
         */
        void keyPairAdded(String alias, KeyAlgorithm algorithm, KeyPair keyPair);

        /**
         * A MAC key is about to be added.
         *
         * @param alias its alias
         * @param key   the key bytes; the journal must not keep the array
         */
        void macKeyAdded(String alias, byte[] key);

        /**
         * A key is about to be removed.
         *
         * @param alias its alias
         */
        void removed(String alias);

        /**
         * A journal that records nothing.
         *
         * @return the journal
         */
        static Journal none() {
            return NoJournal.INSTANCE;
        }
    }

    private enum NoJournal implements Journal {
        INSTANCE;

        @Override
        public void keyPairAdded(String alias, KeyAlgorithm algorithm, KeyPair keyPair) {
        }

        @Override
        public void macKeyAdded(String alias, byte[] key) {
        }

        @Override
        public void removed(String alias) {
        }
    }

    private interface Entry {
        KeyAlgorithm handleAlgorithm();

        void wipe();
    }

    private static final class KeyPairEntry implements Entry {
        private final KeyAlgorithm algorithm;
        private final KeyPair keyPair;

        KeyPairEntry(KeyAlgorithm algorithm, KeyPair keyPair) {
            this.algorithm = algorithm;
            this.keyPair = keyPair;
        }

        @Override
        public KeyAlgorithm handleAlgorithm() {
            return algorithm;
        }

        @Override
        public void wipe() {
            // JCA private keys of BouncyCastle cannot be destroyed; dropping the reference is all we can do.
        }

        @Override
        public String toString() {
            return "KeyPairEntry[" + algorithm + ", private key redacted]";
        }
    }

    private static final class MacEntry implements Entry {
        private final byte[] key;
        private boolean wiped;

        MacEntry(byte[] key) {
            this.key = key;
        }

        @Override
        public KeyAlgorithm handleAlgorithm() {
            return MAC_HANDLE_ALGORITHM;
        }

        synchronized byte[] mac(byte[] data, String alias) {
            if (wiped) {
                throw notFound(alias);
            }
            return HmacSm3.mac(key, data);
        }

        @Override
        public synchronized void wipe() {
            Arrays.fill(key, (byte) 0);
            wiped = true;
        }

        @Override
        public String toString() {
            return "MacEntry[HMAC-SM3, key redacted]";
        }
    }

    private final String storageId;
    private final SecureRandom random;
    private final Signatures signatures;
    private final Journal journal;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Object changeLock = new Object();
    private volatile boolean closed;

    /**
     * Creates an empty engine.
     *
     * @param storageId  the storage id written into handles
     * @param random     the randomness for keys and aliases
     * @param signatures the signer (carries the SM2 user ID)
     * @param journal    sees every change first
     */
    public SoftwareKeyEngine(String storageId, SecureRandom random, Signatures signatures, Journal journal) {
        this.storageId = Objects.requireNonNull(storageId, "storageId");
        this.random = Objects.requireNonNull(random, "random");
        this.signatures = Objects.requireNonNull(signatures, "signatures");
        this.journal = Objects.requireNonNull(journal, "journal");
    }

    /**
     * The algorithms the engine generates and signs with: all of them.
     *
     * @return an unmodifiable set
     */
    public static Set<KeyAlgorithm> algorithms() {
        return Set.copyOf(EnumSet.allOf(KeyAlgorithm.class));
    }

    /**
     * Puts back a key pair read from persistent storage, without telling the journal.
     *
     * @param alias     the alias
     * @param algorithm the algorithm
     * @param keyPair   the keys
     * @throws ShieldException {@link ErrorCode#KEY_STORAGE_FAILURE} when the stored public key is
     *                         not of {@code algorithm} or is outside the allowlist
     */
    public void restoreKeyPair(String alias, KeyAlgorithm algorithm, KeyPair keyPair) {
        Objects.requireNonNull(algorithm, "algorithm");
        if (KeyAlgorithms.identify(keyPair.getPublic()).orElse(null) != algorithm) {
            throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "stored key pair " + alias + " is not a " + algorithm + " key");
        }
        entries.put(alias, new KeyPairEntry(algorithm, keyPair));
    }

    /**
     * Puts back a MAC key read from persistent storage, without telling the journal.
     *
     * @param alias the alias
     * @param key   the key bytes; the engine takes ownership of the array
     */
    public void restoreMacKey(String alias, byte[] key) {
        entries.put(alias, new MacEntry(key));
    }

    /**
     * Generates a key pair.
     *
     * @param algorithm the algorithm
     * @return its handle
     */
    public KeyHandle generateKeyPair(KeyAlgorithm algorithm) {
        Objects.requireNonNull(algorithm, "algorithm");
        ensureOpen();
        KeyPair keyPair = KeyAlgorithms.generate(algorithm, random);
        synchronized (changeLock) {
            ensureOpen();
            String alias = newAlias(Aliases.KEY_PAIR_PREFIX);
            journal.keyPairAdded(alias, algorithm, keyPair);
            entries.put(alias, new KeyPairEntry(algorithm, keyPair));
            return new KeyHandle(storageId, alias, algorithm);
        }
    }

    /**
     * Generates a MAC key (HMAC-SM3, 32 random bytes).
     *
     * @return its handle
     */
    public KeyHandle generateMacKey() {
        ensureOpen();
        byte[] key = new byte[MAC_KEY_LENGTH];
        random.nextBytes(key);
        synchronized (changeLock) {
            ensureOpen();
            String alias = newAlias(Aliases.MAC_PREFIX);
            try {
                journal.macKeyAdded(alias, key);
            } catch (RuntimeException e) {
                Arrays.fill(key, (byte) 0);
                throw e;
            }
            entries.put(alias, new MacEntry(key));
            return new KeyHandle(storageId, alias, MAC_HANDLE_ALGORITHM);
        }
    }

    /**
     * The public key of a key pair.
     *
     * @param handle the handle
     * @return the public key
     */
    public PublicKey publicKey(KeyHandle handle) {
        return keyPair(handle).keyPair.getPublic();
    }

    /**
     * Signs.
     *
     * @param handle the handle
     * @param scheme a scheme of the key's family
     * @param data   the data
     * @return the signature
     */
    public byte[] sign(KeyHandle handle, SignatureScheme scheme, byte[] data) {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(data, "data");
        KeyPairEntry entry = keyPair(handle);
        Allowlist.bind(scheme, entry.algorithm);
        return signatures.sign(entry.keyPair.getPrivate(), scheme, data);
    }

    /**
     * Computes HMAC-SM3.
     *
     * @param handle the MAC key's handle
     * @param data   the data
     * @return the 32-byte tag
     */
    public byte[] mac(KeyHandle handle, byte[] data) {
        Objects.requireNonNull(data, "data");
        Entry entry = find(handle);
        if (!(entry instanceof MacEntry)) {
            throw new ShieldException(ErrorCode.KEY_NOT_FOUND, "key " + handle.alias() + " is not a MAC key");
        }
        return ((MacEntry) entry).mac(data, handle.alias());
    }

    /**
     * Decrypts SM2 (C1C3C2) for SM2 keys and ECIES for P-256 keys.
     *
     * @param handle     the handle
     * @param ciphertext the ciphertext
     * @return the plaintext
     */
    public byte[] decrypt(KeyHandle handle, byte[] ciphertext) {
        Objects.requireNonNull(ciphertext, "ciphertext");
        KeyPairEntry entry = keyPair(handle);
        switch (entry.algorithm) {
            case SM2:
                return Sm2Encryption.decrypt(entry.keyPair.getPrivate(), ciphertext);
            case EC_P256:
                return EciesP256.decrypt(entry.keyPair.getPrivate(), ciphertext);
            default:
                throw new ShieldException(ErrorCode.ALGORITHM_NOT_SUPPORTED,
                        "decryption is offered for SM2 and P-256 keys, not " + entry.algorithm);
        }
    }

    /**
     * Whether the engine holds the key the handle names.
     *
     * @param handle the handle
     * @return true when present
     */
    public boolean contains(KeyHandle handle) {
        Objects.requireNonNull(handle, "handle");
        ensureOpen();
        return lookup(handle) != null;
    }

    /**
     * Destroys a key; a handle it does not hold is ignored.
     *
     * @param handle the handle
     */
    public void destroy(KeyHandle handle) {
        Objects.requireNonNull(handle, "handle");
        ensureOpen();
        synchronized (changeLock) {
            Entry entry = lookup(handle);
            if (entry == null) {
                return;
            }
            journal.removed(handle.alias());
            entries.remove(handle.alias());
            entry.wipe();
        }
    }

    /**
     * How many keys the engine holds.
     *
     * @return the count
     */
    public int size() {
        return entries.size();
    }

    /**
     * Wipes the MAC keys, drops every key and refuses further use; idempotent.
     */
    public void close() {
        synchronized (changeLock) {
            closed = true;
            entries.values().forEach(Entry::wipe);
            entries.clear();
        }
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true after close
     */
    public boolean isClosed() {
        return closed;
    }

    private String newAlias(String prefix) {
        String alias;
        do {
            alias = Aliases.random(prefix, random);
        } while (entries.containsKey(alias));
        return alias;
    }

    private KeyPairEntry keyPair(KeyHandle handle) {
        Entry entry = find(handle);
        if (!(entry instanceof KeyPairEntry)) {
            throw new ShieldException(ErrorCode.KEY_NOT_FOUND, "key " + handle.alias() + " is not a key pair");
        }
        return (KeyPairEntry) entry;
    }

    private Entry find(KeyHandle handle) {
        Objects.requireNonNull(handle, "handle");
        ensureOpen();
        Entry entry = lookup(handle);
        if (entry == null) {
            throw notFound(handle.alias());
        }
        return entry;
    }

    private Entry lookup(KeyHandle handle) {
        if (!storageId.equals(handle.storage())) {
            return null;
        }
        Entry entry = entries.get(handle.alias());
        return entry != null && entry.handleAlgorithm() == handle.algorithm() ? entry : null;
    }

    private void ensureOpen() {
        if (closed) {
            throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "key storage " + storageId + " is closed");
        }
    }

    private static ShieldException notFound(String alias) {
        return new ShieldException(ErrorCode.KEY_NOT_FOUND, "no key " + alias + " in this key storage");
    }

    @Override
    public String toString() {
        return "SoftwareKeyEngine[storage=" + storageId + ", keys=" + entries.size() + (closed ? ", closed" : "") + "]";
    }
}
