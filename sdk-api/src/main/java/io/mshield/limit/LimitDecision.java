package io.mshield.limit;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;

import java.util.Objects;

/**
 * The outcome of the limit rules for one transaction: allowed with the shield, allowed only with a
 * hardware key (R6.2), or denied.
 */
public sealed interface LimitDecision
        permits LimitDecision.Allowed, LimitDecision.HardwareKeyRequired, LimitDecision.Denied {

    /**
     * Whether the shield may authorize the transaction.
     *
     * @return true only for {@link Allowed}
     */
    default boolean allowed() {
        return this instanceof Allowed;
    }

    /**
     * The shield may authorize the transaction.
     */
    record Allowed() implements LimitDecision {
    }

    /**
     * The amount exceeds the scenario's single-transaction cap for a shield; the holder must use a
     * hardware key (R6.2, R6.3).
     *
     * @param cap the cap that was exceeded
     */
    record HardwareKeyRequired(Money cap) implements LimitDecision {
        /**
         * Validates the field.
         *
         * @param cap the cap that was exceeded
         */
        public HardwareKeyRequired {
            Objects.requireNonNull(cap, "cap");
        }
    }

    /**
     * The transaction is refused whatever the authenticator, for example by a cumulative limit or
     * cooling-off.
     *
     * @param reason      the code a {@link ShieldException} for this refusal would carry, such as
     *                    {@link ErrorCode#LIMIT_EXCEEDED} or {@link ErrorCode#COOLING_OFF}
     * @param explanation a message a bank can show, without secrets
     */
    record Denied(ErrorCode reason, String explanation) implements LimitDecision {
        /**
         * Validates the fields.
         *
         * @param reason      the code of the refusal
         * @param explanation a message without secrets
         * @throws ShieldException with {@link ErrorCode#INVALID_ARGUMENT} if the explanation is blank
         */
        public Denied {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(explanation, "explanation");
            if (explanation.isBlank()) {
                throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "a denial needs an explanation");
            }
        }

        /**
         * The exception that reports this denial.
         *
         * @return a new exception with {@link #reason()} and {@link #explanation()}
         */
        public ShieldException toException() {
            return new ShieldException(reason, explanation);
        }
    }
}
