package io.mshield.pin;

/**
 * What happens when the PIN attempts of a {@link PinPolicy} are used up (R5.2). Each constant is
 * the rule of one seed.
 */
public enum LockoutAction {
    /**
     * Locked for good: the holder must revoke the shield and apply again; nobody can reset the PIN
     * (seed 001).
     */
    LOCK_FOREVER,
    /** Locked until bank staff reset the PIN after verifying the holder's identity (seed 002, R4.3). */
    LOCK_UNTIL_BANK_RESET,
    /**
     * Locked; the holder is told to contact the CA, which resets the PIN after verifying identity
     * (seed 003, R8.5). The bank runs the CA, so the reset is a staff reset as for
     * {@link #LOCK_UNTIL_BANK_RESET}; only the message to the holder differs.
     */
    LOCK_CONTACT_CA,
    /**
     * Frozen for a while (24 hours in seed 004), after which the holder may try again with a fresh
     * count; after {@link PinPolicy#maxTimedFreezes()} timed freezes the next lockout freezes for
     * good (seed 004). Bank staff may lift either freeze if the policy allows resets (R4.3).
     */
    FREEZE_TIMED_THEN_PERMANENT
}
