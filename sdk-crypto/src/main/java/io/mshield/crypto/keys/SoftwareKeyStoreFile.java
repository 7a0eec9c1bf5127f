package io.mshield.crypto.keys;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.CollaborativeSm2;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.KeyHandle;
import io.mshield.crypto.KeyStorage;
import io.mshield.crypto.SignatureScheme;
import io.mshield.crypto.internal.Bc;
import io.mshield.crypto.internal.ShareVault;
import io.mshield.crypto.internal.Signatures;
import io.mshield.crypto.internal.Sm2BankHalf;
import io.mshield.crypto.internal.Sm2Math;
import io.mshield.crypto.internal.keys.Aliases;
import io.mshield.crypto.internal.keys.HolderCertificates;
import io.mshield.crypto.internal.keys.KeyAlgorithms;
import io.mshield.crypto.internal.keys.OwnerOnlyFiles;
import io.mshield.crypto.internal.keys.SoftwareKeyEngine;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link KeyStorage} whose keys live in a password-protected key store file and survive
 * restarts. The file is a BouncyCastle FIPS-format key store (BCFKS: PBKDF2-HMAC-SHA-512 and
 * AES-256-CCM per entry, an HMAC over the whole store), read and written through the module's
 * private BouncyCastle provider.
 *
 * <p>Algorithms, MAC keys (HMAC-SM3, 32 bytes, handles carrying {@link KeyAlgorithm#SM2}) and
 * decryption are those of {@link InMemoryKeyStorage}. Each private key is stored with a
 * self-signed holder certificate (BCFKS requires a chain; the certificate is never used
 * otherwise); each MAC key as a 256-bit secret entry whose alias starts with {@code mac-}.
 * Entries the storage did not write are left untouched.
 *
 * <p>The bank's half of two-party SM2 ({@link #collaborativeSm2()}) keeps each share d2 as a 256-bit
 * secret entry whose alias starts with {@code sh-}, so d2 rests only encrypted under the file's
 * entry key (AES-256-CCM, key from the password); it is read and decrypted for each operation and
 * not kept in memory.
 *
 * <p>Every change is written at once to a temporary file beside the key store, flushed, and
 * moved over it atomically, so a crash leaves either the old or the new file; a change that
 * cannot be written throws {@link ErrorCode#KEY_STORAGE_FAILURE} and changes nothing. One
 * storage at a time may open a file: it holds an exclusive lock on {@code <file>.lock} until
 * {@link #close()}. New files are created readable by their owner only where the file system
 * supports POSIX permissions, and an existing file the group or others may access is refused with
 * {@link ErrorCode#KEY_STORE_FILE_EXPOSED}.
 *
 * <p>The password is copied and the caller's array is cleared before {@link Builder#open} returns;
 * the copy, needed to write changes, is cleared by {@link #close()}. Thread-safe.
 */
public final class SoftwareKeyStoreFile implements KeyStorage {
    /** The storage id used when the builder is not given one. */
    public static final String DEFAULT_ID = "keystore-file";
    /** The shortest password accepted. */
    public static final int MIN_PASSWORD_LENGTH = 8;

    private static final String TYPE = "BCFKS";

    private final String id;
    private final Path file;
    private final char[] password;
    private final SecureRandom random;
    private final KeyStore keyStore;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final SoftwareKeyEngine engine;
    private final Set<String> shares = ConcurrentHashMap.newKeySet();
    private final FileShares fileShares = new FileShares();
    private final Sm2BankHalf bankHalf;

    private SoftwareKeyStoreFile(Builder builder, char[] password, KeyStore keyStore, FileChannel lockChannel,
                                 FileLock lock) {
        this.id = builder.id;
        this.file = builder.file;
        this.password = password;
        this.random = builder.random;
        this.keyStore = keyStore;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.engine = new SoftwareKeyEngine(id, random, builder.signatures, new FileJournal());
        this.bankHalf = new Sm2BankHalf(fileShares, random, new String(builder.signatures.sm2UserId(), StandardCharsets.UTF_8));
    }

    /**
     * Opens a key store file, creating it when absent, with the id {@value #DEFAULT_ID} and the
     * default SM2 user ID.
     *
     * @param file     the key store file
     * @param password at least {@value #MIN_PASSWORD_LENGTH} characters; cleared before return
     * @param random   the source of keys and aliases
     * @return the open storage
     * @throws ShieldException {@link ErrorCode#KEY_STORAGE_FAILURE} when the file cannot be read
     *                         or written, the password is wrong, or another storage holds it
     */
    public static SoftwareKeyStoreFile open(Path file, char[] password, SecureRandom random) {
        return builder(file, random).open(password);
    }

    /**
     * Starts a builder.
     *
     * @param file   the key store file
     * @param random the source of keys and aliases
     * @return the builder
     */
    public static Builder builder(Path file, SecureRandom random) {
        return new Builder(file, random);
    }

    /** Opens a {@link SoftwareKeyStoreFile}; not thread-safe. */
    public static final class Builder {
        private final Path file;
        private final SecureRandom random;
        private String id = DEFAULT_ID;
        private Signatures signatures = Signatures.withDefaultUserId();

        private Builder(Path file, SecureRandom random) {
            this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
            this.random = Objects.requireNonNull(random, "random");
        }

        /**
         * Sets the storage id written into every handle. Keep it stable across restarts: handles
         * stored elsewhere name it.
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
         * Sets the SM2 user ID used for {@link SignatureScheme#SM2_SM3}; the default is
         * {@code 1234567812345678}.
         *
         * @param sm2UserId 1–8191 bytes in UTF-8
         * @return this builder
         */
        public Builder sm2UserId(String sm2UserId) {
            this.signatures = new Signatures(Objects.requireNonNull(sm2UserId, "sm2UserId"));
            return this;
        }

        /**
         * Opens the file, creating an empty key store when it does not exist.
         *
         * @param password at least {@value #MIN_PASSWORD_LENGTH} characters; cleared before return
         * @return the open storage
         * @throws ShieldException {@link ErrorCode#INVALID_ARGUMENT} for a short password;
         *                         {@link ErrorCode#KEY_STORE_FILE_EXPOSED} when others than the owner may
         *                         access the file; {@link ErrorCode#KEY_STORAGE_FAILURE} when the file cannot be
         *                         read or written, the password is wrong, or another storage holds it
         */
        public SoftwareKeyStoreFile open(char[] password) {
            Objects.requireNonNull(password, "password");
            char[] copy = password.clone();
            Arrays.fill(password, '\0');
            if (copy.length < MIN_PASSWORD_LENGTH) {
                Arrays.fill(copy, '\0');
                throw new ShieldException(ErrorCode.INVALID_ARGUMENT,
                        "key store password must be at least " + MIN_PASSWORD_LENGTH + " characters");
            }
            FileChannel channel = null;
            try {
                channel = FileChannel.open(lockFile(file), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null;
                }
                if (lock == null) {
                    throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE,
                            "key store file " + file + " is open in another key storage");
                }
                KeyStore keyStore = KeyStore.getInstance(TYPE, Bc.provider());
                SoftwareKeyStoreFile storage;
                if (Files.exists(file)) {
                    OwnerOnlyFiles.requireOwnerOnly(file);
                    try (InputStream in = Files.newInputStream(file)) {
                        keyStore.load(in, copy);
                    }
                    storage = new SoftwareKeyStoreFile(this, copy, keyStore, channel, lock);
                    storage.restore();
                } else {
                    keyStore.load(null, null);
                    storage = new SoftwareKeyStoreFile(this, copy, keyStore, channel, lock);
                    storage.persist();
                }
                return storage;
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                Arrays.fill(copy, '\0');
                closeQuietly(channel);
                if (e instanceof ShieldException) {
                    throw (ShieldException) e;
                }
                throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE,
                        "cannot open key store file " + file + ": wrong password, corrupted or unreadable file", e);
            }
        }
    }

    private void restore() throws GeneralSecurityException {
        for (String alias : Collections.list(keyStore.aliases())) {
            if (!keyStore.isKeyEntry(alias) || !Aliases.isValidToken(alias)) {
                continue;
            }
            Key key = keyStore.getKey(alias, password);
            if (key instanceof PrivateKey && alias.startsWith(Aliases.KEY_PAIR_PREFIX)) {
                Certificate certificate = keyStore.getCertificate(alias);
                if (certificate == null) {
                    continue;
                }
                PublicKey publicKey = certificate.getPublicKey();
                Optional<KeyAlgorithm> algorithm = KeyAlgorithms.identify(publicKey);
                if (algorithm.isPresent()) {
                    engine.restoreKeyPair(alias, algorithm.get(), new KeyPair(publicKey, (PrivateKey) key));
                }
            } else if (key instanceof SecretKey && alias.startsWith(Aliases.SHARE_PREFIX)) {
                shares.add(alias);
            } else if (key instanceof SecretKey && alias.startsWith(Aliases.MAC_PREFIX)) {
                byte[] bytes = key.getEncoded();
                if (bytes != null && bytes.length == SoftwareKeyEngine.MAC_KEY_LENGTH) {
                    engine.restoreMacKey(alias, bytes);
                }
            }
        }
    }

    /** Persists every change before the engine makes it visible; called under the engine's change lock. */
    private final class FileJournal implements SoftwareKeyEngine.Journal {
        @Override
        public void keyPairAdded(String alias, KeyAlgorithm algorithm, KeyPair keyPair) {
            byte[] holder = HolderCertificates.create(alias, algorithm, keyPair.getPublic(), keyPair.getPrivate(),
                    Bc.provider(), random);
            Certificate[] chain = {HolderCertificates.parse(holder)};
            try {
                synchronized (keyStore) {
                    keyStore.setKeyEntry(alias, keyPair.getPrivate(), password, chain);
                }
            } catch (GeneralSecurityException e) {
                throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "cannot store a " + algorithm + " key", e);
            }
            persistOrUndo(alias, null);
        }

        @Override
        public void macKeyAdded(String alias, byte[] key) {
            SecretKeySpec secret = new SecretKeySpec(key, "AES");
            try {
                synchronized (keyStore) {
                    keyStore.setKeyEntry(alias, secret, password, null);
                }
            } catch (GeneralSecurityException e) {
                throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "cannot store a MAC key", e);
            }
            persistOrUndo(alias, null);
        }

        @Override
        public void removed(String alias) {
            KeyStore.Entry old;
            KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(password);
            try {
                old = keyStore.getEntry(alias, protection);
                keyStore.deleteEntry(alias);
            } catch (GeneralSecurityException e) {
                throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "cannot delete key " + alias, e);
            }
            persistOrUndo(alias, old);
        }

        private void persistOrUndo(String alias, KeyStore.Entry previous) {
            try {
                persist();
            } catch (ShieldException e) {
                try {
                    if (previous == null) {
                        keyStore.deleteEntry(alias);
                    } else {
                        keyStore.setEntry(alias, previous, new KeyStore.PasswordProtection(password));
                    }
                } catch (GeneralSecurityException undo) {
                    e.addSuppressed(undo);
                }
                throw e;
            }
        }
    }

    private void persist() {
        synchronized (keyStore) {
            persistLocked();
        }
    }

    private void persistLocked() {
        Path temporary = null;
        try {
            temporary = OwnerOnlyFiles.createTemporary(file);
            try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                keyStore.store(out, password);
            }
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
            temporary = null;
        } catch (IOException | GeneralSecurityException e) {
            throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "cannot write key store file " + file, e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // the next successful write replaces the file; a stray temporary file holds only ciphertext
                }
            }
        }
    }

    private static Path lockFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".lock");
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to do: closing releases the lock
            }
        }
    }

    /**
     * The key store file.
     *
     * @return the absolute path
     */
    public Path file() {
        return file;
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
        return engine.contains(key) || isShare(key);
    }

    private boolean isShare(KeyHandle key) {
        return !engine.isClosed() && key.storage().equals(id) && key.algorithm() == KeyAlgorithm.SM2 && shares.contains(key.alias());
    }

    @Override
    public void destroy(KeyHandle key) {
        if (isShare(key)) {
            fileShares.destroy(key);
            return;
        }
        engine.destroy(key);
    }

    /**
     * Two-party SM2 is not offered by this storage yet.
     *
     * @return empty
     */
    @Override
    public Optional<CollaborativeSm2> collaborativeSm2() {
        return Optional.of(bankHalf);
    }

    /** Shares as encrypted secret entries of the file, decrypted per operation. */
    private final class FileShares implements ShareVault {
        @Override
        public KeyHandle store(BigInteger d2) {
            requireOpen();
            byte[] clear = Sm2Math.fixed32(d2);
            synchronized (keyStore) {
                String alias;
                do {
                    alias = Aliases.random(Aliases.SHARE_PREFIX, random);
                } while (shares.contains(alias) || engine.contains(new KeyHandle(id, alias, KeyAlgorithm.SM2)));
                try {
                    keyStore.setKeyEntry(alias, new SecretKeySpec(clear, "AES"), password, null);
                } catch (GeneralSecurityException e) {
                    throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "cannot store a two-party share", e);
                } finally {
                    Arrays.fill(clear, (byte) 0);
                }
                undoUnlessPersisted(alias);
                shares.add(alias);
                return new KeyHandle(id, alias, KeyAlgorithm.SM2);
            }
        }

        @Override
        public BigInteger unwrap(KeyHandle share) {
            Objects.requireNonNull(share, "share");
            requireOpen();
            if (!isShare(share)) {
                throw new ShieldException(ErrorCode.KEY_NOT_FOUND, "no two-party share " + share.alias() + " in key storage " + id);
            }
            byte[] clear = null;
            try {
                Key key;
                synchronized (keyStore) {
                    key = keyStore.getKey(share.alias(), password);
                }
                clear = key == null ? null : key.getEncoded();
                if (clear == null) {
                    throw new ShieldException(ErrorCode.KEY_NOT_FOUND, "no two-party share " + share.alias() + " in key storage " + id);
                }
                return new BigInteger(1, clear);
            } catch (GeneralSecurityException e) {
                throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "cannot read two-party share " + share.alias(), e);
            } finally {
                if (clear != null) {
                    Arrays.fill(clear, (byte) 0);
                }
            }
        }

        @Override
        public void destroy(KeyHandle share) {
            requireOpen();
            synchronized (keyStore) {
                if (!shares.contains(share.alias())) {
                    return;
                }
                KeyStore.Entry old;
                try {
                    old = keyStore.getEntry(share.alias(), new KeyStore.PasswordProtection(password));
                    keyStore.deleteEntry(share.alias());
                } catch (GeneralSecurityException e) {
                    throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "cannot delete two-party share " + share.alias(), e);
                }
                try {
                    persist();
                } catch (ShieldException e) {
                    try {
                        keyStore.setEntry(share.alias(), old, new KeyStore.PasswordProtection(password));
                    } catch (GeneralSecurityException undo) {
                        e.addSuppressed(undo);
                    }
                    throw e;
                }
                shares.remove(share.alias());
            }
        }

        private void undoUnlessPersisted(String alias) {
            try {
                persist();
            } catch (ShieldException e) {
                try {
                    keyStore.deleteEntry(alias);
                } catch (GeneralSecurityException undo) {
                    e.addSuppressed(undo);
                }
                throw e;
            }
        }

        private void requireOpen() {
            if (engine.isClosed()) {
                throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "key storage " + id + " is closed");
            }
        }

        @Override
        public String toString() {
            return "shares of " + id + " (" + shares.size() + ")";
        }
    }

    /** Drops the keys from memory, clears the password copy and releases the file; idempotent. */
    @Override
    public void close() {
        engine.close();
        Arrays.fill(password, '\0');
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } catch (IOException ignored) {
            // closing the channel releases the lock too
        }
        closeQuietly(lockChannel);
    }

    @Override
    public String toString() {
        return "SoftwareKeyStoreFile[id=" + id + ", file=" + file + ", keys=" + engine.size()
                + (engine.isClosed() ? ", closed" : "") + "]";
    }
}
