package io.mshield.enrollment;

import io.mshield.crypto.CollaborativeSm2;
import io.mshield.identity.ShieldNumber;
import io.mshield.pin.AuthMethod;
import io.mshield.pin.PinChallenge;
import io.mshield.pin.PinProof;
import io.mshield.shield.ShieldDetails;

import java.util.Optional;

/**
 * Opening a shield (R2) and reissuing one to a new phone (R3.5): a bank-driven session whose
 * steps run in the order of {@link EnrollmentStep}, once each, before the session expires.
 *
 * <p>Every method refuses a step out of order with {@link io.mshield.ErrorCode#ENROLLMENT_STEP_OUT_OF_ORDER},
 * an expired session with {@link io.mshield.ErrorCode#ENROLLMENT_EXPIRED}, and changes nothing when it throws.
 */
public interface EnrollmentService {

    /**
     * Starts a session: checks entitlement (R1.1), the filing (R1.3), the binding limits (R2.7,
     * R2.8), the device lock (R2.9), and reserves a shield number (R2.6). Idempotent by request id.
     *
     * @param application the application
     * @return the session, next step {@link EnrollmentStep#AGREEMENT}
     */
    EnrollmentSession start(Application application);

    /**
     * Starts reissuing an active, lost or frozen shield to a new device (R3.5); SMS and face run again.
     *
     * @param shield      the shield to replace; its certificate is revoked as superseded on completion
     * @param application the application from the new device
     * @return the session
     */
    EnrollmentSession startReissue(ShieldNumber shield, Application application);

    /**
     * Records acceptance of the service agreement (R2.1).
     *
     * @param id      the session
     * @param version the agreement's version
     * @return the session, next step {@link EnrollmentStep#SMS_CODE}
     */
    EnrollmentSession acceptAgreement(EnrollmentId id, String version);

    /**
     * Sends a one-time code to the applicant's registered phone, within the resend cool-down and
     * daily cap of the {@link OtpPolicy}.
     *
     * @param id the session
     * @return the session
     */
    EnrollmentSession sendSmsCode(EnrollmentId id);

    /**
     * Checks the one-time code (R2.2).
     *
     * @param id   the session
     * @param code the code the applicant typed
     * @return the session, next step {@link EnrollmentStep#FACE}
     */
    EnrollmentSession verifySmsCode(EnrollmentId id, OneTimeCode code);

    /**
     * Runs the face comparison (R2.2) under the {@link FacePolicy}.
     *
     * @param id      the session
     * @param capture the capture
     * @return the session, next step {@link EnrollmentStep#AUTHENTICATION}
     */
    EnrollmentSession verifyFace(EnrollmentId id, FaceVerifier.FaceCapture capture);

    /**
     * A challenge for the PIN block of {@link #chooseAuthentication} or of the
     * {@link #coSignCertificateRequest} round.
     *
     * @param id the session
     * @return the challenge
     */
    PinChallenge pinChallenge(EnrollmentId id);

    /**
     * Chooses the authentication method (R2.3) and registers the PIN (R2.4, R5.4), checked against
     * the policy's format and weak-PIN rules in every custody mode. COLLABORATIVE needs it too: the
     * bank keeps its keyed hash to check the PIN block of every round before it computes anything
     * from its share, while the PIN also masks the phone's share.
     *
     * @param id     the session
     * @param method a method the device supports
     * @param pin    the encrypted PIN (required)
     * @return the session, next step {@link EnrollmentStep#KEY}
     */
    EnrollmentSession chooseAuthentication(EnrollmentId id, AuthMethod method, Optional<PinProof.EncryptedPin> pin);

    /**
     * The key step's first half: COLLABORATIVE sends P1 and gets the joint public key; HOSTED gets
     * the key the bank generated; DEVICE gets nothing back.
     *
     * @param id       the session
     * @param proposal the phone's contribution
     * @return the bank's answer
     */
    KeySetup prepareKey(EnrollmentId id, KeyProposal proposal);

    /**
     * COLLABORATIVE only, once per session: the bank's signing round for the CSR's proof of
     * possession. The bank computes e = SM3(Z‖M) itself from the to-be-signed bytes, and
     * {@link #complete} accepts only a CSR whose to-be-signed part is exactly these bytes, so the
     * round cannot be abused to co-sign anything else. The proof's PIN block (for a challenge from
     * {@link #pinChallenge}) is checked against the PIN registered at {@link #chooseAuthentication}
     * first, counted, before anything is computed from the bank's share.
     *
     * @param id                       the session
     * @param certificationRequestInfo the DER CertificationRequestInfo (the CSR's to-be-signed part)
     * @param proof                    the PIN block and the co-sign counter (1 for the first round)
     * @param q1                       the phone's Q1, uncompressed encoding
     * @return the bank's half of the signature
     */
    CollaborativeSm2.CoSignature coSignCertificateRequest(EnrollmentId id, byte[] certificationRequestInfo, io.mshield.pin.RoundProof proof, byte[] q1);

    /**
     * Checks the CSR and issues the certificate; the shield becomes active. Idempotent: repeating
     * it after an interruption returns the same shield and certificate (R2.10). HOSTED passes an
     * empty array: the bank builds the request itself.
     *
     * @param id  the session
     * @param csr the DER-encoded PKCS#10 request
     * @return the new shield
     */
    ShieldDetails complete(EnrollmentId id, byte[] csr);

    /**
     * The state of a session.
     *
     * @param id the session
     * @return the session, or empty when unknown
     */
    Optional<EnrollmentSession> session(EnrollmentId id);
}
