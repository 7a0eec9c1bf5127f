package io.mshield.enrollment;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The id of an enrollment session: 32 lowercase hex characters chosen at random by the SDK.
 *
 * @param value the id
 */
public record EnrollmentId(String value) {
    private static final Pattern HEX32 = Pattern.compile("[0-9a-f]{32}");

    /**
     * Validates.
     *
     * @param value the id
     * @throws ShieldException {@link ErrorCode#INVALID_IDENTIFIER} when not 32 lowercase hex characters
     */
    public EnrollmentId {
        Objects.requireNonNull(value, "value");
        if (!HEX32.matcher(value).matches()) {
            throw new ShieldException(ErrorCode.INVALID_IDENTIFIER, "an enrollment id is 32 lowercase hex characters");
        }
    }
}
