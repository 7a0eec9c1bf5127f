package io.mshield.identity;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;

/**
 * A person as the bank's systems identify them (a user or customer number, never the ID number).
 *
 * <p>An opaque identifier: 1 to 64 characters of {@code A-Z a-z 0-9 . _ -}, compared exactly
 * (case-sensitive). The SDK gives it no meaning beyond equality.
 *
 * @param value the identifier
 */
public record UserId(String value) {
    /**
     * Validates the identifier.
     *
     * @param value the identifier
     * @throws ShieldException with {@link ErrorCode#INVALID_IDENTIFIER} if it is empty, longer than
     *                         64 characters or contains another character
     */
    public UserId {
        OpaqueIds.check(value, "user id");
    }

    /**
     * Creates an identifier.
     *
     * @param value the identifier
     * @return the identifier
     * @throws ShieldException with {@link ErrorCode#INVALID_IDENTIFIER} if malformed
     */
    public static UserId of(String value) {
        return new UserId(value);
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
