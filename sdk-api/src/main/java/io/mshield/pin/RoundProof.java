package io.mshield.pin;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;

import java.util.Objects;

/**
 * COLLABORATIVE custody: what the phone sends with every round that asks the bank for something
 * computed from its share d2 — a payment or PIN-challenge co-signature, the CSR's co-signature
 * (enrollment or renewal), an envelope's decryption half (R5.4, R10.6).
 *
 * <p>The confirmation is the PIN block DEVICE and HOSTED custody use: the PIN encrypted to the
 * bank's PIN key together with a one-time {@link PinChallenge}'s nonce. The bank checks it against
 * the PIN's keyed hash, counting the try, BEFORE it computes anything from d2; a wrong PIN gets
 * nothing that could test another guess offline. For a payment or PIN-challenge round of a shield
 * confirmed by fingerprint or face (R2.3), it may instead be a {@link PinProof.BiometricSignature}
 * for that challenge, checked and counted the same way; the phone still needs its share, masked by
 * the PIN (see docs/lifecycle.md, "Seed readings"). The counter is the phone's co-sign counter, one
 * more than its last; the bank takes it only together with a valid confirmation (a counter that
 * does not grow means a copied share, and freezes the shield).
 *
 * @param confirmation the PIN block, or a biometric signature, answering a challenge of the shield
 *                     (of the enrollment, for the enrollment's CSR)
 * @param counter      the phone's co-sign counter, at least 1
 */
public record RoundProof(PinProof confirmation, long counter) {
    /**
     * Validates the fields.
     *
     * @param confirmation the PIN block or biometric signature
     * @param counter      the phone's co-sign counter, at least 1
     * @throws ShieldException {@link ErrorCode#COSIGN_COUNTER_INVALID} for a counter below 1;
     *         {@link ErrorCode#INVALID_ARGUMENT} for a joint signature, which is what a round produces, not what it needs
     */
    public RoundProof {
        Objects.requireNonNull(confirmation, "confirmation");
        if (confirmation instanceof PinProof.JointSignature) {
            throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "a round is confirmed by a PIN block or a biometric signature");
        }
        if (counter < 1) {
            throw new ShieldException(ErrorCode.COSIGN_COUNTER_INVALID, "the co-sign counter starts at 1");
        }
    }

    /**
     * A round confirmed by the PIN.
     *
     * @param pin     the PIN block
     * @param counter the co-sign counter
     */
    public RoundProof(PinProof.EncryptedPin pin, long counter) {
        this((PinProof) pin, counter);
    }

    /**
     * The PIN block of a round confirmed by the PIN.
     *
     * @return the block
     * @throws ShieldException {@link ErrorCode#PIN_REQUIRED} when the round is confirmed by a biometric
     */
    public PinProof.EncryptedPin pin() {
        if (confirmation instanceof PinProof.EncryptedPin p) {
            return p;
        }
        throw new ShieldException(ErrorCode.PIN_REQUIRED, "this round is confirmed by a biometric, not the PIN");
    }

    /**
     * The challenge the confirmation answers.
     *
     * @return its id
     */
    public String challengeId() {
        if (confirmation instanceof PinProof.EncryptedPin p) {
            return p.challengeId();
        }
        return ((PinProof.BiometricSignature) confirmation).challengeId();
    }
}
