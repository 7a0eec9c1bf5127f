package io.mshield.transaction;

import io.mshield.ErrorCode;
import io.mshield.limit.Money;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * The decision on a transaction (R6.1–R6.5): an ordinary outcome, not an exception.
 */
public sealed interface Authorization {

    /**
     * The shield may sign; the limits are reserved until {@code expiresAt}.
     *
     * @param id            the authorization to sign under
     * @param signedContent the canonical bytes to be signed; copied
     * @param expiresAt     when the reservation lapses
     */
    record Allowed(AuthorizationId id, byte[] signedContent, Instant expiresAt) implements Authorization {
        /**
         * Validates and copies.
         * @param id the authorization to sign under
         * @param signedContent the canonical bytes to be signed; copied
         * @param expiresAt when the reservation lapses
         */
        public Allowed {
            Objects.requireNonNull(id, "id");
            signedContent = Objects.requireNonNull(signedContent, "signedContent").clone();
            Objects.requireNonNull(expiresAt, "expiresAt");
        }

        /**
         * The canonical bytes.
         *
         * @return a copy
         */
        @Override
        public byte[] signedContent() {
            return signedContent.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Allowed a && id.equals(a.id) && Arrays.equals(signedContent, a.signedContent) && expiresAt.equals(a.expiresAt);
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, Arrays.hashCode(signedContent), expiresAt);
        }

        @Override
        public String toString() {
            return "Allowed[id=" + id.value() + ", expiresAt=" + expiresAt + "]";
        }
    }

    /**
     * A hardware key must confirm: the amount is over the scenario's cap (R6.2), or the user chose it (R6.3).
     *
     * @param cap the cap, equal to the amount when the user chose the hardware key
     */
    record HardwareKeyRequired(Money cap) implements Authorization {
        /**
         * Validates.
         * @param cap the cap, equal to the amount when the user chose the hardware key
         */
        public HardwareKeyRequired {
            Objects.requireNonNull(cap, "cap");
        }
    }

    /**
     * Refused, with the reason: the shield's status, cooling-off (R6.5) or a cumulative limit.
     *
     * @param code        the reason's code, such as {@link ErrorCode#COOLING_OFF} or {@link ErrorCode#LIMIT_EXCEEDED}
     * @param explanation a message a bank can show
     */
    record Denied(ErrorCode code, String explanation) implements Authorization {
        /**
         * Validates.
         * @param code the reason's code, such as {@link ErrorCode#COOLING_OFF} or {@link ErrorCode#LIMIT_EXCEEDED}
         * @param explanation a message a bank can show
         */
        public Denied {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(explanation, "explanation");
        }
    }
}
