package io.mshield.core.internal.enrollment;

/**
 * The stored state of an enrollment session. Holds no secret: the one-time code is a keyed hash,
 * the PIN a keyed hash, key material a handle.
 */
public final class EnrollmentState {
    /** Session id. */
    public String id;
    /** Idempotency key. */
    public String requestId;
    /** Fingerprint of the application, to detect a reused request id with other content. */
    public String applicationHash;
    /** The reserved shield number. */
    public String shieldNumber;
    /** The shield being replaced, for a reissue. */
    public String reissueOf;
    /** Next step. */
    public String step;
    /** Expiry, ISO-8601. */
    public String expiresAt;
    /** Agreement version accepted. */
    public String agreementVersion;
    /** When the agreement was accepted. */
    public String agreementAt;
    /** Keyed hash of the current one-time code, hex. */
    public String otpMac;
    /** When the current code was sent. */
    public String otpSentAt;
    /** When the current code expires. */
    public String otpExpiresAt;
    /** Face vendor reference of the passed comparison. */
    public String faceReference;
    /** Whether the key step's first half is done. */
    public boolean keyPrepared;
    /** COLLABORATIVE: SHA-256 of the co-signed CertificationRequestInfo, hex. */
    public String coSignedRequestInfo;
    /** SHA-256 of the CSR that completed the session, hex. */
    public String completedCsr;

    /** For the JSON codec. */
    public EnrollmentState() {
    }
}
