package io.mshield.pin;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The ordinary outcomes of checking a PIN: accepted, rejected with the attempts left (R5.1), or
 * locked (R5.2). Failures of another kind (malformed input, a wiped PIN, storage errors) are
 * exceptions, not outcomes.
 */
public sealed interface PinCheck permits PinCheck.Accepted, PinCheck.Rejected, PinCheck.Locked {

    /**
     * The PIN was correct; the failure count is back to zero.
     */
    record Accepted() implements PinCheck {
    }

    /**
     * The PIN was wrong and the holder may try again.
     *
     * @param attemptsLeft wrong attempts still allowed before the lockout, at least 1 (a wrong PIN
     *                     that leaves none is {@link Locked})
     */
    record Rejected(int attemptsLeft) implements PinCheck {
        /**
         * Validates the count.
         *
         * @param attemptsLeft at least 1
         * @throws ShieldException with {@link ErrorCode#INVALID_ARGUMENT} if attemptsLeft is below 1
         */
        public Rejected {
            if (attemptsLeft < 1) {
                throw new ShieldException(ErrorCode.INVALID_ARGUMENT,
                        "a rejected PIN leaves at least 1 attempt, otherwise it is locked; got " + attemptsLeft);
            }
        }
    }

    /**
     * The PIN is locked; no PIN is checked until the lock ends.
     *
     * @param action what the policy does on lockout, which tells the holder what to do
     * @param until  when a timed freeze ends by itself; empty when only a reset (or nothing) lifts it
     */
    record Locked(LockoutAction action, Optional<Instant> until) implements PinCheck {
        /**
         * Validates the fields.
         *
         * @param action the lockout action
         * @param until  when a timed freeze ends, or empty
         * @throws ShieldException with {@link ErrorCode#INVALID_ARGUMENT} if a time is given for an
         *                         action other than {@link LockoutAction#FREEZE_TIMED_THEN_PERMANENT}
         */
        public Locked {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(until, "until");
            if (until.isPresent() && action != LockoutAction.FREEZE_TIMED_THEN_PERMANENT) {
                throw new ShieldException(ErrorCode.INVALID_ARGUMENT,
                        "only " + LockoutAction.FREEZE_TIMED_THEN_PERMANENT + " locks until a time, not " + action);
            }
        }

        /**
         * A lock that does not end by itself.
         *
         * @param action the lockout action
         * @return the outcome
         */
        public static Locked indefinitely(LockoutAction action) {
            return new Locked(action, Optional.empty());
        }

        /**
         * A timed freeze.
         *
         * @param until when it ends
         * @return the outcome, with action {@link LockoutAction#FREEZE_TIMED_THEN_PERMANENT}
         */
        public static Locked frozenUntil(Instant until) {
            return new Locked(LockoutAction.FREEZE_TIMED_THEN_PERMANENT, Optional.of(until));
        }

        /**
         * Whether the lock has ended by itself at the given time.
         *
         * @param now the current time
         * @return true if a timed freeze has run out
         */
        public boolean isOver(Instant now) {
            Objects.requireNonNull(now, "now");
            return until.isPresent() && !now.isBefore(until.get());
        }
    }
}
