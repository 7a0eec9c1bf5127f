package io.mshield.identity;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;

/**
 * A phone or tablet as the bank's app identifies it (an installation or device identifier chosen by the bank).
 *
 * <p>An opaque identifier: 1 to 64 characters of {@code A-Z a-z 0-9 . _ -}, compared exactly
 * (case-sensitive). The SDK gives it no meaning beyond equality.
 *
 * @param value the identifier
 */
public record DeviceId(String value) {
    /**
     * Validates the identifier.
     *
     * @param value the identifier
     * @throws ShieldException with {@link ErrorCode#INVALID_IDENTIFIER} if it is empty, longer than
     *                         64 characters or contains another character
     */
    public DeviceId {
        OpaqueIds.check(value, "device id");
    }

    /**
     * Creates an identifier.
     *
     * @param value the identifier
     * @return the identifier
     * @throws ShieldException with {@link ErrorCode#INVALID_IDENTIFIER} if malformed
     */
    public static DeviceId of(String value) {
        return new DeviceId(value);
    }

    /**
     * The identifier itself.
     *
     * @return the value
     */
    @Override
    public String toString() {
        return value;
    }
}
