package io.mshield.core.internal;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.KeyHandle;
import io.mshield.crypto.KeyStorage;
import io.mshield.persistence.Persistence;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The bank's own keys that the SDK uses: the PIN encryption key pair (the app encrypts PIN
 * blocks to it), the PIN MAC key (PINs are stored as keyed hashes) and the one-time-code MAC key.
 * They live in the key storage; their handles are stored once, so every node of one database
 * uses the same keys — which requires a key storage shared by the nodes (an HSM).
 *
 * @param pinEncryption the PIN encryption key pair
 * @param pinMac        the PIN MAC key
 * @param otpMac        the one-time-code MAC key
 */
public record SystemKeys(KeyHandle pinEncryption, KeyHandle pinMac, KeyHandle otpMac) {
    private static final String COLLECTION = "system";
    private static final String KEY = "keys";

    /**
     * Validates.
     */
    public SystemKeys {
        Objects.requireNonNull(pinEncryption, "pinEncryption");
        Objects.requireNonNull(pinMac, "pinMac");
        Objects.requireNonNull(otpMac, "otpMac");
    }

    /** Stored form. */
    static final class Stored {
        String storage;
        String pinEncryption;
        String pinEncryptionAlgorithm;
        String pinMac;
        String pinMacAlgorithm;
        String otpMac;
        String otpMacAlgorithm;
    }

    /**
     * Reads the keys' handles, or generates the keys and stores their handles the first time. When
     * two nodes start at once, one insert wins; the loser destroys its keys and uses the winner's.
     *
     * @param persistence the store
     * @param storage     the key storage
     * @param json        the codec
     * @return the keys
     */
    public static SystemKeys loadOrCreate(Persistence persistence, KeyStorage storage, Json json) {
        Optional<Stored> existing = persistence.inTransaction(s -> s.get(COLLECTION, KEY).map(d -> json.read(d.body(), Stored.class)));
        if (existing.isPresent()) {
            return fromStored(existing.get(), storage);
        }
        KeyAlgorithm encryption = preferredAlgorithm(storage, "the PIN encryption key");
        KeyHandle pinEnc = storage.generateKeyPair(encryption);
        KeyHandle pinMac = storage.generateMacKey();
        KeyHandle otpMac = storage.generateMacKey();
        Stored st = new Stored();
        st.storage = storage.id();
        st.pinEncryption = pinEnc.alias();
        st.pinEncryptionAlgorithm = encryption.name();
        st.pinMac = pinMac.alias();
        st.pinMacAlgorithm = pinMac.algorithm().name();
        st.otpMac = otpMac.alias();
        st.otpMacAlgorithm = otpMac.algorithm().name();
        try {
            persistence.inTransaction(s -> s.insert(COLLECTION, KEY, json.write(st), Map.of()));
            return new SystemKeys(pinEnc, pinMac, otpMac);
        } catch (ShieldException e) {
            if (e.code() != ErrorCode.ALREADY_EXISTS) {
                throw e;
            }
            storage.destroy(pinEnc);
            storage.destroy(pinMac);
            storage.destroy(otpMac);
            return loadOrCreate(persistence, storage, json);
        }
    }

    private static SystemKeys fromStored(Stored st, KeyStorage storage) {
        if (!storage.id().equals(st.storage)) {
            throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "the database's system keys live in key storage '"
                    + st.storage + "', but this SDK was given '" + storage.id() + "'");
        }
        KeyAlgorithm enc = KeyAlgorithm.valueOf(st.pinEncryptionAlgorithm);
        SystemKeys keys = new SystemKeys(new KeyHandle(st.storage, st.pinEncryption, enc),
                new KeyHandle(st.storage, st.pinMac, KeyAlgorithm.valueOf(st.pinMacAlgorithm)),
                new KeyHandle(st.storage, st.otpMac, KeyAlgorithm.valueOf(st.otpMacAlgorithm)));
        if (!storage.contains(keys.pinEncryption()) || !storage.contains(keys.pinMac()) || !storage.contains(keys.otpMac())) {
            throw new ShieldException(ErrorCode.KEY_NOT_FOUND, "the key storage no longer holds the SDK's PIN and one-time-code keys");
        }
        return keys;
    }

    /** Stored form of one named key. */
    static final class StoredKeyPair {
        String storage;
        String alias;
        String algorithm;
    }

    /**
     * SM2 where the storage offers it, else P-256.
     *
     * @param storage the key storage
     * @param purpose what the key is for, for the error
     * @return the algorithm
     */
    private static KeyAlgorithm preferredAlgorithm(KeyStorage storage, String purpose) {
        KeyAlgorithm algorithm = storage.algorithms().contains(KeyAlgorithm.SM2) ? KeyAlgorithm.SM2 : KeyAlgorithm.EC_P256;
        if (!storage.algorithms().contains(algorithm)) {
            throw new ShieldException(ErrorCode.ALGORITHM_NOT_SUPPORTED, "the key storage supports neither SM2 nor P-256 for " + purpose);
        }
        return algorithm;
    }

    /**
     * Another of the bank's own key pairs, kept under a name beside the system keys: read, or
     * generated (SM2 where offered, else P-256) and its handle stored the first time. When two
     * nodes start at once, one insert wins; the loser destroys its key and uses the winner's.
     *
     * @param persistence the store
     * @param storage     the key storage
     * @param json        the codec
     * @param name        the document's key, such as {@code qr-signing-key}
     * @param purpose     what the key is for, for errors
     * @return the key's handle
     */
    public static KeyHandle namedKeyPair(Persistence persistence, KeyStorage storage, Json json, String name, String purpose) {
        return named(persistence, storage, json, name, purpose, () -> storage.generateKeyPair(preferredAlgorithm(storage, purpose)));
    }

    /**
     * Another of the bank's own secret MAC keys, kept under a name beside the system keys: read, or
     * generated and its handle stored the first time, like {@link #namedKeyPair}.
     *
     * @param persistence the store
     * @param storage     the key storage
     * @param json        the codec
     * @param name        the document's key, such as {@code audit-mac-key}
     * @param purpose     what the key is for, for errors
     * @return the key's handle
     */
    public static KeyHandle namedMacKey(Persistence persistence, KeyStorage storage, Json json, String name, String purpose) {
        return named(persistence, storage, json, name, purpose, storage::generateMacKey);
    }

    private static KeyHandle named(Persistence persistence, KeyStorage storage, Json json, String name, String purpose,
                                   Supplier<KeyHandle> generate) {
        Optional<StoredKeyPair> existing = persistence.inTransaction(s -> s.get(COLLECTION, name)
                .map(d -> json.read(d.body(), StoredKeyPair.class)));
        if (existing.isPresent()) {
            KeyHandle handle = new KeyHandle(existing.get().storage, existing.get().alias, KeyAlgorithm.valueOf(existing.get().algorithm));
            if (!storage.id().equals(handle.storage()) || !storage.contains(handle)) {
                throw new ShieldException(ErrorCode.KEY_NOT_FOUND, "the key storage no longer holds " + purpose);
            }
            return handle;
        }
        KeyHandle handle = generate.get();
        StoredKeyPair st = new StoredKeyPair();
        st.storage = storage.id();
        st.alias = handle.alias();
        st.algorithm = handle.algorithm().name();
        try {
            persistence.inTransaction(s -> s.insert(COLLECTION, name, json.write(st), Map.of()));
            return handle;
        } catch (ShieldException e) {
            if (e.code() != ErrorCode.ALREADY_EXISTS) {
                throw e;
            }
            storage.destroy(handle);
            return named(persistence, storage, json, name, purpose, generate);
        }
    }
}
