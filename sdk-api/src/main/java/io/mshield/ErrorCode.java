package io.mshield;

/**
 * The stable error codes of {@link ShieldException}.
 *
 * <p>A code's name never changes once released; a bank maps codes to its own messages and
 * monitoring. The list with explanations is published in {@code docs/errors.md}, and a test keeps
 * that page and this enum in step. Codes are grouped by the capability that raises them.
 */
public enum ErrorCode {
    // ---- input validation (values) ----
    /** A required argument was missing or empty. */
    INVALID_ARGUMENT(Category.INPUT),
    /** A shield number is not {@code MS} followed by 11 digits (R2.6). */
    INVALID_SHIELD_NUMBER(Category.INPUT),
    /** A mainland resident ID number is malformed or its GB 11643 check digit is wrong (R1.2). */
    INVALID_ID_NUMBER(Category.INPUT),
    /** The identity document is not a mainland resident ID card (R1.2). */
    UNSUPPORTED_ID_DOCUMENT(Category.INPUT),
    /** A unified social credit code is malformed or its GB 32100 check digit is wrong (R1.3). */
    INVALID_CREDIT_CODE(Category.INPUT),
    /** A phone number is not a mainland mobile number. */
    INVALID_PHONE_NUMBER(Category.INPUT),
    /** An enterprise, user, device or other identifier is malformed. */
    INVALID_IDENTIFIER(Category.INPUT),
    /** An amount is negative, has more decimals than its currency allows, or mixes currencies. */
    INVALID_AMOUNT(Category.INPUT),
    /** A PIN does not have the format the policy requires (R2.4). */
    INVALID_PIN_FORMAT(Category.INPUT),
    /** A new PIN is too easy to guess (repeated digit, run, digits of the ID number or phone; R3.3). */
    WEAK_PIN(Category.INPUT),
    /** A policy was built with contradictory or out-of-range values. */
    INVALID_POLICY(Category.INPUT),
    /** Input exceeds a size limit. */
    INPUT_TOO_LARGE(Category.INPUT),

    // ---- permissions (R1) ----
    /** The person is not entitled to hold a shield in this enterprise (R1.1). */
    NOT_ENTITLED(Category.PERMISSION),
    /** The applicant does not match the enterprise's filing record (R1.3). */
    FILING_MISMATCH(Category.PERMISSION),
    /** The actor may not perform this operation (R4.4). */
    FORBIDDEN(Category.PERMISSION),

    // ---- enrollment (R2) ----
    /** The enrollment step is out of order, already done, or the session is over (R2.2). */
    ENROLLMENT_STEP_OUT_OF_ORDER(Category.ENROLLMENT),
    /** The enrollment session has expired. */
    ENROLLMENT_EXPIRED(Category.ENROLLMENT),
    /** The service agreement was not accepted (R2.1). */
    AGREEMENT_NOT_ACCEPTED(Category.ENROLLMENT),
    /** A one-time code is wrong; the attempts left are in the exception. */
    OTP_INCORRECT(Category.ENROLLMENT),
    /** A one-time code has expired or was already used. */
    OTP_EXPIRED(Category.ENROLLMENT),
    /** Too many one-time codes or attempts: wait for the cool-down or the next day. */
    OTP_RATE_LIMITED(Category.ENROLLMENT),
    /** The face comparison failed (score below the threshold or no liveness). */
    FACE_MISMATCH(Category.ENROLLMENT),
    /** Too many face comparisons today. */
    FACE_RATE_LIMITED(Category.ENROLLMENT),
    /** The device does not support the chosen authentication method (R2.3, R3.2). */
    AUTH_METHOD_UNSUPPORTED(Category.ENROLLMENT),
    /** A binding limit would be exceeded (R2.7). */
    BINDING_LIMIT_REACHED(Category.ENROLLMENT),
    /** The person already holds a shield on this device or in this enterprise (R2.8). */
    DUPLICATE_APPLICATION(Category.ENROLLMENT),
    /** The device is locked to another account (R2.9). */
    DEVICE_LOCKED_TO_OTHER_ACCOUNT(Category.ENROLLMENT),

    // ---- shields and certificates (R3, R4, R10) ----
    /** No shield with that number. */
    SHIELD_NOT_FOUND(Category.STATE),
    /** The operation is not allowed in the shield's or certificate's current state. */
    ILLEGAL_STATE(Category.STATE),
    /** The shield is frozen (R4, R5.2 preset 004). */
    SHIELD_FROZEN(Category.STATE),
    /** The shield was reported lost (R4.1). */
    SHIELD_LOST(Category.STATE),
    /** The shield is revoked; apply again. */
    SHIELD_REVOKED(Category.STATE),
    /** The shield's key is gone or its certificate expired; revoke and apply again (R3.7). */
    SHIELD_INVALID(Category.STATE),
    /** The certificate has expired (it cannot be renewed, R3.4), or is not yet valid (a seal medium's, R8.1). */
    CERTIFICATE_EXPIRED(Category.STATE),
    /** Renewal is not yet possible: the certificate is outside the renewal window (R3.4). */
    RENEWAL_NOT_DUE(Category.STATE),
    /** The last active authenticator may not be disabled (R3.8). */
    LAST_AUTHENTICATOR(Category.STATE),
    /** A concurrent change won; read again and retry. */
    CONCURRENT_MODIFICATION(Category.STATE),
    /** A unique key is already taken (a persistence-level uniqueness rule); sdk-core maps it to a domain code. */
    ALREADY_EXISTS(Category.STATE),
    /** A request id was reused with different content (R2.10). */
    IDEMPOTENCY_CONFLICT(Category.STATE),

    // ---- PIN (R5) ----
    /** The PIN is wrong; the attempts left are in the exception (R5.1). */
    PIN_INCORRECT(Category.PIN),
    /** The PIN is locked (R5.2); what lifts it depends on the policy. */
    PIN_LOCKED(Category.PIN),
    /** A PIN block was replayed, expired or not bound to this request (R5.4). */
    PIN_BLOCK_INVALID(Category.PIN),
    /** The policy does not allow this kind of PIN reset (R3.6, R4.3). */
    PIN_RESET_NOT_ALLOWED(Category.PIN),
    /**
     * No device key is registered for this biometric method on the shield, or the shield's
     * authentication method is another (R2.3, R3.2).
     */
    BIOMETRIC_NOT_REGISTERED(Category.PIN),
    /**
     * A biometric confirmation does not verify with the key registered for the method: forged,
     * over another challenge, or made by another shield's key; counted like a wrong PIN (R2.3, R5.3).
     */
    BIOMETRIC_REJECTED(Category.PIN),
    /** The operation needs the PIN itself; a biometric confirms signatures only (R2.3, seed 000). */
    PIN_REQUIRED(Category.PIN),

    // ---- transactions (R6, R7) ----
    /** The amount exceeds the scenario's cap for a shield: use a hardware key (R6.2). */
    HARDWARE_KEY_REQUIRED(Category.TRANSACTION),
    /** The credential is inside its cooling-off period (R6.5). */
    COOLING_OFF(Category.TRANSACTION),
    /** A daily or monthly cumulative limit would be exceeded. */
    LIMIT_EXCEEDED(Category.TRANSACTION),
    /** A transaction, challenge or reservation is unknown, expired or already used. */
    CHALLENGE_INVALID(Category.TRANSACTION),
    /** A possible cloned share was detected (the co-sign counter went backwards). */
    CLONE_SUSPECTED(Category.TRANSACTION),
    /** A co-sign counter is not positive, or runs further ahead of the last one than the bank allows. */
    COSIGN_COUNTER_INVALID(Category.TRANSACTION),
    // issue 18 (WHO-ACTS), linked apps, hardware key, login QR, identity challenges
    /** The holder chose the hardware key but has no active one for the enterprise (R6.3). */
    NO_ACTIVE_HARDWARE_KEY(Category.TRANSACTION),
    /** The payment's channel belongs to a linked app the credential is not enabled in, or was disabled in (R9.3). */
    LINKED_APP_DISABLED(Category.TRANSACTION),
    /** The person asked for more identity challenges today than the policy allows (R9.4). */
    IDENTITY_CHALLENGE_LIMIT(Category.ENROLLMENT),
    /** The poll secret does not match the one handed to the page that created the QR challenge (R7.2). */
    QR_POLL_SECRET_INVALID(Category.PERMISSION),

    // ---- crypto (R10) ----
    /** A signature did not verify. */
    SIGNATURE_INVALID(Category.CRYPTO),
    /** A certificate request is malformed, has no proof of possession or breaks the allowlist. */
    CSR_INVALID(Category.CRYPTO),
    /** A certificate is malformed, untrusted, or its path does not validate. */
    CERTIFICATE_INVALID(Category.CRYPTO),
    /** The certificate was revoked at the relevant time. */
    CERTIFICATE_REVOKED(Category.CRYPTO),
    /**
     * The certificate was not issued by a CA the bank trusts for this purpose: self-signed, from
     * an unknown CA, or its issuer is not a CA valid at the time (a seal medium's certificate, R8.1).
     */
    CERTIFICATE_UNTRUSTED(Category.CRYPTO),
    /** A CMS structure is malformed or does not verify. */
    CMS_INVALID(Category.CRYPTO),
    /** The algorithm, curve or key size is not allowed or not supported by this key storage. */
    ALGORITHM_NOT_SUPPORTED(Category.CRYPTO),
    /** No key with that handle, or the key storage refused the operation. */
    KEY_NOT_FOUND(Category.CRYPTO),
    /** Encrypted data is malformed or does not decrypt. */
    DECRYPTION_FAILED(Category.CRYPTO),

    // ---- seals, QR, linked apps ----
    /** The e-seal is bound to another medium or the medium to another seal (R8.2). */
    SEAL_BINDING_CONFLICT(Category.STATE),
    /** A QR payload is malformed, forged or modified. */
    QR_PAYLOAD_INVALID(Category.INPUT),

    // ---- adapters and infrastructure ----
    /** A bank adapter (SMS, face, registry, hardware-key directory) failed. */
    ADAPTER_FAILURE(Category.INFRASTRUCTURE),
    /** The persistence layer failed; nothing was changed. */
    PERSISTENCE_FAILURE(Category.INFRASTRUCTURE),
    /** The key storage (HSM) failed. */
    KEY_STORAGE_FAILURE(Category.INFRASTRUCTURE),
    /** A key store file can be read or written by users other than its owner; it is not opened. */
    KEY_STORE_FILE_EXPOSED(Category.INFRASTRUCTURE),
    /** The audit log failed verification. */
    AUDIT_CHAIN_BROKEN(Category.INFRASTRUCTURE);

    /** Broad groups of codes, for monitoring and for mapping to a channel's messages. */
    public enum Category {
        /** The caller's input was malformed; fix the request. */
        INPUT,
        /** The actor lacks a right. */
        PERMISSION,
        /** An enrollment rule refused the request. */
        ENROLLMENT,
        /** The state of a shield, certificate or other object does not allow it. */
        STATE,
        /** A PIN rule refused the request. */
        PIN,
        /** A transaction rule refused the request. */
        TRANSACTION,
        /** A cryptographic check failed. */
        CRYPTO,
        /** A component outside the SDK's rules failed; the request may be retried. */
        INFRASTRUCTURE
    }

    private final Category category;

    ErrorCode(Category category) {
        this.category = category;
    }

    /**
     * The group this code belongs to.
     *
     * @return never null
     */
    public Category category() {
        return category;
    }
}
