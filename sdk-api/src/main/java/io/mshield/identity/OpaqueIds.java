package io.mshield.identity;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;

import java.util.Objects;

/** The one rule shared by the opaque identifiers: 1–64 characters of {@code [A-Za-z0-9._-]}. */
final class OpaqueIds {
    static final int MAX_LENGTH = 64;

    private OpaqueIds() {
    }

    static String check(String value, String kind) {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new ShieldException(ErrorCode.INVALID_IDENTIFIER,
                    kind + " must be 1-" + MAX_LENGTH + " characters, got " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!ok) {
                throw new ShieldException(ErrorCode.INVALID_IDENTIFIER,
                        kind + " may contain only A-Z, a-z, 0-9, '.', '_' and '-' (bad character at index " + i + ")");
            }
        }
        return value;
    }
}
