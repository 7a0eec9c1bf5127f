package io.mshield.pin;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.identity.PhoneNumber;
import io.mshield.identity.ResidentIdNumber;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The PIN rules of one bank: length, attempts, what happens on lockout, whether staff may reset
 * it, and whether weak PINs are refused (R2.4, R3.3, R5.2, R4.3).
 *
 * <p>The seeds chose different lockout rules, so each has a preset named after it:
 * <table>
 *   <caption>Presets</caption>
 *   <tr><th>preset</th><th>attempts</th><th>lockout</th><th>staff reset</th></tr>
 *   <tr><td>{@link #seed001()} (= {@link #defaults()})</td><td>5</td><td>locked for good: revoke and apply again</td><td>no</td></tr>
 *   <tr><td>{@link #seed002()}</td><td>6</td><td>locked until the bank resets it</td><td>yes</td></tr>
 *   <tr><td>{@link #seed003()}</td><td>5</td><td>locked, contact the CA to reset</td><td>yes</td></tr>
 *   <tr><td>{@link #seed004()}</td><td>6</td><td>24-hour freeze; after 2 such freezes the next lockout is permanent</td><td>yes</td></tr>
 * </table>
 * All presets use 6-digit PINs and refuse weak PINs. Seed 004 says only that "repeated" 24-hour
 * freezes lead to a permanent one; the number 2 is this SDK's choice, configurable with
 * {@link Builder#maxTimedFreezes(int)}.
 *
 * <p>The policy is an immutable value. A contradictory combination is refused by
 * {@link Builder#build()} with {@link ErrorCode#INVALID_POLICY} and the rejected value in the
 * message; nothing is silently corrected:
 * <ul>
 *   <li>{@code maxAttempts} outside 1–100, {@code pinLength} outside
 *       {@value Pin#MIN_LENGTH}–{@value Pin#MAX_LENGTH};</li>
 *   <li>a freeze duration with an action other than
 *       {@link LockoutAction#FREEZE_TIMED_THEN_PERMANENT}, or none with it; a freeze duration that
 *       is not positive or exceeds 366 days;</li>
 *   <li>{@code maxTimedFreezes} other than 0 for a non-freezing action, or outside 1–100 for a
 *       freezing one;</li>
 *   <li>staff reset allowed with {@link LockoutAction#LOCK_FOREVER}, or forbidden with
 *       {@link LockoutAction#LOCK_UNTIL_BANK_RESET} or {@link LockoutAction#LOCK_CONTACT_CA}.</li>
 * </ul>
 */
public final class PinPolicy {
    /** The largest {@code maxAttempts} a policy accepts. */
    public static final int MAX_ATTEMPTS_LIMIT = 100;
    /** The largest {@code maxTimedFreezes} a policy accepts. */
    public static final int MAX_TIMED_FREEZES_LIMIT = 100;
    /** The longest timed freeze a policy accepts. */
    public static final Duration MAX_FREEZE_DURATION = Duration.ofDays(366);

    private final int maxAttempts;
    private final LockoutAction lockoutAction;
    private final Duration freezeDuration; // null unless FREEZE_TIMED_THEN_PERMANENT
    private final int maxTimedFreezes;
    private final int pinLength;
    private final boolean allowBankReset;
    private final boolean rejectWeakPins;

    private PinPolicy(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.lockoutAction = b.lockoutAction;
        this.freezeDuration = b.freezeDuration;
        this.maxTimedFreezes = b.maxTimedFreezes != null ? b.maxTimedFreezes : defaultTimedFreezes(b.lockoutAction);
        this.pinLength = b.pinLength;
        this.allowBankReset = b.allowBankReset != null ? b.allowBankReset : b.lockoutAction != LockoutAction.LOCK_FOREVER;
        this.rejectWeakPins = b.rejectWeakPins;
        validate();
    }

    private static int defaultTimedFreezes(LockoutAction action) {
        return action == LockoutAction.FREEZE_TIMED_THEN_PERMANENT ? 2 : 0;
    }

    private void validate() {
        if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_LIMIT) {
            throw invalid("maxAttempts must be 1-" + MAX_ATTEMPTS_LIMIT + ", got " + maxAttempts);
        }
        if (pinLength < Pin.MIN_LENGTH || pinLength > Pin.MAX_LENGTH) {
            throw invalid("pinLength must be " + Pin.MIN_LENGTH + "-" + Pin.MAX_LENGTH + ", got " + pinLength);
        }
        boolean freezing = lockoutAction == LockoutAction.FREEZE_TIMED_THEN_PERMANENT;
        if (freezing) {
            if (freezeDuration == null) {
                throw invalid("lockoutAction " + lockoutAction + " needs a freezeDuration, got none");
            }
            if (freezeDuration.isNegative() || freezeDuration.isZero()
                    || freezeDuration.compareTo(MAX_FREEZE_DURATION) > 0) {
                throw invalid("freezeDuration must be positive and at most " + MAX_FREEZE_DURATION
                        + ", got " + freezeDuration);
            }
            if (maxTimedFreezes < 1 || maxTimedFreezes > MAX_TIMED_FREEZES_LIMIT) {
                throw invalid("maxTimedFreezes must be 1-" + MAX_TIMED_FREEZES_LIMIT + " with lockoutAction "
                        + lockoutAction + ", got " + maxTimedFreezes);
            }
        } else {
            if (freezeDuration != null) {
                throw invalid("freezeDuration " + freezeDuration + " contradicts lockoutAction " + lockoutAction
                        + " (only " + LockoutAction.FREEZE_TIMED_THEN_PERMANENT + " freezes for a time)");
            }
            if (maxTimedFreezes != 0) {
                throw invalid("maxTimedFreezes " + maxTimedFreezes + " contradicts lockoutAction " + lockoutAction
                        + " (must be 0: only " + LockoutAction.FREEZE_TIMED_THEN_PERMANENT + " freezes for a time)");
            }
        }
        if (lockoutAction == LockoutAction.LOCK_FOREVER && allowBankReset) {
            throw invalid("allowBankReset true contradicts lockoutAction " + lockoutAction);
        }
        if ((lockoutAction == LockoutAction.LOCK_UNTIL_BANK_RESET || lockoutAction == LockoutAction.LOCK_CONTACT_CA)
                && !allowBankReset) {
            throw invalid("allowBankReset false contradicts lockoutAction " + lockoutAction
                    + " (the lock would never end)");
        }
    }

    private static ShieldException invalid(String message) {
        return new ShieldException(ErrorCode.INVALID_POLICY, message);
    }

    // ---- presets ----

    /**
     * The default policy, {@link #seed001()}: 5 wrong PINs lock for good.
     *
     * @return the default policy
     */
    public static PinPolicy defaults() {
        return seed001();
    }

    /**
     * Seed 001 (China E-Port mobile shield): 6 digits; 5 wrong PINs lock the shield for good, the
     * holder revokes it and applies again; no staff reset.
     *
     * @return the preset
     */
    public static PinPolicy seed001() {
        return builder().maxAttempts(5).lockoutAction(LockoutAction.LOCK_FOREVER).allowBankReset(false).build();
    }

    /**
     * Seed 002 (ICBC U-key): 6 digits; 6 wrong PINs lock until bank staff reset the PIN.
     *
     * @return the preset
     */
    public static PinPolicy seed002() {
        return builder().maxAttempts(6).lockoutAction(LockoutAction.LOCK_UNTIL_BANK_RESET).allowBankReset(true).build();
    }

    /**
     * Seed 003 (e-seal USB key): 6 digits; 5 wrong PINs lock, the holder contacts the CA to reset.
     *
     * @return the preset
     */
    public static PinPolicy seed003() {
        return builder().maxAttempts(5).lockoutAction(LockoutAction.LOCK_CONTACT_CA).allowBankReset(true).build();
    }

    /**
     * Seed 004 (ICBC Asia mobile security code): 6 digits; 6 wrong PINs freeze for 24 hours; after
     * 2 timed freezes the next lockout freezes for good; bank staff may lift either freeze.
     *
     * @return the preset
     */
    public static PinPolicy seed004() {
        return builder().maxAttempts(6).lockoutAction(LockoutAction.FREEZE_TIMED_THEN_PERMANENT)
                .freezeDuration(Duration.ofHours(24)).maxTimedFreezes(2).allowBankReset(true).build();
    }

    /**
     * A builder starting from 6-digit PINs, 5 attempts, {@link LockoutAction#LOCK_FOREVER}, weak PINs
     * refused, no freeze duration, and {@code allowBankReset} and {@code maxTimedFreezes} derived
     * from the lockout action unless set (reset allowed for every action but
     * {@link LockoutAction#LOCK_FOREVER}; 2 timed freezes for
     * {@link LockoutAction#FREEZE_TIMED_THEN_PERMANENT}, else 0).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding every value of this policy, all as if set explicitly.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxAttempts = maxAttempts;
        b.lockoutAction = lockoutAction;
        b.freezeDuration = freezeDuration;
        b.maxTimedFreezes = maxTimedFreezes;
        b.pinLength = pinLength;
        b.allowBankReset = allowBankReset;
        b.rejectWeakPins = rejectWeakPins;
        return b;
    }

    // ---- values ----

    /**
     * Wrong PINs in a row that trigger the lockout.
     *
     * @return 1 to 100
     */
    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * What happens on lockout.
     *
     * @return the action
     */
    public LockoutAction lockoutAction() {
        return lockoutAction;
    }

    /**
     * How long a timed freeze lasts; present exactly when the action is
     * {@link LockoutAction#FREEZE_TIMED_THEN_PERMANENT}.
     *
     * @return the duration, or empty
     */
    public Optional<Duration> freezeDuration() {
        return Optional.ofNullable(freezeDuration);
    }

    /**
     * How many timed freezes may happen before the next lockout is permanent; 0 unless the action
     * is {@link LockoutAction#FREEZE_TIMED_THEN_PERMANENT}.
     *
     * @return the count
     */
    public int maxTimedFreezes() {
        return maxTimedFreezes;
    }

    /**
     * The number of digits of a PIN.
     *
     * @return {@value Pin#MIN_LENGTH} to {@value Pin#MAX_LENGTH}, 6 in every preset
     */
    public int pinLength() {
        return pinLength;
    }

    /**
     * Whether bank staff may reset the PIN or lift a PIN freeze after verifying identity (R3.6, R4.3).
     *
     * @return true if allowed
     */
    public boolean allowBankReset() {
        return allowBankReset;
    }

    /**
     * Whether {@link #checkStrength} refuses weak PINs (R3.3).
     *
     * @return true if weak PINs are refused
     */
    public boolean rejectWeakPins() {
        return rejectWeakPins;
    }

    // ---- rules ----

    /**
     * Copies digits into a {@link Pin} of this policy's length.
     *
     * @param digits the digits; not modified
     * @return the PIN
     * @throws ShieldException with {@link ErrorCode#INVALID_PIN_FORMAT} if they are not
     *                         {@link #pinLength()} ASCII digits (the message has no digit)
     */
    public Pin parse(char[] digits) {
        return Pin.of(digits, pinLength);
    }

    /**
     * Checks that a PIN has this policy's length.
     *
     * @param pin the PIN
     * @throws ShieldException with {@link ErrorCode#INVALID_PIN_FORMAT} if its length differs
     */
    public void checkFormat(Pin pin) {
        Objects.requireNonNull(pin, "pin");
        int length = pin.length();
        if (length != pinLength) {
            throw new ShieldException(ErrorCode.INVALID_PIN_FORMAT,
                    "a PIN has exactly " + pinLength + " digits, got " + length);
        }
    }

    /**
     * Checks a new PIN (R2.4, R3.3): its length, and, if {@link #rejectWeakPins()}, that it is not
     * one repeated digit (111111), not an ascending or descending run of consecutive digits
     * (123456, 654321, also wrapping around: 890123, 109876), and not any run of consecutive
     * characters of the holder's ID number or phone number.
     *
     * @param pin   the new PIN
     * @param id    the holder's ID number
     * @param phone the holder's registered mobile number
     * @throws ShieldException with {@link ErrorCode#INVALID_PIN_FORMAT} for a wrong length, or
     *                         {@link ErrorCode#WEAK_PIN} with the reason (never the digits)
     */
    public void checkStrength(Pin pin, ResidentIdNumber id, PhoneNumber phone) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(phone, "phone");
        check(pin, id.value(), phone.value());
    }

    /**
     * Checks a new PIN without personal data: its length and, if {@link #rejectWeakPins()}, the
     * repeated-digit and run rules of {@link #checkStrength(Pin, ResidentIdNumber, PhoneNumber)}.
     *
     * @param pin the new PIN
     * @throws ShieldException with {@link ErrorCode#INVALID_PIN_FORMAT} or {@link ErrorCode#WEAK_PIN}
     */
    public void checkStrength(Pin pin) {
        check(pin);
    }

    private void check(Pin pin, String... personal) {
        checkFormat(pin);
        if (rejectWeakPins) {
            Optional<String> weakness = WeakPins.weakness(pin, personal);
            if (weakness.isPresent()) {
                throw new ShieldException(ErrorCode.WEAK_PIN, "the PIN is too easy to guess: " + weakness.get());
            }
        }
    }

    /**
     * Attempts left after a number of wrong PINs in a row.
     *
     * @param consecutiveFailures wrong PINs since the last correct one or reset, zero or more
     * @return {@code max(0, maxAttempts - consecutiveFailures)}
     * @throws ShieldException with {@link ErrorCode#INVALID_ARGUMENT} if the count is negative
     */
    public int attemptsLeft(int consecutiveFailures) {
        requireNonNegative(consecutiveFailures, "consecutiveFailures");
        return Math.max(0, maxAttempts - consecutiveFailures);
    }

    /**
     * The outcome of a wrong PIN (R5.1, R5.2): rejected with the attempts left, or the lockout.
     *
     * @param consecutiveFailures wrong PINs in a row including this one, at least 1
     * @param timedFreezesSoFar   timed freezes this shield has had already (see {@link #lockout})
     * @param now                 the current time, from the SDK's clock
     * @return {@link PinCheck.Rejected} or {@link PinCheck.Locked}
     * @throws ShieldException with {@link ErrorCode#INVALID_ARGUMENT} if a count is out of range
     */
    public PinCheck afterFailure(int consecutiveFailures, int timedFreezesSoFar, Instant now) {
        if (consecutiveFailures < 1) {
            throw new ShieldException(ErrorCode.INVALID_ARGUMENT,
                    "consecutiveFailures includes this failure, so it is at least 1; got " + consecutiveFailures);
        }
        int left = attemptsLeft(consecutiveFailures);
        return left > 0 ? new PinCheck.Rejected(left) : lockout(timedFreezesSoFar, now);
    }

    /**
     * The lock that the attempts running out causes (R5.2). For
     * {@link LockoutAction#FREEZE_TIMED_THEN_PERMANENT}, while {@code timedFreezesSoFar} is below
     * {@link #maxTimedFreezes()} the lock is a freeze until {@code now + freezeDuration}; after that
     * it is permanent (no end time). For the other actions it has no end time.
     *
     * @param timedFreezesSoFar timed freezes before this lockout, zero or more
     * @param now               the current time
     * @return the lock
     * @throws ShieldException with {@link ErrorCode#INVALID_ARGUMENT} if the count is negative
     */
    public PinCheck.Locked lockout(int timedFreezesSoFar, Instant now) {
        requireNonNegative(timedFreezesSoFar, "timedFreezesSoFar");
        Objects.requireNonNull(now, "now");
        if (lockoutAction == LockoutAction.FREEZE_TIMED_THEN_PERMANENT && timedFreezesSoFar < maxTimedFreezes) {
            return PinCheck.Locked.frozenUntil(now.plus(freezeDuration));
        }
        return PinCheck.Locked.indefinitely(lockoutAction);
    }

    private static void requireNonNegative(int value, String name) {
        if (value < 0) {
            throw new ShieldException(ErrorCode.INVALID_ARGUMENT, name + " must not be negative, got " + value);
        }
    }

    /**
     * Policies are equal when all their values are.
     *
     * @param o the other object
     * @return true if equal
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PinPolicy)) {
            return false;
        }
        PinPolicy p = (PinPolicy) o;
        return maxAttempts == p.maxAttempts && lockoutAction == p.lockoutAction
                && Objects.equals(freezeDuration, p.freezeDuration) && maxTimedFreezes == p.maxTimedFreezes
                && pinLength == p.pinLength && allowBankReset == p.allowBankReset && rejectWeakPins == p.rejectWeakPins;
    }

    /**
     * A hash of all values.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(maxAttempts, lockoutAction, freezeDuration, maxTimedFreezes, pinLength,
                allowBankReset, rejectWeakPins);
    }

    /**
     * All values, for logs.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "PinPolicy[maxAttempts=" + maxAttempts + ", lockoutAction=" + lockoutAction
                + ", freezeDuration=" + freezeDuration().map(Duration::toString).orElse("none")
                + ", maxTimedFreezes=" + maxTimedFreezes + ", pinLength=" + pinLength
                + ", allowBankReset=" + allowBankReset + ", rejectWeakPins=" + rejectWeakPins + "]";
    }

    /**
     * Collects the values of a {@link PinPolicy}; {@link #build()} validates them together. Not
     * thread-safe.
     */
    public static final class Builder {
        private int maxAttempts = 5;
        private LockoutAction lockoutAction = LockoutAction.LOCK_FOREVER;
        private Duration freezeDuration;
        private Integer maxTimedFreezes;
        private int pinLength = Pin.DEFAULT_LENGTH;
        private Boolean allowBankReset;
        private boolean rejectWeakPins = true;

        private Builder() {
        }

        /**
         * Sets the wrong PINs in a row that trigger the lockout.
         *
         * @param maxAttempts 1 to 100
         * @return this builder
         */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * Sets what happens on lockout.
         *
         * @param lockoutAction the action
         * @return this builder
         */
        public Builder lockoutAction(LockoutAction lockoutAction) {
            this.lockoutAction = Objects.requireNonNull(lockoutAction, "lockoutAction");
            return this;
        }

        /**
         * Sets the length of a timed freeze; only for {@link LockoutAction#FREEZE_TIMED_THEN_PERMANENT}.
         *
         * @param freezeDuration positive, at most 366 days
         * @return this builder
         */
        public Builder freezeDuration(Duration freezeDuration) {
            this.freezeDuration = Objects.requireNonNull(freezeDuration, "freezeDuration");
            return this;
        }

        /**
         * Removes the freeze duration, for switching a freezing policy to another action.
         *
         * @return this builder
         */
        public Builder noFreezeDuration() {
            this.freezeDuration = null;
            return this;
        }

        /**
         * Sets how many timed freezes may happen before the next lockout is permanent.
         *
         * @param maxTimedFreezes 1 to 100 for {@link LockoutAction#FREEZE_TIMED_THEN_PERMANENT}, else 0
         * @return this builder
         */
        public Builder maxTimedFreezes(int maxTimedFreezes) {
            this.maxTimedFreezes = maxTimedFreezes;
            return this;
        }

        /**
         * Sets the number of digits of a PIN.
         *
         * @param pinLength {@value Pin#MIN_LENGTH} to {@value Pin#MAX_LENGTH}
         * @return this builder
         */
        public Builder pinLength(int pinLength) {
            this.pinLength = pinLength;
            return this;
        }

        /**
         * Sets whether bank staff may reset the PIN or lift a PIN freeze.
         *
         * @param allowBankReset false only with {@link LockoutAction#LOCK_FOREVER} or
         *                       {@link LockoutAction#FREEZE_TIMED_THEN_PERMANENT}; true with any
         *                       action but {@link LockoutAction#LOCK_FOREVER}
         * @return this builder
         */
        public Builder allowBankReset(boolean allowBankReset) {
            this.allowBankReset = allowBankReset;
            return this;
        }

        /**
         * Sets whether weak PINs are refused (R3.3).
         *
         * @param rejectWeakPins true to refuse them
         * @return this builder
         */
        public Builder rejectWeakPins(boolean rejectWeakPins) {
            this.rejectWeakPins = rejectWeakPins;
            return this;
        }

        /**
         * Validates the values together and builds the policy.
         *
         * @return the policy
         * @throws ShieldException with {@link ErrorCode#INVALID_POLICY} naming the rejected value
         */
        public PinPolicy build() {
            return new PinPolicy(this);
        }
    }
}
