package io.mshield.qr;

/**
 * The life of a QR challenge: {@code CREATED → SCANNED → APPROVED → CONSUMED}, or
 * {@code REJECTED} by the holder, or {@code EXPIRED} when its time is up before it was consumed.
 * Every state but {@code CREATED} and {@code SCANNED} is final, and a challenge is used once.
 */
public enum QrState {
    /** Shown on the PC, not yet scanned. */
    CREATED,
    /** Scanned by one shield's app, which now shows the request; bound to that shield. */
    SCANNED,
    /** Approved with the shield's PIN and a signature the bank verified. */
    APPROVED,
    /** Refused by the holder. */
    REJECTED,
    /** Its lifetime ended before it was consumed. */
    EXPIRED,
    /** The PC side took the approval; nothing more can happen to it. */
    CONSUMED;

    /**
     * Whether nothing can happen to a challenge in this state any more.
     *
     * @return true for APPROVED's successors and REJECTED and EXPIRED
     */
    public boolean isFinal() {
        return this == REJECTED || this == EXPIRED || this == CONSUMED;
    }
}
