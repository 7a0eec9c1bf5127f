package io.mshield.admin;

import io.mshield.Actor;
import io.mshield.identity.ShieldNumber;
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
     * Bank-side reset of a locked PIN after identity verification, where the PIN policy allows
     * it (R3.6, R4.3); otherwise {@link io.mshield.ErrorCode#PIN_RESET_NOT_ALLOWED}.
     *
     * @param shield the shield
     * @param by     bank staff
     * @return the updated details
     */
    ShieldDetails resetPin(ShieldNumber shield, Actor by);
}
