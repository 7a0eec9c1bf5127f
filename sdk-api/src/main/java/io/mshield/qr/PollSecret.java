package io.mshield.qr;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;

import java.util.Objects;

/**
 * The secret a QR challenge's creator polls and consumes it with (R7.2): handed out once, when the
 * challenge is created, to the page that created it, and never part of the QR code. Someone who
 * only sees or relays the QR code cannot take the login. The bank keeps only a keyed hash of it and
 * compares in constant time. Never printed: {@link #toString()} is redacted.
 */
public final class PollSecret {
    private static final String FORMAT = "[A-Za-z0-9_-]{43}";
    private final String value;

    private PollSecret(String value) {
        this.value = value;
    }

    /**
     * A poll secret as the page sends it back.
     *
     * @param value 43 characters of unpadded base64url (32 random bytes)
     * @return the secret
     * @throws ShieldException {@link ErrorCode#QR_POLL_SECRET_INVALID} if it is not of that form; the
     *                         message never contains the input
     */
    public static PollSecret of(String value) {
        if (value == null || !value.matches(FORMAT)) {
            throw new ShieldException(ErrorCode.QR_POLL_SECRET_INVALID, "a poll secret is 43 characters of unpadded base64url");
        }
        return new PollSecret(value);
    }

    /**
     * The secret, to hand to the page that created the challenge (and to nobody else).
     *
     * @return 43 characters of base64url
     */
    public String value() {
        return value;
    }

    /**
     * Redacted.
     *
     * @return {@code PollSecret[redacted]}
     */
    @Override
    public String toString() {
        return "PollSecret[redacted]";
    }

    /**
     * Secrets are compared by the bank in constant time, never with {@code equals}: identity only.
     *
     * @param o the other object
     * @return true if the same instance
     */
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    /**
     * The identity hash.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    static PollSecret requireNonNull(PollSecret s) {
        return Objects.requireNonNull(s, "pollSecret");
    }
}
