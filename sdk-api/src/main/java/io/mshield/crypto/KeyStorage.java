package io.mshield.crypto;

import java.security.PublicKey;
import java.util.Optional;
import java.util.Set;

/**
 * Where the bank's private keys live: an HSM, a software keystore, or memory in tests.
 *
 * <p>Contract for implementations:
 * <ul>
 *   <li>Private keys and secret keys MUST NOT leave the storage; callers hold a {@link KeyHandle}
 *       and ask the storage to sign, MAC or decrypt.</li>
 *   <li>Implementations MUST be thread-safe.</li>
 *   <li>Methods MUST NOT return null. They throw {@link io.mshield.ShieldException} with
 *       {@link io.mshield.ErrorCode#ALGORITHM_NOT_SUPPORTED} for an algorithm they cannot do,
 *       {@link io.mshield.ErrorCode#KEY_NOT_FOUND} for an unknown handle, and
 *       {@link io.mshield.ErrorCode#KEY_STORAGE_FAILURE} when the device fails.</li>
 *   <li>Nothing secret may appear in an exception message or a log line.</li>
 * </ul>
 */
public interface KeyStorage extends AutoCloseable {

    /**
     * A stable id of this storage, recorded in every {@link KeyHandle} it issues.
     *
     * @return 1–128 characters of {@code [A-Za-z0-9._:-]}
     */
    String id();

    /**
     * The algorithms this storage can generate and sign with.
     *
     * @return an unmodifiable set, never null
     */
    Set<KeyAlgorithm> algorithms();

    /**
     * Generates a key pair inside the storage. The private key is not extractable.
     *
     * @param algorithm the algorithm
     * @return the handle of the new key
     */
    KeyHandle generateKeyPair(KeyAlgorithm algorithm);

    /**
     * The public key of a key pair.
     *
     * @param key the handle
     * @return the public key
     */
    PublicKey publicKey(KeyHandle key);

    /**
     * Signs data with a private key.
     *
     * @param key    the handle
     * @param scheme a scheme of the key's family
     * @param data   the data to sign (hashed by the scheme, not pre-hashed)
     * @return the signature value in the scheme's encoding
     */
    byte[] sign(KeyHandle key, SignatureScheme scheme, byte[] data);

    /**
     * Generates a secret key for keyed hashing (HMAC-SM3 or HMAC-SHA-256, at the storage's
     * choice, fixed per key) used to verify PINs without storing them (R5.4).
     *
     * @return the handle of the new key
     */
    KeyHandle generateMacKey();

    /**
     * Computes a keyed hash with a secret key from {@link #generateMacKey()}.
     *
     * @param key  the handle
     * @param data the data
     * @return the MAC, at least 32 bytes
     */
    byte[] mac(KeyHandle key, byte[] data);

    /**
     * Decrypts data encrypted to a key pair's public key (SM2 encryption per GB/T 32918.4 for
     * SM2 keys, ECIES for P-256 keys).
     *
     * @param key        the handle
     * @param ciphertext the ciphertext
     * @return the plaintext
     * @throws io.mshield.ShieldException {@link io.mshield.ErrorCode#DECRYPTION_FAILED} when the ciphertext is malformed or does not decrypt
     */
    byte[] decrypt(KeyHandle key, byte[] ciphertext);

    /**
     * Whether the storage still holds the key.
     *
     * @param key the handle
     * @return true when present
     */
    boolean contains(KeyHandle key);

    /**
     * Destroys a key; idempotent.
     *
     * @param key the handle
     */
    void destroy(KeyHandle key);

    /**
     * The bank's half of two-party SM2, if this storage can hold SM2 key shares.
     *
     * @return the bank half, or empty
     */
    Optional<CollaborativeSm2> collaborativeSm2();

    /** Releases the storage's resources; throws nothing checked. */
    @Override
    void close();
}
