package io.mshield.admin;

import io.mshield.Actor;
import io.mshield.identity.ShieldNumber;
import io.mshield.pin.PinProof;
import io.mshield.shield.ShieldDetails;

/**
 * Administration of shields by the enterprise's legal representative and by bank staff (R4).
 * Who may do what is enforced (R4.4): a holder cannot lift an administrator's freeze; refused
 * requests throw {@link io.mshield.ErrorCode#FORBIDDEN} and change nothing.
 */
public interface AdministrationService {

    /**
     * Reports a shield lost: it stops signing at once and its certificate is put on hold (R4.1, R4.2).
     *
     * @param shield the shield
     * @param by     the holder, the legal representative or bank staff
     * @return the updated details
     */
    ShieldDetails reportLoss(ShieldNumber shield, Actor by);

    /**
     * Cancels a loss report: the hold is lifted (R4.1).
     *
     * @param shield the shield
     * @param by     who reported it, the legal representative or bank staff
     * @return the updated details
     */
    ShieldDetails cancelLoss(ShieldNumber shield, Actor by);

    /**
     * Freezes a shield; its certificate is put on hold (R4.1).
     *
     * @param shield the shield
     * @param by     the legal representative or bank staff
     * @return the updated details
     */
    ShieldDetails freeze(ShieldNumber shield, Actor by);

    /**
     * Lifts a freeze (R4.1, R4.3). Only the freezing role or a higher one may.
     *
     * @param shield the shield
     * @param by     the legal representative or bank staff
     * @return the updated details
     */
    ShieldDetails unfreeze(ShieldNumber shield, Actor by);

    /**
     * Voids a shield: its certificate is revoked for good (R4.1, R10.4).
     *
     * @param shield the shield
     * @param by     the legal representative or bank staff
     * @return the updated details
     */
    ShieldDetails voidShield(ShieldNumber shield, Actor by);

    /**
     * Bank-side reset to a NEW PIN after the bank verified the holder's identity (R3.6, R4.3, seed
     * 002), where the PIN policy allows a bank reset; otherwise
     * {@link io.mshield.ErrorCode#PIN_RESET_NOT_ALLOWED}. The holder sets the new PIN on the phone,
     * which sends it as a PIN block for a fresh {@link io.mshield.shield.ShieldService#pinChallenge};
     * the failure count is cleared and a locked shield becomes active. The old PIN stops working.
     *
     * <p>For DEVICE and HOSTED shields. A COLLABORATIVE shield's PIN masks the phone's key share,
     * which the bank never holds: a forgotten PIN there cannot be reset, and the answer is
     * {@link io.mshield.ErrorCode#PIN_RESET_NOT_ALLOWED} — reissue the shield (SMS and face again,
     * a new key pair).
     *
     * @param shield the shield, ACTIVE (a forgotten PIN) or LOCKED
     * @param by     bank staff, with the reference of the identity verification they performed
     * @param newPin the new PIN, a PIN block for the shield's challenge; it must satisfy the PIN policy
     * @return the updated details
     * @throws io.mshield.ShieldException {@link io.mshield.ErrorCode#FORBIDDEN} for anyone but bank staff;
     *         {@link io.mshield.ErrorCode#ILLEGAL_STATE} when the shield is neither active nor locked;
     *         {@link io.mshield.ErrorCode#PIN_RESET_NOT_ALLOWED} as above; the PIN block's and the PIN
     *         policy's codes for a bad new PIN
     */
    ShieldDetails resetPin(ShieldNumber shield, Actor by, PinProof.EncryptedPin newPin);

    /**
     * Lifts a COLLABORATIVE shield's PIN lock after the bank verified the holder's identity, where
     * the PIN policy allows a bank reset: the failure count is cleared and the PIN stays what it
     * is, since it masks the phone's key share (a forgotten PIN means reissue).
     *
     * @param shield the locked COLLABORATIVE shield
     * @param by     bank staff, with the reference of the identity verification they performed
     * @return the updated details
     * @throws io.mshield.ShieldException {@link io.mshield.ErrorCode#FORBIDDEN} for anyone but bank staff;
     *         {@link io.mshield.ErrorCode#ILLEGAL_STATE} unless it is a locked COLLABORATIVE shield;
     *         {@link io.mshield.ErrorCode#PIN_RESET_NOT_ALLOWED} where the policy allows no bank reset
     */
    ShieldDetails unlockPin(ShieldNumber shield, Actor by);
}
