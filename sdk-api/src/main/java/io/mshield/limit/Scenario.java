package io.mshield.limit;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;

import java.util.Objects;

/**
 * The business scenario of a transaction, which selects its cap (R6.1) and whether cooling-off
 * applies (R6.5). Open-ended: a bank may name its own scenarios; the seeds' are provided as
 * constants.
 *
 * @param name 1 to 32 characters of {@code a-z 0-9 _ -}
 */
public record Scenario(String name) {
    /** Transfers (转账汇款). */
    public static final Scenario TRANSFER = new Scenario("transfer");
    /** Payroll (代发工资). */
    public static final Scenario PAYROLL = new Scenario("payroll");
    /** Loans (贷款). */
    public static final Scenario LOAN = new Scenario("loan");
    /** Everything else. */
    public static final Scenario OTHER = new Scenario("other");

    /** The maximum length of a name. */
    public static final int MAX_LENGTH = 32;

    /**
     * Validates the name.
     *
     * @param name the name
     * @throws ShieldException with {@link ErrorCode#INVALID_ARGUMENT} if it is empty, too long or has
     *                         another character
     */
    public Scenario {
        checkName(name, "scenario");
    }

    /**
     * A scenario by name.
     *
     * @param name the name
     * @return the scenario
     * @throws ShieldException with {@link ErrorCode#INVALID_ARGUMENT} if malformed
     */
    public static Scenario of(String name) {
        return new Scenario(name);
    }

    /**
     * The name.
     *
     * @return the name
     */
    @Override
    public String toString() {
        return name;
    }

    static void checkName(String name, String kind) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.length() > MAX_LENGTH) {
            throw new ShieldException(ErrorCode.INVALID_ARGUMENT,
                    "a " + kind + " name has 1-" + MAX_LENGTH + " characters, got " + name.length());
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
                throw new ShieldException(ErrorCode.INVALID_ARGUMENT,
                        "a " + kind + " name may contain only a-z, 0-9, '_' and '-' (bad character at index " + i + ")");
            }
        }
    }
}
