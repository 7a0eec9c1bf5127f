package io.mshield.shield;

import io.mshield.Actor;
import io.mshield.identity.EnterpriseId;
import io.mshield.identity.ResidentIdNumber;
import io.mshield.identity.ShieldNumber;
import io.mshield.pin.AuthMethod;
import io.mshield.pin.PinChallenge;
import io.mshield.pin.PinCheck;
import io.mshield.pin.PinProof;

import java.time.Instant;
import java.util.List;

/**
 * Keeping a shield (R3): details, authentication method, PIN, renewal, self-revocation, health.
 * Reissue to a new device starts in {@link io.mshield.enrollment.EnrollmentService#startReissue}.
 *
 * <p>Operations that need the PIN take a {@link PinProof} answering a {@link #pinChallenge};
 * a wrong PIN is refused with {@link io.mshield.ErrorCode#PIN_INCORRECT} and the attempts left
 * (R5.1), and counted by the bank (R5.3).
 */
public interface ShieldService {

    /**
     * The details of a shield (R3.1).
     *
     * @param shield the shield
     * @return the details
     */
    ShieldDetails details(ShieldNumber shield);

    /**
     * A person's shields in an enterprise, newest first.
     *
     * @param enterprise the enterprise
     * @param person     the person
     * @return the shields, any status
     */
    List<ShieldDetails> shieldsOf(EnterpriseId enterprise, ResidentIdNumber person);

    /**
     * A one-time challenge to answer with a {@link PinProof}.
     *
     * @param shield the shield
     * @return the challenge
     */
    PinChallenge pinChallenge(ShieldNumber shield);

    /**
     * COLLABORATIVE only: the bank's signing round over a PIN challenge's nonce. The proof's PIN
     * block answers that same challenge and is checked first (counted; a wrong PIN gets
     * {@link io.mshield.ErrorCode#PIN_INCORRECT} and nothing computed from the bank's share). The
     * attempt stays counted until {@link #checkPin} receives a joint signature over the nonce that
     * verifies (R5.3, R10.6); past the policy's limit the shield is LOCKED.
     *
     * @param shield the shield
     * @param proof  the PIN block for a challenge from {@link #pinChallenge} (the challenge co-signed)
     *               and the co-sign counter
     * @param q1     the phone's Q1, uncompressed encoding
     * @return the bank's half of the signature
     */
    io.mshield.crypto.CollaborativeSm2.CoSignature coSignPinChallenge(ShieldNumber shield, io.mshield.pin.RoundProof proof, byte[] q1);

    /**
     * Binds the shield's certificate to the holder's account in another system, confirmed with the
     * PIN (R7.5). Binding the same system again replaces the account.
     *
     * @param shield  the shield
     * @param by      the holder
     * @param system  the other system
     * @param account the account there
     * @param proof   the PIN proof
     * @return the binding
     */
    AccountBinding bindAccount(ShieldNumber shield, Actor by, String system, String account, PinProof proof);

    /**
     * The shield's account bindings in other systems.
     *
     * @param shield the shield
     * @return the bindings
     */
    List<AccountBinding> accountBindings(ShieldNumber shield);

    /**
     * Seals a digital envelope to a shield's certificate key (R7.4): only the shield can open it.
     *
     * @param shield    the shield
     * @param plaintext the content
     * @return the ciphertext (SM2 C1C3C2 or ECIES)
     */
    byte[] sealEnvelope(ShieldNumber shield, byte[] plaintext);

    /**
     * COLLABORATIVE: the bank's half of opening an envelope, T2 = d2⁻¹·T1 (R7.4), computed only
     * after the round's PIN block was checked (counted; a wrong PIN gets
     * {@link io.mshield.ErrorCode#PIN_INCORRECT} and no T2, so T2 can never serve to test PIN
     * guesses offline).
     *
     * @param shield the shield
     * @param proof  the PIN block for a challenge from {@link #pinChallenge} and the co-sign counter
     * @param t1     the phone's T1 = d1⁻¹·C1, uncompressed encoding
     * @return T2, uncompressed encoding
     */
    byte[] openEnvelopeHalf(ShieldNumber shield, io.mshield.pin.RoundProof proof, byte[] t1);

    /**
     * HOSTED: opens an envelope in the bank's key storage after the PIN check (R7.4).
     *
     * @param shield     the shield
     * @param ciphertext the envelope
     * @param pin        the PIN proof
     * @return the content
     */
    byte[] openEnvelope(ShieldNumber shield, byte[] ciphertext, PinProof.EncryptedPin pin);

    /**
     * Checks a PIN proof against the policy (R5), counting failures atomically.
     *
     * @param shield the shield
     * @param proof  the proof
     * @return accepted, rejected with the attempts left, or locked
     */
    PinCheck checkPin(ShieldNumber shield, PinProof proof);

    /**
     * Changes the authentication method to another the device supports (R3.2). A biometric method
     * needs a key registered for it ({@link #registerBiometric}), else
     * {@link io.mshield.ErrorCode#BIOMETRIC_NOT_REGISTERED}; the proof is the PIN.
     *
     * @param shield the shield
     * @param by     the holder
     * @param method the new method
     * @param proof  the PIN proof
     * @return the updated details
     */
    ShieldDetails changeAuthMethod(ShieldNumber shield, Actor by, AuthMethod method, PinProof proof);

    /**
     * Registers the device key of a biometric method (R2.3, R3.2) and makes it the shield's
     * authentication method: the phone's secure module made the key for its fingerprint or face
     * check and proves possession by signing {@link io.mshield.pin.BiometricKey#registrationMessage}
     * for a fresh {@link #pinChallenge}; the holder confirms with the PIN (a PIN block, or for
     * COLLABORATIVE a joint signature; a biometric proof is refused with
     * {@link io.mshield.ErrorCode#PIN_REQUIRED}). A key registered earlier for the same method is
     * replaced. From then on a {@link PinProof.BiometricSignature} of this key confirms signatures in
     * place of the PIN block, counted under the same PIN policy.
     *
     * @param shield the shield
     * @param by     the holder
     * @param key    the key and its possession signature
     * @param pin    the PIN proof
     * @return the updated details
     * @throws io.mshield.ShieldException {@link io.mshield.ErrorCode#AUTH_METHOD_UNSUPPORTED} when the device
     *         does not offer the method; {@link io.mshield.ErrorCode#SIGNATURE_INVALID} when the possession
     *         signature does not verify; {@link io.mshield.ErrorCode#PIN_BLOCK_INVALID} for an unknown or used
     *         challenge; the PIN's codes; nothing changes on any of them but the PIN counter
     */
    ShieldDetails registerBiometric(ShieldNumber shield, Actor by, io.mshield.pin.BiometricKey key, PinProof pin);

    /**
     * Changes the PIN (R3.3): the new PIN block is checked against the policy's format and weak-PIN
     * rules in every custody mode (R2.4). COLLABORATIVE: the old PIN is proven with a joint
     * signature, the bank replaces the PIN's keyed hash, and the phone re-masks its share. As seed 000
     * says, this applies to the PIN method only: the old PIN must be proven by the PIN itself (a
     * biometric proof is {@link io.mshield.ErrorCode#PIN_REQUIRED}), and a key registered for a
     * biometric method is left as it is.
     *
     * @param shield the shield
     * @param by     the holder
     * @param oldPin proof of the old PIN
     * @param newPin the new PIN encrypted to a fresh challenge
     */
    void changePin(ShieldNumber shield, Actor by, PinProof oldPin, java.util.Optional<PinProof.EncryptedPin> newPin);

    /**
     * Sends a one-time code to the holder's registered phone for an operation that needs one:
     * renewal (R3.4) or self-revocation with a forgotten PIN (R3.6). The code lives for the OTP
     * policy's time; sending again is limited by its cool-down and the phone's daily cap.
     *
     * @param shield    the shield
     * @param by        the holder
     * @param operation what the code is for
     * @throws io.mshield.ShieldException {@link io.mshield.ErrorCode#FORBIDDEN} for anyone but the holder;
     *         {@link io.mshield.ErrorCode#OTP_RATE_LIMITED}; {@link io.mshield.ErrorCode#ADAPTER_FAILURE}
     *         when the gateway fails (no code counted)
     */
    void sendSmsCode(ShieldNumber shield, Actor by, HolderOperation operation);

    /**
     * Renews the certificate inside the renewal window, or after a filing change; refused once
     * expired (R3.4). As seed 001 asks, the holder answers an SMS code sent for
     * {@link HolderOperation#RENEWAL} besides the PIN, and the filing is matched again: the holder
     * must still be on the enterprise's filing with the same ID number and user type, and the new
     * certificate carries the name the filing holds now.
     *
     * <p>DEVICE: a CSR for the phone's new key, in the filed name. HOSTED: no CSR (empty array);
     * the bank's key is certified again. COLLABORATIVE: refused with {@link io.mshield.ErrorCode#ILLEGAL_STATE};
     * the joint key's request is co-signed ({@link #coSignRenewalRequest}, then {@link #renewCoSigned}).
     *
     * @param shield the shield
     * @param by     the holder
     * @param proof  the PIN proof
     * @param sms    the SMS code sent for {@link HolderOperation#RENEWAL}
     * @param csr    the DER-encoded CSR, or an empty array for HOSTED
     * @return the updated details
     * @throws io.mshield.ShieldException {@link io.mshield.ErrorCode#RENEWAL_NOT_DUE},
     *         {@link io.mshield.ErrorCode#CERTIFICATE_EXPIRED}, {@link io.mshield.ErrorCode#FILING_MISMATCH}
     *         when the holder is no longer on the filing as they were, the SMS code's and the PIN's codes
     */
    ShieldDetails renew(ShieldNumber shield, Actor by, PinProof proof, io.mshield.enrollment.OneTimeCode sms, byte[] csr);

    /**
     * COLLABORATIVE renewal, first half (R3.4, R10.6): the bank's signing round over the renewal
     * request's CertificationRequestInfo for the same joint key, so the request is signed by both
     * halves — the phone's share and the bank's — and the key is proven without ever being whole.
     * Holder only; the renewal must be due (window or filing change) and the holder still on the
     * filing. The round's PIN block is checked and counted first, as in every round; the bank
     * computes e = SM3(Z‖M) from these bytes itself and remembers them: {@link #renewCoSigned} accepts
     * only a CSR whose to-be-signed part is exactly these bytes. A new round replaces an unfinished one.
     *
     * @param shield                   the shield
     * @param by                       the holder
     * @param certificationRequestInfo the DER CertificationRequestInfo (subject in the current filed name)
     * @param proof                    the PIN block for a challenge from {@link #pinChallenge} and the co-sign counter
     * @param q1                       the phone's Q1, uncompressed encoding
     * @return the bank's half of the signature
     * @throws io.mshield.ShieldException {@link io.mshield.ErrorCode#ILLEGAL_STATE} for a shield not in
     *         COLLABORATIVE custody; {@link io.mshield.ErrorCode#RENEWAL_NOT_DUE}, {@link io.mshield.ErrorCode#CERTIFICATE_EXPIRED},
     *         {@link io.mshield.ErrorCode#FILING_MISMATCH}; the round's PIN and counter codes
     */
    io.mshield.crypto.CollaborativeSm2.CoSignature coSignRenewalRequest(ShieldNumber shield, Actor by, byte[] certificationRequestInfo,
                                                                       io.mshield.pin.RoundProof proof, byte[] q1);

    /**
     * COLLABORATIVE renewal, second half (R3.4): the SMS code sent for {@link HolderOperation#RENEWAL}
     * and the CSR whose proof of possession is the joint signature over the request co-signed by
     * {@link #coSignRenewalRequest}; the PIN was proven, counted, in that round. The filing is matched
     * again, the new certificate carries the current filed name, and the old certificate is revoked
     * as superseded. A CSR that is not the co-signed one, whose signature does not verify with the
     * joint key (forged, or made by one half alone), or for another key is refused with
     * {@link io.mshield.ErrorCode#CSR_INVALID}, and nothing changes; the co-signed request is used once.
     *
     * @param shield the shield
     * @param by     the holder
     * @param sms    the SMS code
     * @param csr    the DER CSR
     * @return the updated details
     */
    ShieldDetails renewCoSigned(ShieldNumber shield, Actor by, io.mshield.enrollment.OneTimeCode sms, byte[] csr);

    /**
     * Shields whose certificate enters the reminder window (R3.4): those whose renewal window
     * opens within the policy's reminder lead after {@code now}.
     *
     * @param now   the reference time
     * @param limit how many at most
     * @return the shields
     */
    List<ShieldDetails> dueForRenewalReminder(Instant now, int limit);

    /**
     * The holder revokes their own shield (R3.6).
     *
     * @param shield the shield
     * @param by     the holder
     * @param proof  the PIN proof
     */
    void revoke(ShieldNumber shield, Actor by, PinProof proof);

    /**
     * The holder revokes their own shield with a forgotten PIN (R3.6, seed 000): instead of the PIN,
     * an SMS code sent for {@link HolderOperation#SELF_REVOCATION} and a face comparison against the
     * authoritative source. The same rule as {@link #revoke} holds: the holder keeps another active
     * shield or hardware key (R3.8). Works whether the shield is active or locked by wrong PINs.
     *
     * @param shield the shield
     * @param by     the holder
     * @param sms    the SMS code
     * @param face   the face capture
     * @throws io.mshield.ShieldException {@link io.mshield.ErrorCode#FORBIDDEN} for anyone but the holder;
     *         {@link io.mshield.ErrorCode#OTP_INCORRECT}, {@link io.mshield.ErrorCode#OTP_EXPIRED},
     *         {@link io.mshield.ErrorCode#FACE_MISMATCH} (with the tries left today),
     *         {@link io.mshield.ErrorCode#FACE_RATE_LIMITED}, {@link io.mshield.ErrorCode#LAST_AUTHENTICATOR}
     */
    void revokeWithoutPin(ShieldNumber shield, Actor by, io.mshield.enrollment.OneTimeCode sms,
                          io.mshield.enrollment.FaceVerifier.FaceCapture face);

    /**
     * Reports that the phone's key is gone (factory reset, firmware update) or checks expiry; the
     * shield becomes INVALID or EXPIRED and the holder must revoke and apply again (R3.7).
     *
     * @param shield  the shield
     * @param keyGone true when the app reports the key missing
     * @return the updated details
     */
    ShieldDetails checkHealth(ShieldNumber shield, boolean keyGone);
}
