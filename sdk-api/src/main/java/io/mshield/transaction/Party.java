package io.mshield.transaction;

import java.util.Objects;

/**
 * A payer or payee as the bank holds it.
 *
 * @param name    the account holder's name
 * @param account the account number
 * @param bank    the bank's name or code
 */
public record Party(String name, String account, String bank) {
    /**
     * Validates: every field 1–128 characters without control characters.
     * @param name the account holder's name
     * @param account the account number
     * @param bank the bank's name or code
     */
    public Party {
        check(name, "name");
        check(account, "account");
        check(bank, "bank");
    }

    private static void check(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank() || value.length() > 128 || value.chars().anyMatch(Character::isISOControl)) {
            throw new io.mshield.ShieldException(io.mshield.ErrorCode.INVALID_ARGUMENT,
                    "party " + what + " must be 1-128 characters without control characters");
        }
    }
}
