package io.mshield.enrollment;

/**
 * The steps of opening a shield, in the only order they can run (R2.2); each runs once.
 */
public enum EnrollmentStep {
    /** Accept the service agreement (R2.1). */
    AGREEMENT,
    /** Receive and enter the SMS one-time code (R2.2). */
    SMS_CODE,
    /** Face comparison (R2.2). */
    FACE,
    /** Choose the authentication method and set the PIN (R2.3, R2.4). */
    AUTHENTICATION,
    /** Generate the key where it will live and send the CSR (R2.5). */
    KEY,
    /** The certificate was issued; the shield is active. */
    DONE;

    /**
     * The step after this one.
     *
     * @return the next step; DONE for DONE
     */
    public EnrollmentStep next() {
        return this == DONE ? DONE : values()[ordinal() + 1];
    }
}
