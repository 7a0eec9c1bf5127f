package io.mshield.shield;

import io.mshield.enrollment.SmsSender;

/**
 * An operation on a live shield for which the holder proves their identity with an SMS one-time
 * code to the registered phone (and, where it says so, a face comparison), besides or instead of
 * the PIN.
 */
public enum HolderOperation {
    /** Self-revocation with a forgotten PIN: SMS code and face comparison instead of the PIN (R3.6, seed 000). */
    SELF_REVOCATION(SmsSender.Purpose.SELF_REVOCATION),
    /** Renewal: an SMS code besides the PIN, and the filing re-matched (R3.4, seed 001). */
    RENEWAL(SmsSender.Purpose.RENEWAL);

    private final SmsSender.Purpose smsPurpose;

    HolderOperation(SmsSender.Purpose smsPurpose) {
        this.smsPurpose = smsPurpose;
    }

    /**
     * The purpose the SMS gateway is told.
     *
     * @return the purpose
     */
    public SmsSender.Purpose smsPurpose() {
        return smsPurpose;
    }
}
