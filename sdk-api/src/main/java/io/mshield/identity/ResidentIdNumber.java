package io.mshield.identity;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A mainland resident ID number (公民身份号码, GB 11643-1999): 6-digit address code, 8-digit birth
 * date {@code yyyyMMdd}, 3-digit sequence and an ISO 7064 MOD 11-2 check character ({@code 0-9}
 * or {@code X}) — 18 characters (R1.2).
 *
 * <p>The constructor checks the length, the characters, the birth date (a real calendar date, year
 * 1800 or later) and the check character; a lower-case {@code x} is accepted and stored as
 * {@code X}. It does not check the address code against the administrative division list, nor
 * that the birth date lies in the past (a value type has no clock; compare {@link #birthDate()}
 * with the SDK's clock where that matters).
 *
 * <p>This is personal data: {@link #toString()} masks the birth date and exception messages never
 * contain the number. Use {@link #value()} only where the full number is needed (hashing for the
 * certificate subject, the identity registry).
 *
 * @param value the 18-character number, check character upper-case
 */
public record ResidentIdNumber(String value) {
    /** The length of the number. */
    public static final int LENGTH = 18;

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK_CHARS = "10X98765432";

    /**
     * Validates and normalizes the number.
     *
     * @param value the number; a final lower-case {@code x} is accepted
     * @throws ShieldException with {@link ErrorCode#INVALID_ID_NUMBER} if the length, a character,
     *                         the birth date or the check character is wrong
     */
    public ResidentIdNumber {
        Objects.requireNonNull(value, "value");
        if (value.length() != LENGTH) {
            throw invalid("an ID number has 18 characters, got " + value.length());
        }
        for (int i = 0; i < LENGTH - 1; i++) {
            if (!isDigit(value.charAt(i))) {
                throw invalid("the first 17 characters of an ID number must be digits");
            }
        }
        char last = value.charAt(LENGTH - 1);
        if (last == 'x') {
            last = 'X';
            value = value.substring(0, LENGTH - 1) + last;
        }
        if (!isDigit(last) && last != 'X') {
            throw invalid("the last character of an ID number must be a digit or X");
        }
        parseBirthDate(value);
        if (checkCharacter(value) != last) {
            throw invalid("the ID number's GB 11643 check character is wrong");
        }
    }

    /**
     * Parses a mainland resident ID number.
     *
     * @param number the number
     * @return the number
     * @throws ShieldException with {@link ErrorCode#INVALID_ID_NUMBER} if malformed
     */
    public static ResidentIdNumber of(String number) {
        return new ResidentIdNumber(number);
    }

    /**
     * Parses the number of a document of the given type; only mainland resident ID cards are
     * accepted (R1.2).
     *
     * @param type   the kind of document presented
     * @param number the document number
     * @return the number
     * @throws ShieldException with {@link ErrorCode#UNSUPPORTED_ID_DOCUMENT} for any other document
     *                         type, or {@link ErrorCode#INVALID_ID_NUMBER} if the number is malformed
     */
    public static ResidentIdNumber of(IdDocumentType type, String number) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(number, "number");
        if (type != IdDocumentType.MAINLAND_RESIDENT_ID) {
            throw new ShieldException(ErrorCode.UNSUPPORTED_ID_DOCUMENT,
                    "only mainland resident ID cards are accepted, not " + type);
        }
        return new ResidentIdNumber(number);
    }

    /**
     * Computes the GB 11643 (ISO 7064 MOD 11-2) check character of the first 17 digits.
     *
     * @param first17 17 ASCII digits (a longer string is allowed; only the first 17 are used)
     * @return {@code 0-9} or {@code X}
     * @throws ShieldException with {@link ErrorCode#INVALID_ID_NUMBER} if fewer than 17 digits are given
     */
    public static char checkCharacter(String first17) {
        Objects.requireNonNull(first17, "first17");
        if (first17.length() < LENGTH - 1) {
            throw invalid("17 digits are needed to compute the check character");
        }
        int sum = 0;
        for (int i = 0; i < LENGTH - 1; i++) {
            char c = first17.charAt(i);
            if (!isDigit(c)) {
                throw invalid("the first 17 characters of an ID number must be digits");
            }
            sum += (c - '0') * WEIGHTS[i];
        }
        return CHECK_CHARS.charAt(sum % 11);
    }

    /**
     * The holder's date of birth, from characters 7 to 14.
     *
     * @return the birth date
     */
    public LocalDate birthDate() {
        return parseBirthDate(value);
    }

    /**
     * The character at a 1-based position, for the identity challenge that asks for characters at
     * random positions (R9.4). Position 18 may be {@code X}.
     *
     * @param position1Based 1 to 18
     * @return the digit or {@code X}
     * @throws ShieldException with {@link ErrorCode#INVALID_ARGUMENT} if the position is out of range
     */
    public char digitAt(int position1Based) {
        if (position1Based < 1 || position1Based > LENGTH) {
            throw new ShieldException(ErrorCode.INVALID_ARGUMENT,
                    "position must be 1-" + LENGTH + ", got " + position1Based);
        }
        return value.charAt(position1Based - 1);
    }

    /**
     * The number with the birth date hidden: the first 6 and last 4 characters, eight {@code *}
     * between, for example {@code 110105********002X}.
     *
     * @return the masked number
     */
    public String masked() {
        return value.substring(0, 6) + "********" + value.substring(LENGTH - 4);
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

    private static LocalDate parseBirthDate(String v) {
        int year = Integer.parseInt(v.substring(6, 10));
        int month = Integer.parseInt(v.substring(10, 12));
        int day = Integer.parseInt(v.substring(12, 14));
        if (year < 1800) {
            throw invalid("the ID number's birth year is before 1800");
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            throw invalid("the ID number's birth date is not a calendar date");
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static ShieldException invalid(String message) {
        return new ShieldException(ErrorCode.INVALID_ID_NUMBER, message);
    }
}
