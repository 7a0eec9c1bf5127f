package io.mshield.crypto.keys;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.CollaborativeSm2;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.KeyHandle;
import io.mshield.crypto.KeyStorage;
import io.mshield.crypto.SignatureScheme;
import io.mshield.crypto.internal.Allowlist;
import io.mshield.crypto.internal.Bc;
import io.mshield.crypto.internal.keys.Aliases;
import io.mshield.crypto.internal.keys.HolderCertificates;
import io.mshield.crypto.internal.keys.KeyAlgorithms;

import io.mshield.crypto.internal.ShareVault;
import io.mshield.crypto.internal.Sm2BankHalf;
import io.mshield.crypto.internal.Sm2Math;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.security.auth.login.LoginException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AuthProvider;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.ProviderException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Security;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link KeyStorage} in an HSM or smart card, through the JDK's SunPKCS11 provider (module
 * {@code jdk.crypto.cryptoki}). The provider instance is configured for one slot and kept
 * private: it is never added to the JVM's provider list.
 *
 * <p>What it does:
 * <ul>
 *   <li>{@link KeyAlgorithm#EC_P256}, {@link KeyAlgorithm#RSA_2048}, {@link KeyAlgorithm#RSA_3072}
 *       and {@link KeyAlgorithm#RSA_4096} (where the token allows it) key pairs are generated in the token with
 *       {@code CKA_SENSITIVE = true} and {@code CKA_EXTRACTABLE = false}, stored as token objects
 *       (label and id = the alias) beside a self-signed holder certificate, and sign in the token
 *       (ECDSA DER and P1363, RSA PKCS#1 v1.5 and PSS). The private key never leaves the token.</li>
 *   <li>MAC keys are 32-byte generic secrets generated in the token, also sensitive and not
 *       extractable, used with {@code CKM_SHA256_HMAC} (HMAC-SHA-256). Their handles carry
 *       {@link #MAC_HANDLE_ALGORITHM}.</li>
 *   <li>The bank's half of two-party SM2 ({@link #collaborativeSm2()}): the SM2 arithmetic runs in
 *       the JVM (the token has no SM2), but no share d2 ever rests in clear. Each share gets its own
 *       AES-256 key generated in the token (sensitive, not extractable, a token object with alias
 *       {@code sh-…}); d2 is encrypted under it in the token with AES-GCM, and the ciphertext
 *       travels in the share's handle (so it rests only in the bank's database, wrapped). Every
 *       operation has the token decrypt it, uses it and drops it; destroying the share deletes its
 *       token key, after which the wrapped value is useless.</li>
 * </ul>
 * What it refuses with {@link ErrorCode#ALGORITHM_NOT_SUPPORTED}:
 * <ul>
 *   <li>SM2: PKCS#11 (up to v3.0) defines no SM2 mechanism and SunPKCS11 knows no SM2 curve;
 *       SM2 HSMs speak GM/T 0018 (SDF), which a vendor implementation of {@link KeyStorage}
 *       should wrap.</li>
 *   <li>Ed25519: SunPKCS11 in Java 17 has no {@code CKM_EDDSA}.</li>
 *   <li>{@link #decrypt}: SM2 decryption needs SM2 (above); ECIES would need the raw ECDH secret
 *       out of the token ({@code CKM_ECDH1_DERIVE} into an extractable key) and the KDF and AES
 *       in software, which defeats the point of the HSM. Decrypt with SM2 in a software storage
 *       or a vendor {@link KeyStorage}.</li>
 * </ul>
 *
 * <p>The slot is chosen by its PKCS#11 slot id or by its index in the slot list: SunPKCS11
 * cannot choose a slot by token label (resolve a label to a slot id with the HSM vendor's tool,
 * e.g. {@code softhsm2-util --show-slots} or {@code pkcs11-tool -L}). The PIN logs the provider
 * in once; the caller's array is cleared before {@link Builder#open} returns and no copy is kept.
 * PKCS#11 login state belongs to the process, not to a session: while one storage of this JVM is
 * logged in to a token, opening another on the same token succeeds whatever PIN it is given, and
 * {@link #close()} (which logs out) logs the other out too. Open one storage per token per JVM. Keys created by other software are ignored unless
 * their alias follows this storage's scheme. Thread-safe.
 */
public final class Pkcs11KeyStorage implements KeyStorage {
    /** The storage id used when the builder is not given one. */
    public static final String DEFAULT_ID = "pkcs11";
    /** The algorithm written into MAC-key handles: HMAC-SHA-256 belongs to the SHA-2 (P-256) family. */
    public static final KeyAlgorithm MAC_HANDLE_ALGORITHM = KeyAlgorithm.EC_P256;

    private static final Set<KeyAlgorithm> ALGORITHMS = Set.of(KeyAlgorithm.EC_P256, KeyAlgorithm.RSA_2048,
            KeyAlgorithm.RSA_3072, KeyAlgorithm.RSA_4096);
    private static final String ATTRIBUTES = ""
            + "attributes(generate, CKO_PRIVATE_KEY, *) = {\n"
            + "  CKA_SENSITIVE = true\n"
            + "  CKA_EXTRACTABLE = false\n"
            + "}\n"
            + "attributes(generate, CKO_SECRET_KEY, *) = {\n"
            + "  CKA_SENSITIVE = true\n"
            + "  CKA_EXTRACTABLE = false\n"
            + "}\n";

    private interface Entry {
        KeyAlgorithm handleAlgorithm();
    }

    private static final class KeyPairEntry implements Entry {
        private final KeyAlgorithm algorithm;
        private final PrivateKey tokenKey;
        private final PublicKey publicKey;

        KeyPairEntry(KeyAlgorithm algorithm, PrivateKey tokenKey, PublicKey publicKey) {
            this.algorithm = algorithm;
            this.tokenKey = tokenKey;
            this.publicKey = publicKey;
        }

        @Override
        public KeyAlgorithm handleAlgorithm() {
            return algorithm;
        }
    }

    private static final class ShareEntry implements Entry {
        private final SecretKey tokenKey;

        ShareEntry(SecretKey tokenKey) {
            this.tokenKey = tokenKey;
        }

        @Override
        public KeyAlgorithm handleAlgorithm() {
            return KeyAlgorithm.SM2;
        }
    }

    private static final class MacEntry implements Entry {
        private final SecretKey tokenKey;

        MacEntry(SecretKey tokenKey) {
            this.tokenKey = tokenKey;
        }

        @Override
        public KeyAlgorithm handleAlgorithm() {
            return MAC_HANDLE_ALGORITHM;
        }
    }

    private final String id;
    private final Path library;
    private final String slotDescription;
    private final SecureRandom random;
    private final Provider provider;
    private final KeyStore keyStore;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Object changeLock = new Object();
    private volatile boolean closed;
    private final Sm2BankHalf bankHalf;

    private Pkcs11KeyStorage(Builder builder, Provider provider, KeyStore keyStore) {
        this.id = builder.id;
        this.library = builder.library;
        this.slotDescription = builder.slotLine();
        this.random = builder.random;
        this.provider = provider;
        this.keyStore = keyStore;
        this.bankHalf = new Sm2BankHalf(new TokenShares(), builder.random, builder.sm2UserId);
    }

    /**
     * Starts a builder.
     *
     * @param library the PKCS#11 module, e.g. {@code /usr/lib/softhsm/libsofthsm2.so}
     * @param random  the source of aliases (keys come from the token's generator)
     * @return the builder
     */
    public static Builder builder(Path library, SecureRandom random) {
        return new Builder(library, random);
    }

    /** Opens a {@link Pkcs11KeyStorage}; not thread-safe. */
    public static final class Builder {
        private final Path library;
        private final SecureRandom random;
        private String id = DEFAULT_ID;
        private long slot = -1;
        private int slotListIndex;
        private String sm2UserId = "1234567812345678";

        private Builder(Path library, SecureRandom random) {
            this.library = Objects.requireNonNull(library, "library").toAbsolutePath().normalize();
            this.random = Objects.requireNonNull(random, "random");
        }

        /**
         * Sets the storage id written into every handle; keep it stable across restarts.
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
         * Chooses the slot by its PKCS#11 slot id (replaces {@link #slotListIndex}).
         *
         * @param slotId the slot id, zero or more
         * @return this builder
         */
        public Builder slot(long slotId) {
            if (slotId < 0) {
                throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "slot id must not be negative");
            }
            this.slot = slotId;
            return this;
        }

        /**
         * Chooses the slot by its index in the module's slot list (replaces {@link #slot}); the
         * default is index 0.
         *
         * @param index the index, zero or more
         * @return this builder
         */
        public Builder slotListIndex(int index) {
            if (index < 0) {
                throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "slot list index must not be negative");
            }
            this.slot = -1;
            this.slotListIndex = index;
            return this;
        }

        /**
         * The SM2 user ID of the two-party SM2 bank half (default {@code 1234567812345678}).
         *
         * @param sm2UserId the user ID
         * @return this builder
         */
        public Builder sm2UserId(String sm2UserId) {
            this.sm2UserId = Objects.requireNonNull(sm2UserId, "sm2UserId");
            return this;
        }

        private String slotLine() {
            return slot >= 0 ? "slot = " + slot : "slotListIndex = " + slotListIndex;
        }

        /**
         * Loads the module, logs in with the PIN and reads the keys this storage made before.
         *
         * @param pin the user PIN; cleared before return
         * @return the open storage
         * @throws ShieldException {@link ErrorCode#INVALID_ARGUMENT} when the library is missing;
         *                         {@link ErrorCode#KEY_STORAGE_FAILURE} when the module, the slot
         *                         or the login fails
         */
        public Pkcs11KeyStorage open(char[] pin) {
            Objects.requireNonNull(pin, "pin");
            char[] copy = pin.clone();
            Arrays.fill(pin, '\0');
            try {
                String path = library.toString();
                if (!Files.isRegularFile(library) || path.indexOf('"') >= 0 || path.indexOf('\n') >= 0) {
                    throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "PKCS#11 library " + library + " not found");
                }
                Provider base = Security.getProvider("SunPKCS11");
                if (base == null) {
                    throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE,
                            "the SunPKCS11 provider (module jdk.crypto.cryptoki) is not in this runtime");
                }
                String config = "--name = MobileShield\n"
                        + "library = \"" + path + "\"\n"
                        + slotLine() + "\n"
                        + ATTRIBUTES;
                Provider provider;
                try {
                    provider = base.configure(config);
                } catch (ProviderException | IllegalArgumentException e) {
                    throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE,
                            "cannot load PKCS#11 library " + library + " with " + slotLine(), e);
                }
                KeyStore keyStore;
                try {
                    keyStore = KeyStore.getInstance("PKCS11", provider);
                    keyStore.load(null, copy);
                } catch (IOException | GeneralSecurityException | ProviderException e) {
                    throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE,
                            "PKCS#11 login failed on " + slotLine() + " (wrong PIN, locked PIN or no token)", e);
                }
                Pkcs11KeyStorage storage = new Pkcs11KeyStorage(this, provider, keyStore);
                storage.restore();
                return storage;
            } finally {
                Arrays.fill(copy, '\0');
            }
        }
    }

    private void restore() {
        try {
            for (String alias : Collections.list(keyStore.aliases())) {
                if (!Aliases.isValidToken(alias) || !keyStore.isKeyEntry(alias)) {
                    continue;
                }
                Key key = keyStore.getKey(alias, null);
                if (key instanceof PrivateKey && alias.startsWith(Aliases.KEY_PAIR_PREFIX)) {
                    Certificate certificate = keyStore.getCertificate(alias);
                    if (certificate == null) {
                        continue;
                    }
                    PublicKey publicKey = toBouncyCastle(certificate.getPublicKey());
                    Optional<KeyAlgorithm> algorithm = KeyAlgorithms.identify(publicKey);
                    if (algorithm.isPresent() && ALGORITHMS.contains(algorithm.get())) {
                        entries.put(alias, new KeyPairEntry(algorithm.get(), (PrivateKey) key, publicKey));
                    }
                } else if (key instanceof SecretKey && alias.startsWith(Aliases.MAC_PREFIX)) {
                    entries.put(alias, new MacEntry((SecretKey) key));
                } else if (key instanceof SecretKey && alias.startsWith(Aliases.SHARE_PREFIX)) {
                    entries.put(alias, new ShareEntry((SecretKey) key));
                }
            }
        } catch (GeneralSecurityException | ProviderException e) {
            throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "cannot list the keys of the PKCS#11 token", e);
        }
    }

    @Override
    public String id() {
        return id;
    }

    /**
     * P-256, RSA-2048, RSA-3072 and RSA-4096.
     *
     * @return an unmodifiable set
     */
    @Override
    public Set<KeyAlgorithm> algorithms() {
        return ALGORITHMS;
    }

    /**
     * Generates a key pair in the token, sensitive and not extractable, and stores it as a token
     * object.
     *
     * @param algorithm P-256, RSA-2048, RSA-3072 or RSA-4096
     * @return the handle
     * @throws ShieldException {@link ErrorCode#ALGORITHM_NOT_SUPPORTED} for SM2 and Ed25519
     */
    @Override
    public KeyHandle generateKeyPair(KeyAlgorithm algorithm) {
        Objects.requireNonNull(algorithm, "algorithm");
        ensureOpen();
        if (!ALGORITHMS.contains(algorithm)) {
            throw unsupported(algorithm);
        }
        KeyPair keyPair;
        try {
            KeyPairGenerator generator;
            if (algorithm == KeyAlgorithm.EC_P256) {
                generator = KeyPairGenerator.getInstance("EC", provider);
                generator.initialize(new ECGenParameterSpec(KeyAlgorithms.P256_CURVE));
            } else {
                generator = KeyPairGenerator.getInstance("RSA", provider);
                generator.initialize(new RSAKeyGenParameterSpec(algorithm.bits(), RSAKeyGenParameterSpec.F4));
            }
            keyPair = generator.generateKeyPair();
        } catch (GeneralSecurityException | ProviderException e) {
            throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "the token cannot generate a " + algorithm + " key", e);
        }
        PublicKey publicKey = toBouncyCastle(keyPair.getPublic());
        synchronized (changeLock) {
            ensureOpen();
            String alias = newAlias(Aliases.KEY_PAIR_PREFIX);
            byte[] holder = HolderCertificates.create(alias, algorithm, keyPair.getPublic(), keyPair.getPrivate(),
                    provider, random);
            try {
                keyStore.setKeyEntry(alias, keyPair.getPrivate(), null,
                        new Certificate[]{HolderCertificates.parseWithJdk(holder)});
                Key stored = keyStore.getKey(alias, null);
                entries.put(alias, new KeyPairEntry(algorithm, (PrivateKey) stored, publicKey));
            } catch (GeneralSecurityException | ProviderException | ClassCastException e) {
                deleteQuietly(alias);
                throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "cannot store a " + algorithm + " key in the token", e);
            }
            return new KeyHandle(id, alias, algorithm);
        }
    }

    @Override
    public PublicKey publicKey(KeyHandle key) {
        return keyPair(key).publicKey;
    }

    @Override
    public byte[] sign(KeyHandle key, SignatureScheme scheme, byte[] data) {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(data, "data");
        KeyPairEntry entry = keyPair(key);
        Allowlist.bind(scheme, entry.algorithm);
        try {
            Signature signature;
            switch (scheme) {
                case ECDSA_SHA256:
                    signature = Signature.getInstance("SHA256withECDSA", provider);
                    break;
                case ECDSA_SHA256_P1363:
                    signature = Signature.getInstance("SHA256withECDSAinP1363Format", provider);
                    break;
                case RSA_PKCS1_SHA256:
                    signature = Signature.getInstance("SHA256withRSA", provider);
                    break;
                case RSA_PSS_SHA256:
                    signature = Signature.getInstance("RSASSA-PSS", provider);
                    signature.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                    break;
                default:
                    throw new ShieldException(ErrorCode.ALGORITHM_NOT_SUPPORTED, "the token cannot sign " + scheme);
            }
            signature.initSign(entry.tokenKey);
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException | ProviderException e) {
            throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "the token failed to sign with " + scheme, e);
        }
    }

    /** A 256-bit secret key made in the token (sensitive, not extractable), not yet stored under an alias. */
    private SecretKey generateSecretKey(String algorithm, String what) {
        try {
            KeyGenerator generator = KeyGenerator.getInstance(algorithm, provider);
            generator.init(256);
            return generator.generateKey();
        } catch (GeneralSecurityException | ProviderException e) {
            throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "the token cannot generate " + what, e);
        }
    }

    /**
     * Generates a 32-byte HMAC-SHA-256 key in the token, sensitive and not extractable.
     *
     * @return the handle, carrying {@link #MAC_HANDLE_ALGORITHM}
     */
    @Override
    public KeyHandle generateMacKey() {
        ensureOpen();
        SecretKey key = generateSecretKey("HmacSHA256", "an HMAC key");
        synchronized (changeLock) {
            ensureOpen();
            String alias = newAlias(Aliases.MAC_PREFIX);
            try {
                keyStore.setEntry(alias, new KeyStore.SecretKeyEntry(key), null);
                Key stored = keyStore.getKey(alias, null);
                entries.put(alias, new MacEntry((SecretKey) stored));
            } catch (GeneralSecurityException | ProviderException | ClassCastException e) {
                deleteQuietly(alias);
                throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "cannot store an HMAC key in the token", e);
            }
            return new KeyHandle(id, alias, MAC_HANDLE_ALGORITHM);
        }
    }

    /**
     * Computes HMAC-SHA-256 in the token.
     *
     * @param key  the MAC key's handle
     * @param data the data
     * @return the 32-byte tag
     */
    @Override
    public byte[] mac(KeyHandle key, byte[] data) {
        Objects.requireNonNull(data, "data");
        Entry entry = find(key);
        if (!(entry instanceof MacEntry)) {
            throw new ShieldException(ErrorCode.KEY_NOT_FOUND, "key " + key.alias() + " is not a MAC key");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256", provider);
            mac.init(((MacEntry) entry).tokenKey);
            return mac.doFinal(data);
        } catch (GeneralSecurityException | ProviderException e) {
            throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "the token failed to compute an HMAC", e);
        }
    }

    /**
     * Refused: see the class description.
     *
     * @param key        the handle
     * @param ciphertext the ciphertext
     * @return never
     * @throws ShieldException {@link ErrorCode#ALGORITHM_NOT_SUPPORTED} for every key pair,
     *                         {@link ErrorCode#KEY_NOT_FOUND} for an unknown handle
     */
    @Override
    public byte[] decrypt(KeyHandle key, byte[] ciphertext) {
        Objects.requireNonNull(ciphertext, "ciphertext");
        KeyPairEntry entry = keyPair(key);
        throw new ShieldException(ErrorCode.ALGORITHM_NOT_SUPPORTED,
                "the PKCS#11 key storage does not decrypt (" + entry.algorithm + " key): SM2 has no PKCS#11 "
                        + "mechanism, and ECIES would have to take the ECDH secret out of the token");
    }

    @Override
    public boolean contains(KeyHandle key) {
        Objects.requireNonNull(key, "key");
        ensureOpen();
        return lookup(key) != null;
    }

    @Override
    public void destroy(KeyHandle key) {
        Objects.requireNonNull(key, "key");
        ensureOpen();
        synchronized (changeLock) {
            if (lookup(key) == null) {
                return;
            }
            String alias = entryAlias(key);
            try {
                keyStore.deleteEntry(alias);
            } catch (GeneralSecurityException | ProviderException e) {
                throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "cannot delete key " + alias + " from the token", e);
            }
            entries.remove(alias);
        }
    }

    /**
     * The bank's half of two-party SM2, with every share wrapped under its own AES key in the token
     * (see the class description).
     *
     * @return the bank half
     */
    @Override
    public Optional<CollaborativeSm2> collaborativeSm2() {
        return Optional.of(bankHalf);
    }

    /** Shares wrapped by per-share AES keys in the token; the ciphertext rides in the handle. */
    private final class TokenShares implements ShareVault {
        private static final int ALIAS_RANDOM_BYTES = 8;
        private static final int TAG_BITS = 128;

        @Override
        public KeyHandle store(BigInteger d2) {
            ensureOpen();
            SecretKey key = generateSecretKey("AES", "an AES key");
            synchronized (changeLock) {
                ensureOpen();
                String alias = newAlias(Aliases.SHARE_PREFIX, ALIAS_RANDOM_BYTES);
                byte[] clear = Sm2Math.fixed32(d2);
                try {
                    keyStore.setEntry(alias, new KeyStore.SecretKeyEntry(key), null);
                    SecretKey stored = (SecretKey) keyStore.getKey(alias, null);
                    byte[] wrapped = cipher(Cipher.ENCRYPT_MODE, stored, clear);
                    entries.put(alias, new ShareEntry(stored));
                    return new KeyHandle(id, alias + "." + HexFormat.of().formatHex(wrapped), KeyAlgorithm.SM2);
                } catch (GeneralSecurityException | ProviderException | ClassCastException e) {
                    deleteQuietly(alias);
                    throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "cannot wrap a two-party share in the token", e);
                } finally {
                    Arrays.fill(clear, (byte) 0);
                }
            }
        }

        @Override
        public BigInteger unwrap(KeyHandle share) {
            Entry entry = find(share);
            String alias = share.alias();
            int dot = alias.indexOf('.');
            if (!(entry instanceof ShareEntry se) || dot < 0) {
                throw new ShieldException(ErrorCode.KEY_NOT_FOUND, "key " + alias + " is not a two-party share");
            }
            byte[] wrapped;
            try {
                wrapped = HexFormat.of().parseHex(alias, dot + 1, alias.length());
            } catch (IllegalArgumentException e) {
                throw new ShieldException(ErrorCode.KEY_NOT_FOUND, "key " + alias.substring(0, dot) + " has a malformed wrapped share");
            }
            byte[] clear = null;
            try {
                clear = cipher(Cipher.DECRYPT_MODE, se.tokenKey, wrapped);
                return new BigInteger(1, clear);
            } catch (GeneralSecurityException | ProviderException e) {
                throw new ShieldException(ErrorCode.KEY_NOT_FOUND, "the wrapped share of " + alias.substring(0, dot)
                        + " does not unwrap under its token key", e);
            } finally {
                if (clear != null) {
                    Arrays.fill(clear, (byte) 0);
                }
            }
        }

        @Override
        public void destroy(KeyHandle share) {
            Pkcs11KeyStorage.this.destroy(share);
        }

        // one key per share encrypts exactly one value, so a fixed nonce is never reused under a key
        private byte[] cipher(int mode, SecretKey key, byte[] data) throws GeneralSecurityException {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding", provider);
            c.init(mode, key, new GCMParameterSpec(TAG_BITS, new byte[12]));
            return c.doFinal(data);
        }

        @Override
        public String toString() {
            return "token shares of " + id;
        }
    }

    /** Logs out of the token and refuses further use; idempotent. The token keeps its keys. */
    @Override
    public void close() {
        synchronized (changeLock) {
            if (closed) {
                return;
            }
            closed = true;
            entries.clear();
        }
        if (provider instanceof AuthProvider) {
            try {
                ((AuthProvider) provider).logout();
            } catch (LoginException | ProviderException ignored) {
                // the session ends with the process anyway
            }
        }
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
            throw new ShieldException(ErrorCode.KEY_NOT_FOUND, "no key " + handle.alias() + " in this key storage");
        }
        return entry;
    }

    private Entry lookup(KeyHandle handle) {
        if (!id.equals(handle.storage())) {
            return null;
        }
        Entry entry = entries.get(entryAlias(handle));
        return entry != null && entry.handleAlgorithm() == handle.algorithm() ? entry : null;
    }

    /** The token alias behind a handle: a share's handle is its key's alias, a dot, and the wrapped share. */
    private static String entryAlias(KeyHandle handle) {
        String alias = handle.alias();
        int dot = alias.indexOf('.');
        return alias.startsWith(Aliases.SHARE_PREFIX) && dot > 0 ? alias.substring(0, dot) : alias;
    }

    private String newAlias(String prefix) {
        return newAlias(prefix, Aliases.DEFAULT_RANDOM_BYTES);
    }

    private String newAlias(String prefix, int randomBytes) {
        String alias;
        try {
            do {
                alias = Aliases.random(prefix, random, randomBytes);
            } while (entries.containsKey(alias) || keyStore.containsAlias(alias));
        } catch (GeneralSecurityException | ProviderException e) {
            throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "cannot read the token's aliases", e);
        }
        return alias;
    }

    private void deleteQuietly(String alias) {
        try {
            if (keyStore.containsAlias(alias)) {
                keyStore.deleteEntry(alias);
            }
        } catch (GeneralSecurityException | ProviderException ignored) {
            // the alias is random and unknown to callers; a leftover object is harmless
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "key storage " + id + " is closed");
        }
    }

    private static ShieldException unsupported(KeyAlgorithm algorithm) {
        switch (algorithm) {
            case SM2:
                return new ShieldException(ErrorCode.ALGORITHM_NOT_SUPPORTED, "the PKCS#11 key storage cannot hold SM2 "
                        + "keys: PKCS#11 has no SM2 mechanism and SunPKCS11 knows no SM2 curve; use a vendor KeyStorage "
                        + "for a GM/T 0018 device, or a software storage");
            case ED25519:
                return new ShieldException(ErrorCode.ALGORITHM_NOT_SUPPORTED, "the PKCS#11 key storage cannot hold "
                        + "Ed25519 keys: SunPKCS11 in Java 17 has no CKM_EDDSA");
            default:
                return new ShieldException(ErrorCode.ALGORITHM_NOT_SUPPORTED,
                        "the PKCS#11 key storage cannot hold " + algorithm + " keys");
        }
    }

    private static PublicKey toBouncyCastle(PublicKey key) {
        try {
            return KeyFactory.getInstance(key.getAlgorithm(), Bc.provider())
                    .generatePublic(new X509EncodedKeySpec(key.getEncoded()));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "cannot read a public key from the token", e);
        }
    }

    @Override
    public String toString() {
        return "Pkcs11KeyStorage[id=" + id + ", library=" + library + ", " + slotDescription + ", keys="
                + entries.size() + (closed ? ", closed" : "") + "]";
    }
}
