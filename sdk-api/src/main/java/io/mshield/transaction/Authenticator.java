package io.mshield.transaction;

/** What the user chose to confirm with (R6.3). */
public enum Authenticator {
    /** The mobile shield. */
    SHIELD,
    /** The USB hardware key. */
    HARDWARE_KEY
}
