package io.mshield.pin;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;

import java.util.Arrays;
import java.util.Objects;

/**
 * A PIN held in a {@code char[]} that can be wiped: never a {@code String}, never printed.
 *
 * <p>{@link #of(char[])} and {@link #of(String)} accept exactly {@value #DEFAULT_LENGTH} ASCII
 * digits (R2.4); {@link #of(char[], int)} accepts another length that a {@link PinPolicy} allows
 * ({@value #MIN_LENGTH} to {@value #MAX_LENGTH}). The digits are copied in, so the caller should
 * wipe its own array; {@link #wipe()} (or {@link #close()}, for try-with-resources) zeroes this
 * copy, after which every method but {@link #isWiped()}, {@link #wipe()} and {@link #close()}
 * throws {@link ErrorCode#ILLEGAL_STATE}.
 *
 * <p><b>Equality is identity.</b> {@code equals} and {@code hashCode} are those of
 * {@link Object}, deliberately: a digit-based {@code equals} would compare in variable time and
 * invite PINs into hash sets and maps, and a digit-based hash code would leak information about
 * the digits and change when the PIN is wiped. Compare two PINs with {@link #matches(Pin)}, which
 * takes the same time whatever the digits.
 *
 * <p>{@link #toString()} is always {@code Pin[******]}. No exception message of this class
 * contains a digit of its input. An instance is not thread-safe: confine it to the thread that
 * handles the request, and wipe it when done.
 */
public final class Pin implements AutoCloseable {
    /** The PIN length of the seeds and of {@link #of(char[])} (R2.4). */
    public static final int DEFAULT_LENGTH = 6;
    /** The shortest PIN length a policy may choose. */
    public static final int MIN_LENGTH = 4;
    /** The longest PIN length a policy may choose. */
    public static final int MAX_LENGTH = 12;

    private final char[] digits;
    private boolean wiped;

    private Pin(char[] digits) {
        this.digits = digits;
    }

    /**
     * Copies a 6-digit PIN.
     *
     * @param digits exactly 6 ASCII digits; not modified (wipe it yourself)
     * @return the PIN
     * @throws ShieldException with {@link ErrorCode#INVALID_PIN_FORMAT} unless it is exactly 6
     *                         ASCII digits; the message never contains the input
     */
    public static Pin of(char[] digits) {
        return of(digits, DEFAULT_LENGTH);
    }

    /**
     * Copies a PIN of a given length.
     *
     * @param digits exactly {@code length} ASCII digits; not modified (wipe it yourself)
     * @param length the length the policy requires, {@value #MIN_LENGTH} to {@value #MAX_LENGTH}
     * @return the PIN
     * @throws ShieldException with {@link ErrorCode#INVALID_PIN_FORMAT} unless it is exactly
     *                         {@code length} ASCII digits (the message never contains the input), or
     *                         {@link ErrorCode#INVALID_ARGUMENT} if the length is out of range
     */
    public static Pin of(char[] digits, int length) {
        Objects.requireNonNull(digits, "digits");
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw new ShieldException(ErrorCode.INVALID_ARGUMENT,
                    "PIN length must be " + MIN_LENGTH + "-" + MAX_LENGTH + ", got " + length);
        }
        if (digits.length != length) {
            throw new ShieldException(ErrorCode.INVALID_PIN_FORMAT,
                    "a PIN has exactly " + length + " digits, got " + digits.length + " characters");
        }
        for (char c : digits) {
            if (c < '0' || c > '9') {
                throw new ShieldException(ErrorCode.INVALID_PIN_FORMAT,
                        "a PIN has exactly " + length + " digits 0-9 and no other character");
            }
        }
        return new Pin(digits.clone());
    }

    /**
     * Copies a 6-digit PIN from a string. Prefer {@link #of(char[])}: a string cannot be wiped.
     *
     * @param digits exactly 6 ASCII digits
     * @return the PIN
     * @throws ShieldException with {@link ErrorCode#INVALID_PIN_FORMAT} unless it is exactly 6
     *                         ASCII digits; the message never contains the input
     */
    public static Pin of(String digits) {
        Objects.requireNonNull(digits, "digits");
        char[] chars = digits.toCharArray();
        try {
            return of(chars);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /**
     * The number of digits.
     *
     * @return the length
     * @throws ShieldException with {@link ErrorCode#ILLEGAL_STATE} once wiped
     */
    public int length() {
        requireNotWiped();
        return digits.length;
    }

    /**
     * Compares with another PIN in time that depends only on the lengths, not on the digits.
     *
     * @param other the other PIN
     * @return true if both have the same digits
     * @throws ShieldException with {@link ErrorCode#ILLEGAL_STATE} if either is wiped
     */
    public boolean matches(Pin other) {
        Objects.requireNonNull(other, "other");
        requireNotWiped();
        other.requireNotWiped();
        if (digits.length != other.digits.length) {
            return false;
        }
        int diff = 0;
        for (int i = 0; i < digits.length; i++) {
            diff |= digits[i] ^ other.digits[i];
        }
        return diff == 0;
    }

    /**
     * A fresh copy of the digits as UTF-8 (ASCII) bytes, for hashing or encrypting. The caller owns
     * the copy and must wipe it.
     *
     * @return a new array, one byte per digit
     * @throws ShieldException with {@link ErrorCode#ILLEGAL_STATE} once wiped
     */
    public byte[] toUtf8Bytes() {
        requireNotWiped();
        byte[] out = new byte[digits.length];
        for (int i = 0; i < digits.length; i++) {
            out[i] = (byte) digits[i];
        }
        return out;
    }

    /**
     * A fresh copy of the digits. The caller owns the copy and must wipe it.
     *
     * @return a new array
     * @throws ShieldException with {@link ErrorCode#ILLEGAL_STATE} once wiped
     */
    public char[] toChars() {
        requireNotWiped();
        return digits.clone();
    }

    /**
     * Zeroes the digits. Idempotent. Afterwards every other method but {@link #isWiped()} and
     * {@link #close()} throws {@link ErrorCode#ILLEGAL_STATE}.
     */
    public void wipe() {
        Arrays.fill(digits, '\0');
        wiped = true;
    }

    /**
     * Whether {@link #wipe()} was called.
     *
     * @return true once wiped
     */
    public boolean isWiped() {
        return wiped;
    }

    /**
     * Wipes the PIN, so that try-with-resources does it; throws nothing.
     */
    @Override
    public void close() {
        wipe();
    }

    /**
     * Always {@code Pin[******]}, whatever the digits and length, wiped or not.
     *
     * @return a redacted text
     */
    @Override
    public String toString() {
        return "Pin[******]";
    }

    /**
     * The digit at a 0-based index, without copying; for the weak-PIN rules of this package.
     */
    char digitAt(int index) {
        requireNotWiped();
        return digits[index];
    }

    private void requireNotWiped() {
        if (wiped) {
            throw new ShieldException(ErrorCode.ILLEGAL_STATE, "the PIN was wiped and can no longer be used");
        }
    }
}
