package io.mshield.crypto;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An opaque reference to a key inside a {@link KeyStorage}. It names the key; it never carries
 * key material, so it may be stored and logged.
 *
 * @param storage   the id of the storage that holds the key ({@link KeyStorage#id()})
 * @param alias     the key's alias inside that storage
 * @param algorithm the key's algorithm
 */
public record KeyHandle(String storage, String alias, KeyAlgorithm algorithm) {
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    /**
     * Validates the handle.
     *
     * @param storage the id of the storage that holds the key ({@link KeyStorage#id()})
     * @param alias the key's alias inside that storage
     * @param algorithm the key's algorithm
     * @throws ShieldException {@link ErrorCode#INVALID_IDENTIFIER} when storage or alias is not 1–128 of {@code [A-Za-z0-9._:-]}
     */
    public KeyHandle {
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(algorithm, "algorithm");
        if (!TOKEN.matcher(storage).matches() || !TOKEN.matcher(alias).matches()) {
            throw new ShieldException(ErrorCode.INVALID_IDENTIFIER,
                    "key handle storage and alias must be 1-128 characters of [A-Za-z0-9._:-]");
        }
    }
}
