/**
 * The {@link io.mshield.crypto.KeyStorage} implementations a bank constructs, and the phone-side
 * helper that encrypts to a key held in one of them.
 *
 * <ul>
 *   <li>{@link io.mshield.crypto.keys.InMemoryKeyStorage}: keys in memory, for tests, demos and
 *       quick starts; gone when the process ends.</li>
 *   <li>{@link io.mshield.crypto.keys.SoftwareKeyStoreFile}: keys in a password-protected BCFKS
 *       key store file, kept across restarts.</li>
 *   <li>{@link io.mshield.crypto.keys.Pkcs11KeyStorage}: keys generated and used inside an HSM
 *       through the JDK's SunPKCS11 provider, never extractable. P-256 and RSA only.</li>
 *   <li>{@link io.mshield.crypto.keys.PublicKeyEncryption}: SM2 (GB/T 32918.4, C1‖C3‖C2) and
 *       ECIES P-256 encryption to a storage's public key, the counterpart of
 *       {@link io.mshield.crypto.KeyStorage#decrypt}.</li>
 * </ul>
 *
 * <p><b>MAC keys.</b> The software storages compute HMAC-SM3 with 32-byte keys and write
 * {@link io.mshield.crypto.KeyAlgorithm#SM2} into MAC-key handles; the PKCS#11 storage computes
 * HMAC-SHA-256 with a 32-byte generic secret in the token and writes
 * {@link io.mshield.crypto.KeyAlgorithm#EC_P256} (the algorithm field names the family whose hash
 * the MAC uses). The function of a key never changes.
 *
 * <p><b>Two-party SM2.</b> The in-memory storage accepts a bank half through its builder; the
 * production storages return their own from {@link io.mshield.crypto.KeyStorage#collaborativeSm2()},
 * with every share d2 wrapped under a key of the storage and unwrapped only for the operation: the
 * key store file keeps it as an encrypted secret entry, the PKCS#11 storage under a per-share AES
 * key in the token. Nothing here registers a JCA provider globally.
 */
package io.mshield.crypto.keys;
