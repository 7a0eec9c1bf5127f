package io.mshield.transaction;

import java.util.Objects;

/**
 * The id of an authorization: 32 lowercase hex characters chosen at random by the SDK.
 *
 * @param value the id
 */
public record AuthorizationId(String value) {
    /**
     * Validates.
     * @param value the id
     */
    public AuthorizationId {
        Objects.requireNonNull(value, "value");
        if (!value.matches("[0-9a-f]{32}")) {
            throw new io.mshield.ShieldException(io.mshield.ErrorCode.INVALID_IDENTIFIER, "an authorization id is 32 lowercase hex characters");
        }
    }
}
