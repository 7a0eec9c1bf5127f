package io.mshield.crypto.internal.keys;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Key store files are for their owner only: created {@code rw-------}, and refused when the group
 * or others may touch them. File systems without POSIX permissions are left to their own ACLs.
 */
public final class OwnerOnlyFiles {
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private OwnerOnlyFiles() {
    }

    private static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /**
     * Refuses a file the group or others may access.
     *
     * @param file an existing key store file
     * @throws ShieldException {@link ErrorCode#KEY_STORE_FILE_EXPOSED} when they may;
     *                         {@link ErrorCode#KEY_STORAGE_FAILURE} when its permissions cannot be read
     */
    public static void requireOwnerOnly(Path file) {
        if (!posix(file)) {
            return;
        }
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(file);
        } catch (IOException e) {
            throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "cannot read the permissions of key store file " + file.getFileName(), e);
        }
        if (perms.stream().anyMatch(OTHERS::contains)) {
            throw new ShieldException(ErrorCode.KEY_STORE_FILE_EXPOSED, "key store file " + file.getFileName() + " is "
                    + PosixFilePermissions.toString(perms) + ": others than its owner may access it; chmod 600 it (and treat its keys as exposed)");
        }
    }

    /**
     * Creates an empty file readable and writable by its owner only, beside a key store file.
     *
     * @param file the key store file
     * @return the new temporary file
     * @throws IOException when it cannot be created
     */
    public static Path createTemporary(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        String prefix = file.getFileName() + ".";
        if (posix(dir)) {
            return Files.createTempFile(dir, prefix, ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return Files.createTempFile(dir, prefix, ".tmp");
    }
}
