package io.mshield.identity;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;

import java.util.Locale;
import java.util.Objects;

/**
 * An enterprise's unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from
 * the 31-character set {@code 0-9 A-H J-N P-R T-U W-Y} (no I, O, S, V, Z), the last one a check
 * character computed with weights 3<sup>i</sup> mod 31 (R1.3).
 *
 * <p>The constructor checks the length, the character set and the check character; lower-case
 * letters are accepted and stored upper-case. It does not check the registration authority, the
 * entity category or the address code against official lists, nor the embedded organization
 * code's own GB 11714 check character (some issued codes do not satisfy it).
 *
 * <p>A credit code identifies a company and is public information; it appears in certificates.
 *
 * @param value the 18-character code, upper-case
 */
public record CreditCode(String value) {
    /** The length of a code. */
    public static final int LENGTH = 18;
    /** The characters a code may contain, in the order of their numeric values 0 to 30. */
    public static final String CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private static final int MODULUS = 31;
    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    /**
     * Validates and normalizes the code.
     *
     * @param value the code, upper or lower case
     * @throws ShieldException with {@link ErrorCode#INVALID_CREDIT_CODE} if the length, a character
     *                         or the check character is wrong
     */
    public CreditCode {
        Objects.requireNonNull(value, "value");
        if (value.length() != LENGTH) {
            throw invalid("a unified social credit code has 18 characters, got " + value.length());
        }
        value = value.toUpperCase(Locale.ROOT);
        for (int i = 0; i < LENGTH; i++) {
            if (CHARSET.indexOf(value.charAt(i)) < 0) {
                throw invalid("a unified social credit code may contain only 0-9 and A-H J-N P-R T-U W-Y "
                        + "(bad character at position " + (i + 1) + ")");
            }
        }
        char expected = checkCharacter(value);
        if (value.charAt(LENGTH - 1) != expected) {
            throw invalid("the GB 32100 check character of " + value + " is wrong");
        }
    }

    /**
     * Parses a unified social credit code.
     *
     * @param value the code
     * @return the code
     * @throws ShieldException with {@link ErrorCode#INVALID_CREDIT_CODE} if malformed
     */
    public static CreditCode of(String value) {
        return new CreditCode(value);
    }

    /**
     * Computes the GB 32100 check character of the first 17 characters.
     *
     * @param first17 at least 17 characters from {@link #CHARSET}; only the first 17 are used
     * @return the check character
     * @throws ShieldException with {@link ErrorCode#INVALID_CREDIT_CODE} if fewer than 17 characters
     *                         are given or one is outside the character set
     */
    public static char checkCharacter(String first17) {
        Objects.requireNonNull(first17, "first17");
        if (first17.length() < LENGTH - 1) {
            throw invalid("17 characters are needed to compute the check character");
        }
        int sum = 0;
        for (int i = 0; i < LENGTH - 1; i++) {
            int v = CHARSET.indexOf(first17.charAt(i));
            if (v < 0) {
                throw invalid("a unified social credit code may contain only 0-9 and A-H J-N P-R T-U W-Y "
                        + "(bad character at position " + (i + 1) + ")");
            }
            sum += v * WEIGHTS[i];
        }
        return CHARSET.charAt((MODULUS - sum % MODULUS) % MODULUS);
    }

    /**
     * The code itself.
     *
     * @return the value
     */
    @Override
    public String toString() {
        return value;
    }

    private static ShieldException invalid(String message) {
        return new ShieldException(ErrorCode.INVALID_CREDIT_CODE, message);
    }
}
