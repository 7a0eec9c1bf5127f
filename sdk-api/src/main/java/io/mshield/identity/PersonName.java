package io.mshield.identity;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;

import java.util.Objects;

/**
 * A person's name as written on their identity document, for example {@code 张三} or
 * {@code ZHANG San}: 1 to 64 characters (Unicode code points), not blank, without control or
 * format characters (no line breaks, tabs, zero-width or bidirectional controls, no unpaired
 * surrogates), without leading or trailing white space. Unassigned and private-use code points are
 * allowed, because rare characters in Chinese names are sometimes encoded so. Names are compared
 * exactly.
 *
 * <p>This is personal data: {@link #toString()} shows only the first character followed by
 * {@code *} for each further character; {@link #value()} gives the full name.
 *
 * @param value the name
 */
public record PersonName(String value) {
    /** The maximum length in Unicode code points. */
    public static final int MAX_LENGTH = 64;

    /**
     * Validates the name.
     *
     * @param value the name
     * @throws ShieldException with {@link ErrorCode#INVALID_ARGUMENT} if it is blank, too long,
     *                         has leading or trailing white space or contains a control or format
     *                         character
     */
    public PersonName {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw invalid("a name must not be blank");
        }
        int length = value.codePointCount(0, value.length());
        if (length > MAX_LENGTH) {
            throw invalid("a name has at most " + MAX_LENGTH + " characters, got " + length);
        }
        if (!value.strip().equals(value)) {
            throw invalid("a name must not start or end with white space");
        }
        value.codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                throw invalid("a name must not contain control or format characters");
            }
        });
    }

    /**
     * Creates a name.
     *
     * @param value the name
     * @return the name
     * @throws ShieldException with {@link ErrorCode#INVALID_ARGUMENT} if it is not acceptable
     */
    public static PersonName of(String value) {
        return new PersonName(value);
    }

    /**
     * The name with every character but the first replaced by {@code *}, for example {@code 张*}.
     *
     * @return the masked name
     */
    public String masked() {
        int first = value.offsetByCodePoints(0, 1);
        int rest = value.codePointCount(first, value.length());
        return value.substring(0, first) + "*".repeat(rest);
    }

    /**
     * The masked name, never the full one.
     *
     * @return {@link #masked()}
     */
    @Override
    public String toString() {
        return masked();
    }

    private static ShieldException invalid(String message) {
        return new ShieldException(ErrorCode.INVALID_ARGUMENT, message);
    }
}
