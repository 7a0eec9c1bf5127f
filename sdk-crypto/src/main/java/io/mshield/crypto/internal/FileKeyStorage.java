package io.mshield.crypto.internal;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.CollaborativeSm2;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.KeyHandle;
import io.mshield.crypto.KeyStorage;
import io.mshield.crypto.SignatureScheme;
import io.mshield.crypto.internal.keys.OwnerOnlyFiles;

import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A password-protected software key store in one file: the keys of a {@link MemoryKeyStorage}
 * (key pairs, secret keys, two-party shares), written after every change, encrypted with
 * AES-256-GCM under a key derived from the password by PBKDF2-HMAC-SHA256 (310,000 iterations,
 * random salt). For development, demos and small deployments; a bank's production keys belong in
 * an HSM. The password has at least {@value #MIN_PASSWORD_LENGTH} characters; the file is written
 * readable by its owner only ({@code rw-------}) and a file others may access is refused
 * ({@link ErrorCode#KEY_STORE_FILE_EXPOSED}). The password is copied and wiped on {@link #close()}. Thread-safe.
 */
public final class FileKeyStorage implements KeyStorage {
    private static final byte[] MAGIC = {'M', 'S', 'K', 'S', 1};
    private static final int ITERATIONS = 310_000;
    /** The shortest password accepted. */
    public static final int MIN_PASSWORD_LENGTH = 8;

    private final Path file;
    private final char[] password;
    private final SecureRandom random;
    private final MemoryKeyStorage keys;

    /**
     * Opens the file, or starts an empty store that will be written there.
     *
     * @param file       the file
     * @param password   the password, at least {@value #MIN_PASSWORD_LENGTH} characters (copied)
     * @param random     the randomness
     * @param signatures the signer
     * @throws ShieldException {@link ErrorCode#INVALID_ARGUMENT} for a shorter password;
     *                         {@link ErrorCode#KEY_STORE_FILE_EXPOSED} when others than the owner may access the file
     */
    public FileKeyStorage(Path file, char[] password, SecureRandom random, Signatures signatures) {
        this.file = Objects.requireNonNull(file, "file");
        if (Objects.requireNonNull(password, "password").length < MIN_PASSWORD_LENGTH) {
            throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "key store password must be at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (Files.exists(file)) {
            OwnerOnlyFiles.requireOwnerOnly(file);
        }
        this.password = password.clone();
        this.random = Objects.requireNonNull(random, "random");
        this.keys = new MemoryKeyStorage("file", random, signatures);
        if (Files.exists(file)) {
            keys.restore(read());
        }
    }

    private Map<String, byte[][]> read() {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "not a MobileShield key store: " + file.getFileName());
            }
            byte[] salt = in.readNBytes(16);
            byte[] iv = in.readNBytes(12);
            byte[] sealed = in.readAllBytes();
            byte[] plain;
            try {
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(Cipher.DECRYPT_MODE, key(salt), new GCMParameterSpec(128, iv));
                plain = c.doFinal(sealed);
            } catch (GeneralSecurityException e) {
                throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "the key store cannot be opened: wrong password or damaged file");
            }
            DataInputStream d = new DataInputStream(new java.io.ByteArrayInputStream(plain));
            Map<String, byte[][]> out = new TreeMap<>();
            int n = d.readInt();
            for (int i = 0; i < n; i++) {
                String alias = d.readUTF();
                byte[][] entry = new byte[d.readInt()][];
                for (int j = 0; j < entry.length; j++) {
                    entry[j] = d.readNBytes(d.readInt());
                }
                out.put(alias, entry);
            }
            Arrays.fill(plain, (byte) 0);
            return out;
        } catch (IOException e) {
            throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "the key store cannot be read", e);
        }
    }

    private synchronized void write() {
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(buf);
            Map<String, byte[][]> entries = keys.snapshot();
            d.writeInt(entries.size());
            for (Map.Entry<String, byte[][]> e : entries.entrySet()) {
                d.writeUTF(e.getKey());
                d.writeInt(e.getValue().length);
                for (byte[] part : e.getValue()) {
                    d.writeInt(part.length);
                    d.write(part);
                }
            }
            byte[] plain = buf.toByteArray();
            byte[] salt = new byte[16];
            byte[] iv = new byte[12];
            random.nextBytes(salt);
            random.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key(salt), new GCMParameterSpec(128, iv));
            byte[] sealed = c.doFinal(plain);
            Arrays.fill(plain, (byte) 0);
            Path tmp = OwnerOnlyFiles.createTemporary(file);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(MAGIC);
            out.write(salt);
            out.write(iv);
            out.write(sealed);
            Files.write(tmp, out.toByteArray());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | GeneralSecurityException e) {
            throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "the key store cannot be written", e);
        }
    }

    private SecretKeySpec key(byte[] salt) throws GeneralSecurityException {
        PBEKeySpec spec = new PBEKeySpec(password, salt, ITERATIONS, 256);
        try {
            return new SecretKeySpec(SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded(), "AES");
        } finally {
            spec.clearPassword();
        }
    }

    @Override
    public String id() {
        return keys.id();
    }

    @Override
    public Set<KeyAlgorithm> algorithms() {
        return keys.algorithms();
    }

    @Override
    public KeyHandle generateKeyPair(KeyAlgorithm algorithm) {
        KeyHandle h = keys.generateKeyPair(algorithm);
        write();
        return h;
    }

    @Override
    public PublicKey publicKey(KeyHandle key) {
        return keys.publicKey(key);
    }

    @Override
    public byte[] sign(KeyHandle key, SignatureScheme scheme, byte[] data) {
        return keys.sign(key, scheme, data);
    }

    @Override
    public KeyHandle generateMacKey() {
        KeyHandle h = keys.generateMacKey();
        write();
        return h;
    }

    @Override
    public byte[] mac(KeyHandle key, byte[] data) {
        return keys.mac(key, data);
    }

    @Override
    public byte[] decrypt(KeyHandle key, byte[] ciphertext) {
        return keys.decrypt(key, ciphertext);
    }

    @Override
    public boolean contains(KeyHandle key) {
        return keys.contains(key);
    }

    @Override
    public void destroy(KeyHandle key) {
        keys.destroy(key);
        write();
    }

    @Override
    public Optional<CollaborativeSm2> collaborativeSm2() {
        CollaborativeSm2 inner = keys.collaborativeSm2().orElseThrow();
        return Optional.of(new CollaborativeSm2() {
            @Override
            public SharedKey generateShare(byte[] p1) {
                SharedKey k = inner.generateShare(p1);
                write();
                return k;
            }

            @Override
            public byte[] digest(PublicKey publicKey, byte[] message) {
                return inner.digest(publicKey, message);
            }

            @Override
            public CoSignature coSign(KeyHandle share, byte[] e, byte[] q1) {
                return inner.coSign(share, e, q1);
            }

            @Override
            public byte[] decryptHalf(KeyHandle share, byte[] t1) {
                return inner.decryptHalf(share, t1);
            }

            @Override
            public Refresh refresh(KeyHandle share) {
                Refresh r = inner.refresh(share);
                write();
                return r;
            }
        });
    }

    @Override
    public void close() {
        keys.close();
        Arrays.fill(password, '\0');
    }

    @Override
    public String toString() {
        return "FileKeyStorage[" + file.getFileName() + "]";
    }
}
