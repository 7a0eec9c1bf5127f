package io.mshield.crypto.bc;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.KeyHandle;
import io.mshield.crypto.KeyStorage;
import io.mshield.crypto.keys.SoftwareKeyStoreFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** CA-PERSIST item 6: the key store file holds the bank's PIN key and key shares, so it is for its owner only. */
class KeyStoreFileHardeningTest {
    private static final String PASSWORD = "long-enough-password";

    @TempDir
    Path dir;

    private static ShieldException refused(Runnable call) {
        return catchThrowableOfType(ShieldException.class, call::run);
    }

    private void assumePosix() {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions only");
    }

    @Test
    @DisplayName("CA-PERSIST 6 an empty or short password is refused with INVALID_ARGUMENT and no file is written")
    void shortPasswordRefused() {
        Path file = dir.resolve("bank-keys.mks");
        for (String pw : new String[]{"", "1234567"}) {
            ShieldException e = refused(() -> BouncyCastleCrypto.keyStoreFile(file, pw.toCharArray()));
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            if (!pw.isEmpty()) {
                assertThat(e.getMessage()).doesNotContain(pw);
            }
        }
        assertThat(file).doesNotExist();
        BouncyCastleCrypto.keyStoreFile(file, "12345678".toCharArray()).close();
    }

    @Test
    @DisplayName("CA-PERSIST 6 the key store file and its temporary files are written owner-only (rw-------)")
    void writtenOwnerOnly() throws Exception {
        assumePosix();
        Path file = dir.resolve("bank-keys.mks");
        try (KeyStorage keys = BouncyCastleCrypto.keyStoreFile(file, PASSWORD.toCharArray())) {
            keys.generateMacKey();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("bank-keys.mks");
        }
        try (SoftwareKeyStoreFile keys = SoftwareKeyStoreFile.open(dir.resolve("keys.bcfks"), PASSWORD.toCharArray(), new SecureRandom())) {
            keys.generateMacKey();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("keys.bcfks")))).isEqualTo("rw-------");
    }

    @Test
    @DisplayName("CA-PERSIST 6 a key store file the group or others can read is refused with KEY_STORE_FILE_EXPOSED, and left as it was")
    void exposedFileRefused() throws Exception {
        assumePosix();
        Path file = dir.resolve("bank-keys.mks");
        KeyHandle key;
        try (KeyStorage keys = BouncyCastleCrypto.keyStoreFile(file, PASSWORD.toCharArray())) {
            key = keys.generateKeyPair(KeyAlgorithm.EC_P256);
        }
        Path other = dir.resolve("keys.bcfks");
        SoftwareKeyStoreFile.open(other, PASSWORD.toCharArray(), new SecureRandom()).close();
        for (String perms : new String[]{"rw-r--r--", "rw-rw----", "rw-----w-"}) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(perms));
            byte[] before = Files.readAllBytes(file);
            ShieldException e = refused(() -> BouncyCastleCrypto.keyStoreFile(file, PASSWORD.toCharArray()));
            assertThat(e.code()).isEqualTo(ErrorCode.KEY_STORE_FILE_EXPOSED);
            assertThat(e.getMessage()).contains(perms).doesNotContain(PASSWORD);
            assertThat(Files.readAllBytes(file)).isEqualTo(before);

            Files.setPosixFilePermissions(other, PosixFilePermissions.fromString(perms));
            assertThat(refused(() -> SoftwareKeyStoreFile.open(other, PASSWORD.toCharArray(), new SecureRandom())).code())
                    .isEqualTo(ErrorCode.KEY_STORE_FILE_EXPOSED);
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        try (KeyStorage keys = BouncyCastleCrypto.keyStoreFile(file, PASSWORD.toCharArray())) {
            assertThat(keys.contains(key)).as("owner-only again, it opens with its keys").isTrue();
        }
    }
}
