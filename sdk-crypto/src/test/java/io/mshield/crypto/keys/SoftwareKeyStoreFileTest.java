package io.mshield.crypto.keys;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.KeyHandle;
import io.mshield.crypto.KeyStorage;
import io.mshield.crypto.SignatureScheme;
import io.mshield.crypto.internal.Signatures;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SoftwareKeyStoreFileTest extends AbstractKeyStorageContractTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static final byte[] DATA = "data".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path directory;

    private Path file() {
        return directory.resolve("keys.bcfks");
    }

    @Override
    protected KeyStorage newStorage(SecureRandom random) {
        return SoftwareKeyStoreFile.builder(file(), random).id("file-test").open(PASSWORD.toCharArray());
    }

    /** Every change rewrites the file through two PBKDF2 runs, so the concurrency test stays small. */
    @Override
    protected int concurrencyRounds() {
        return 2;
    }

    private SoftwareKeyStoreFile reopen() {
        return SoftwareKeyStoreFile.builder(file(), new SecureRandom()).id("file-test").open(PASSWORD.toCharArray());
    }

    private static void assertCode(ErrorCode code, Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    @DisplayName("R10.1 keys of every algorithm and MAC keys survive a restart")
    void persistsAcrossRestarts() {
        Map<KeyHandle, PublicKey> pairs = new HashMap<>();
        for (KeyAlgorithm algorithm : List.of(KeyAlgorithm.SM2, KeyAlgorithm.EC_P256, KeyAlgorithm.ED25519, KeyAlgorithm.RSA_2048)) {
            KeyHandle key = storage.generateKeyPair(algorithm);
            pairs.put(key, storage.publicKey(key));
        }
        KeyHandle mac = storage.generateMacKey();
        byte[] tag = storage.mac(mac, DATA);
        KeyHandle destroyed = storage.generateKeyPair(KeyAlgorithm.EC_P256);
        storage.destroy(destroyed);
        storage.close();

        try (SoftwareKeyStoreFile again = reopen()) {
            for (Map.Entry<KeyHandle, PublicKey> pair : pairs.entrySet()) {
                KeyHandle key = pair.getKey();
                assertThat(again.contains(key)).isTrue();
                assertThat(again.publicKey(key)).isEqualTo(pair.getValue());
                SignatureScheme scheme = key.algorithm().defaultScheme();
                byte[] signature = again.sign(key, scheme, DATA);
                assertThat(Signatures.withDefaultUserId().verify(pair.getValue(), scheme, DATA, signature)).isTrue();
            }
            assertThat(again.mac(mac, DATA)).isEqualTo(tag);
            assertThat(again.contains(destroyed)).isFalse();
            assertThat(again.toString()).contains("keys=5");
        }
    }

    @Test
    @DisplayName("R7.4 an SM2 key decrypts after a restart")
    void decryptsAfterRestart() {
        KeyHandle key = storage.generateKeyPair(KeyAlgorithm.SM2);
        byte[] ciphertext = new PublicKeyEncryption(new SecureRandom()).encrypt(storage.publicKey(key), DATA);
        storage.close();
        try (SoftwareKeyStoreFile again = reopen()) {
            assertThat(again.decrypt(key, ciphertext)).isEqualTo(DATA);
        }
    }

    @Test
    @DisplayName("R10.5 the password array is cleared; a wrong password fails and leaves the file as it was")
    void password() throws IOException {
        storage.generateMacKey();
        storage.close();
        byte[] before = Files.readAllBytes(file());

        char[] wrong = "not the password".toCharArray();
        ShieldException e = org.assertj.core.api.Assertions.catchThrowableOfType(ShieldException.class,
                () -> SoftwareKeyStoreFile.open(file(), wrong, new SecureRandom()));
        assertThat(e.code()).isEqualTo(ErrorCode.KEY_STORAGE_FAILURE);
        assertThat(e.getMessage()).doesNotContain("not the password");
        assertThat(wrong).containsOnly('\0');
        assertThat(Files.readAllBytes(file())).isEqualTo(before);

        char[] right = PASSWORD.toCharArray();
        SoftwareKeyStoreFile.open(file(), right, new SecureRandom()).close();
        assertThat(right).containsOnly('\0');

        char[] tooShort = "short".toCharArray();
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> SoftwareKeyStoreFile.open(directory.resolve("other"), tooShort, new SecureRandom()));
        assertThat(tooShort).containsOnly('\0');
    }

    @Test
    @DisplayName("one storage at a time may hold the file")
    void exclusive() {
        assertCode(ErrorCode.KEY_STORAGE_FAILURE, this::reopen);
        storage.close();
        reopen().close();
    }

    @Test
    @DisplayName("R10.5 the file holds no key in the clear and is readable by its owner only")
    void fileContents() throws IOException {
        RecordingRandom random = new RecordingRandom();
        Path other = directory.resolve("other.bcfks");
        List<KeyHandle> keys = new ArrayList<>();
        try (SoftwareKeyStoreFile recorded = SoftwareKeyStoreFile.open(other, PASSWORD.toCharArray(), random)) {
            keys.add(recorded.generateKeyPair(KeyAlgorithm.SM2));
            keys.add(recorded.generateKeyPair(KeyAlgorithm.ED25519));
            keys.add(recorded.generateMacKey());
        }
        String contents = HexFormat.of().formatHex(Files.readAllBytes(other));
        assertThat(random.blocks()).isNotEmpty();
        for (byte[] block : random.blocks()) {
            assertThat(contents).doesNotContain(HexFormat.of().formatHex(block).substring(0, 32));
        }
        if (other.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(other))).isEqualTo("rw-------");
        }
        assertThat(keys).hasSize(3);
    }

    @Test
    @DisplayName("an unreadable file gives KEY_STORAGE_FAILURE")
    void corruptFile() throws IOException {
        storage.close();
        Files.write(file(), new byte[]{0x30, 0x03, 0x02, 0x01, 0x00});
        assertCode(ErrorCode.KEY_STORAGE_FAILURE, this::reopen);
        assertCode(ErrorCode.KEY_STORAGE_FAILURE, () -> SoftwareKeyStoreFile.open(directory.resolve("missing-dir").resolve("k"),
                PASSWORD.toCharArray(), new SecureRandom()));
    }

    @Test
    @DisplayName("a change that cannot be written fails with KEY_STORAGE_FAILURE and changes nothing")
    void unwritableChange() throws IOException {
        KeyHandle kept = storage.generateKeyPair(KeyAlgorithm.EC_P256);
        try (java.util.stream.Stream<Path> files = Files.list(directory)) {
            for (Path p : files.toArray(Path[]::new)) {
                Files.delete(p);
            }
        }
        Files.delete(directory);
        assertCode(ErrorCode.KEY_STORAGE_FAILURE, () -> storage.generateKeyPair(KeyAlgorithm.EC_P256));
        assertCode(ErrorCode.KEY_STORAGE_FAILURE, () -> storage.generateMacKey());
        assertCode(ErrorCode.KEY_STORAGE_FAILURE, () -> storage.destroy(kept));
        assertThat(storage.contains(kept)).isTrue();
        assertThat(storage.toString()).contains("keys=1");
        Files.createDirectories(directory);
    }
}
