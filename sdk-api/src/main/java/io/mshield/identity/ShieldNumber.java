package io.mshield.identity;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The unique number of a shield: {@code "MS"} followed by 11 digits, 13 characters in all (R2.6),
 * used like the number printed on an IC card or USB key.
 *
 * <p>A shield number is not secret; it is written into the certificate subject and shown to the
 * holder and administrators.
 *
 * @param value the number, for example {@code MS00012345678}
 */
public record ShieldNumber(String value) {
    /** The fixed prefix. */
    public static final String PREFIX = "MS";
    /** The number of digits after the prefix. */
    public static final int DIGITS = 11;
    /** The total length. */
    public static final int LENGTH = PREFIX.length() + DIGITS;

    /**
     * Validates the number.
     *
     * @param value the number
     * @throws ShieldException with {@link ErrorCode#INVALID_SHIELD_NUMBER} unless it is
     *                         {@code MS} followed by exactly 11 ASCII digits
     */
    public ShieldNumber {
        Objects.requireNonNull(value, "value");
        if (!isWellFormed(value)) {
            throw new ShieldException(ErrorCode.INVALID_SHIELD_NUMBER,
                    "a shield number is \"MS\" followed by 11 digits (13 characters)");
        }
    }

    /**
     * Parses a shield number.
     *
     * @param value the text, exactly as printed (upper-case {@code MS})
     * @return the shield number
     * @throws ShieldException with {@link ErrorCode#INVALID_SHIELD_NUMBER} if malformed
     */
    public static ShieldNumber of(String value) {
        return new ShieldNumber(value);
    }

    /**
     * Draws a new shield number uniformly from all 10<sup>11</sup> numbers. Uniqueness is the
     * caller's job: persistence refuses a duplicate and the caller draws again.
     *
     * @param random the source of randomness, normally the SDK's injected {@code SecureRandom}
     * @return a fresh shield number
     */
    public static ShieldNumber random(RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        StringBuilder sb = new StringBuilder(LENGTH).append(PREFIX);
        for (int i = 0; i < DIGITS; i++) {
            sb.append((char) ('0' + random.nextInt(10)));
        }
        return new ShieldNumber(sb.toString());
    }

    private static boolean isWellFormed(String s) {
        if (s.length() != LENGTH || !s.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < LENGTH; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * The number itself.
     *
     * @return the 13-character number
     */
    @Override
    public String toString() {
        return value;
    }
}
