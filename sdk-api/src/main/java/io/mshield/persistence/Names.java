package io.mshield.persistence;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The naming rules of the store, checked by the value types and by implementations.
 */
public final class Names {
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,64}");
    /** The longest key, index value or counter name. */
    public static final int MAX_KEY_LENGTH = 200;

    private Names() {
    }

    /**
     * Checks a collection, index, log or counter-group name: 1–64 of {@code [a-z0-9_]}.
     *
     * @param name the name
     * @param what what it names, for the message
     * @return the name
     */
    public static String requireName(String name, String what) {
        Objects.requireNonNull(name, what);
        if (!NAME.matcher(name).matches()) {
            throw new ShieldException(ErrorCode.INVALID_ARGUMENT, what + " must be 1-64 characters of [a-z0-9_]: " + name);
        }
        return name;
    }

    /**
     * Checks a key, index value or counter key: 1–{@value #MAX_KEY_LENGTH} characters without
     * control characters.
     *
     * @param key  the key
     * @param what what it names, for the message
     * @return the key
     */
    public static String requireKey(String key, String what) {
        Objects.requireNonNull(key, what);
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || key.chars().anyMatch(Character::isISOControl)) {
            throw new ShieldException(ErrorCode.INVALID_ARGUMENT,
                    what + " must be 1-" + MAX_KEY_LENGTH + " characters without control characters");
        }
        return key;
    }
}
