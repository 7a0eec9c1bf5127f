package io.mshield.certificate;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;

/**
 * The CRLReason values of RFC 5280 section 5.3.1, with their codes on the wire.
 *
 * <p>Loss and freeze put a certificate {@link #CERTIFICATE_HOLD on hold}; cancelling them
 * publishes {@link #REMOVE_FROM_CRL}. Void and reissue revoke for good (R10.4).
 */
public enum RevocationReason {
    /** Code 0: no reason given. */
    UNSPECIFIED(0),
    /** Code 1: the private key was compromised. */
    KEY_COMPROMISE(1),
    /** Code 2: the CA's key was compromised. */
    CA_COMPROMISE(2),
    /** Code 3: the subject's affiliation changed (for example a withdrawn permission). */
    AFFILIATION_CHANGED(3),
    /** Code 4: replaced by another certificate (renewal, reissue to a new device). */
    SUPERSEDED(4),
    /** Code 5: no longer needed (voided or self-revoked). */
    CESSATION_OF_OPERATION(5),
    /** Code 6: temporarily suspended (loss report, freeze); reversible. */
    CERTIFICATE_HOLD(6),
    /** Code 8: a hold was lifted; only valid in delta CRLs and for held certificates. */
    REMOVE_FROM_CRL(8),
    /** Code 9: a privilege was withdrawn. */
    PRIVILEGE_WITHDRAWN(9),
    /** Code 10: the attribute authority was compromised. */
    AA_COMPROMISE(10);

    private final int code;

    RevocationReason(int code) {
        this.code = code;
    }

    /**
     * The RFC 5280 reason code.
     *
     * @return 0 to 10, never 7
     */
    public int code() {
        return code;
    }

    /**
     * Whether the revocation can be undone: true only for {@link #CERTIFICATE_HOLD}.
     *
     * @return true for a hold
     */
    public boolean reversible() {
        return this == CERTIFICATE_HOLD;
    }

    /**
     * The reason for an RFC 5280 code.
     *
     * @param code the reason code
     * @return the reason
     * @throws ShieldException with {@link ErrorCode#INVALID_ARGUMENT} for 7 or an unknown code
     */
    public static RevocationReason ofCode(int code) {
        for (RevocationReason r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "unknown RFC 5280 revocation reason code: " + code);
    }
}
