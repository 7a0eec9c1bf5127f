package io.mshield.identity;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;

import java.util.Objects;

/**
 * A mainland China mobile number: 11 digits matching {@code 1[3-9]\d{9}}. The optional country
 * prefix {@code +86} is accepted and removed, so {@code +8613812345678} and {@code 13812345678}
 * are the same number.
 *
 * <p>This is personal data: {@link #toString()} shows only the first 3 and last 4 digits
 * ({@code 138****5678}) and exception messages never contain the number.
 *
 * @param value the 11-digit number without country prefix
 */
public record PhoneNumber(String value) {
    /** The number of digits of a mainland mobile number. */
    public static final int LENGTH = 11;
    /** The country prefix that is accepted and removed. */
    public static final String COUNTRY_PREFIX = "+86";

    /**
     * Validates and normalizes the number.
     *
     * @param value the number, optionally prefixed with {@code +86}
     * @throws ShieldException with {@link ErrorCode#INVALID_PHONE_NUMBER} unless it is a mainland
     *                         mobile number, optionally prefixed with {@code +86}
     */
    public PhoneNumber {
        Objects.requireNonNull(value, "value");
        if (value.startsWith(COUNTRY_PREFIX)) {
            value = value.substring(COUNTRY_PREFIX.length());
        }
        if (!isMobile(value)) {
            throw new ShieldException(ErrorCode.INVALID_PHONE_NUMBER,
                    "a mainland mobile number has 11 digits, starts with 13-19 and may be prefixed with +86");
        }
    }

    /**
     * Parses a mobile number.
     *
     * @param value the number, optionally prefixed with {@code +86}
     * @return the number
     * @throws ShieldException with {@link ErrorCode#INVALID_PHONE_NUMBER} if malformed
     */
    public static PhoneNumber of(String value) {
        return new PhoneNumber(value);
    }

    /**
     * The number with the middle four digits hidden, for example {@code 138****5678}.
     *
     * @return the masked number
     */
    public String masked() {
        return value.substring(0, 3) + "****" + value.substring(7);
    }

    /**
     * The masked number, never the full one.
     *
     * @return {@link #masked()}
     */
    @Override
    public String toString() {
        return masked();
    }

    private static boolean isMobile(String s) {
        if (s.length() != LENGTH || s.charAt(0) != '1' || s.charAt(1) < '3' || s.charAt(1) > '9') {
            return false;
        }
        for (int i = 2; i < LENGTH; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
