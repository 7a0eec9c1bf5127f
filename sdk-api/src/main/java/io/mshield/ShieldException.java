package io.mshield;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The one unchecked exception the SDK throws for refused or failed operations.
 *
 * <p>It carries a stable {@link ErrorCode} and a message a bank can show or map. Messages never
 * contain secrets (PINs, one-time codes, keys, key shares). Where a rule counts attempts, the
 * attempts left are available from {@link #attemptsLeft()} (R5.1). An operation that throws it
 * has changed nothing.
 */
public class ShieldException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The stable code. */
    private final ErrorCode code;
    /** Attempts left before a lock, or null when no counter applies. */
    private final Integer attemptsLeft;
    /** Non-secret structured details. */
    private final Map<String, String> details;

    /**
     * Creates an exception with a code and a message.
     *
     * @param code    the stable code
     * @param message a human-readable explanation without secrets
     */
    public ShieldException(ErrorCode code, String message) {
        this(code, message, null, Map.of(), null);
    }

    /**
     * Creates an exception with a code, a message and a cause.
     *
     * @param code    the stable code
     * @param message a human-readable explanation without secrets
     * @param cause   the underlying failure, may be null
     */
    public ShieldException(ErrorCode code, String message, Throwable cause) {
        this(code, message, null, Map.of(), cause);
    }

    /**
     * Creates an exception with all fields.
     *
     * @param code         the stable code
     * @param message      a human-readable explanation without secrets
     * @param attemptsLeft attempts left before a lock, or null when no counter applies
     * @param details      non-secret structured details (for example {@code "until"}), copied
     * @param cause        the underlying failure, may be null
     */
    public ShieldException(ErrorCode code, String message, Integer attemptsLeft,
                           Map<String, String> details, Throwable cause) {
        super("[" + Objects.requireNonNull(code, "code") + "] " + Objects.requireNonNull(message, "message"), cause);
        if (attemptsLeft != null && attemptsLeft < 0) {
            throw new IllegalArgumentException("attemptsLeft must not be negative: " + attemptsLeft);
        }
        this.code = code;
        this.attemptsLeft = attemptsLeft;
        this.details = Map.copyOf(Objects.requireNonNull(details, "details"));
    }

    /**
     * Creates an exception that reports the attempts left (R5.1).
     *
     * @param code         the stable code
     * @param message      a human-readable explanation without secrets
     * @param attemptsLeft attempts left before a lock, zero or more
     * @return the exception
     */
    public static ShieldException withAttemptsLeft(ErrorCode code, String message, int attemptsLeft) {
        return new ShieldException(code, message, attemptsLeft, Map.of(), null);
    }

    /**
     * The stable code.
     *
     * @return never null
     */
    public ErrorCode code() {
        return code;
    }

    /**
     * Attempts left before a lock, where a counting rule applies.
     *
     * @return the count, or empty
     */
    public OptionalInt attemptsLeft() {
        return attemptsLeft == null ? OptionalInt.empty() : OptionalInt.of(attemptsLeft);
    }

    /**
     * Non-secret structured details, such as the time a lock ends.
     *
     * @return an unmodifiable map, never null
     */
    public Map<String, String> details() {
        return details;
    }
}
