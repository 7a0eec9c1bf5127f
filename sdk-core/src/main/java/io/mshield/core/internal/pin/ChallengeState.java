package io.mshield.core.internal.pin;

/** A stored PIN challenge. */
public final class ChallengeState {
    /** The challenge id. */
    public String id;
    /** The shield or enrollment it belongs to. */
    public String owner;
    /** The nonce, hex. */
    public String nonce;
    /** Expiry, ISO-8601. */
    public String expiresAt;
    /** Whether it was used. */
    public boolean used;
    /** COLLABORATIVE: whether the co-sign round reserved an attempt for it. */
    public boolean attemptReserved;
    /** COLLABORATIVE: the failure count after that reservation. */
    public long reservedCount;

    /** For the JSON codec. */
    public ChallengeState() {
    }
}
