package io.mshield.pin;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;

import java.util.Objects;

/**
 * COLLABORATIVE custody: what the phone sends with every round that asks the bank for something
 * computed from its share d2 — a payment or PIN-challenge co-signature, the CSR's co-signature, an
 * envelope's decryption half (R5.4, R10.6).
 *
 * <p>The PIN block is the one DEVICE and HOSTED custody use: the PIN encrypted to the bank's PIN
 * key together with a one-time {@link PinChallenge}'s nonce. The bank checks it against the PIN's
 * keyed hash, counting the try, BEFORE it computes anything from d2; a wrong PIN gets nothing that
 * could test another guess offline. The counter is the phone's co-sign counter, one more than its
 * last; the bank takes it only together with a valid PIN (a counter that does not grow means a
 * copied share, and freezes the shield).
 *
 * @param pin     the PIN block answering a challenge of the shield (of the enrollment, for the CSR)
 * @param counter the phone's co-sign counter, at least 1
 */
public record RoundProof(PinProof.EncryptedPin pin, long counter) {
    /**
     * Validates the fields.
     *
     * @param pin     the PIN block answering a challenge of the shield (of the enrollment, for the CSR)
     * @param counter the phone's co-sign counter, at least 1
     * @throws ShieldException {@link ErrorCode#COSIGN_COUNTER_INVALID} for a counter below 1
     */
    public RoundProof {
        Objects.requireNonNull(pin, "pin");
        if (counter < 1) {
            throw new ShieldException(ErrorCode.COSIGN_COUNTER_INVALID, "the co-sign counter starts at 1");
        }
    }
}
