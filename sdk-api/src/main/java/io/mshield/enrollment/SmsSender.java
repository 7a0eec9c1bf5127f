package io.mshield.enrollment;

import io.mshield.identity.PhoneNumber;

/**
 * The bank's SMS gateway, used to send one-time codes (R2.2, R3.5, R9.2).
 *
 * <p>Contract: implementations MUST be thread-safe, MUST NOT log the message text (it contains
 * the code), and signal failure by throwing {@link io.mshield.ShieldException} with
 * {@link io.mshield.ErrorCode#ADAPTER_FAILURE}; the SDK then counts no code as sent. Delivery may
 * be asynchronous; the SDK does not retry.
 */
public interface SmsSender {

    /**
     * Sends a message.
     *
     * @param to      the registered phone
     * @param purpose why the code is sent, for the bank's template choice
     * @param code    the one-time code; the implementation puts it into its template and MUST NOT keep it
     */
    void send(PhoneNumber to, Purpose purpose, OneTimeCode code);

    /** Why a code is sent; a bank chooses its SMS template by it. */
    enum Purpose {
        /** Opening a shield. */
        ENROLLMENT,
        /** Reissuing a shield to a new device. */
        REISSUE,
        /** Enabling biometric login or syncing a credential to a second app. */
        LINKED_APP,
        /** Resetting a forgotten PIN. */
        PIN_RESET,
        /** Revoking a shield without the PIN (R3.6). */
        SELF_REVOCATION,
        /** Renewing a shield's certificate (R3.4). */
        RENEWAL
    }
}
