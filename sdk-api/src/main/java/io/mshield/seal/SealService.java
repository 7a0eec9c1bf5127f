package io.mshield.seal;

import io.mshield.Actor;
import io.mshield.enrollment.FaceVerifier;
import io.mshield.identity.EnterpriseId;
import io.mshield.pin.PinChallenge;
import io.mshield.pin.PinCheck;
import io.mshield.pin.PinProof;

import java.util.List;

/**
 * E-seal binding and unbinding (R8.1–R8.8).
 *
 * <p>Binding: {@link #startBinding} checks the seal and the medium (a medium bound to another seal
 * is refused; a seal bound to another medium moves only with {@code confirmMove}; a USB key's
 * certificate must come from a CA the bank trusts, {@link SealMediaTrust}) and returns an
 * operation; then, in any order, {@link #verifyPin} with a PIN block answering the operation's
 * challenge (the {@link SealPolicy}'s number of wrong PINs in a row lock the seal until the CA
 * resets it with {@link #resetPin}), {@link #verifyLegalRepresentative} (a failure may be retried)
 * and finally {@link #complete} with the medium's signature over the operation's statement.
 * Unbinding takes the same checks and returns the seal to unbound, to be bound again or claimed on
 * a mobile shield. {@link #checkStamp} refuses a stamp by any certificate outside the seal's
 * {@code certList}.
 *
 * <p>Who acts: the enterprise's legal representative or super administrator, acting for the
 * seal's enterprise as its filing names them, binds and unbinds, and every step of an operation is
 * taken by an actor for the operation's enterprise; the CA (bank staff or the bank's system)
 * registers seals and resets their PINs. Anyone else — above all an actor of another enterprise —
 * is refused with {@link io.mshield.ErrorCode#FORBIDDEN} and nothing changes. Seal PINs travel
 * only as PIN blocks ({@link PinProof.EncryptedPin}), each answering a one-time challenge bound to
 * one seal and one operation.
 */
public interface SealService {

    /**
     * A one-time challenge for the PIN block of a seal the CA is about to register for the
     * enterprise; it answers only {@link #register} for this enterprise.
     *
     * @param by         the CA: bank staff or the bank's system
     * @param enterprise the enterprise
     * @return the challenge
     * @throws io.mshield.ShieldException {@link io.mshield.ErrorCode#FORBIDDEN} for anyone else
     */
    PinChallenge registrationChallenge(Actor by, EnterpriseId enterprise);

    /**
     * Registers an enterprise's seal, unbound, with its PIN (as the CA issues it).
     *
     * @param by         the CA: bank staff or the bank's system
     * @param enterprise the enterprise
     * @param type       the type
     * @param name       the engraved name, 1-64 characters
     * @param pin        the seal's initial PIN, a block answering {@link #registrationChallenge}
     * @return the seal
     * @throws io.mshield.ShieldException {@link io.mshield.ErrorCode#FORBIDDEN} for anyone but the CA;
     *         {@link io.mshield.ErrorCode#PIN_BLOCK_INVALID} for a block answering another challenge, used or expired
     */
    Seal register(Actor by, EnterpriseId enterprise, SealType type, String name, PinProof.EncryptedPin pin);

    /**
     * The enterprise's seals (R8.4: the user picks one).
     *
     * @param enterprise the enterprise
     * @return its seals
     */
    List<Seal> seals(EnterpriseId enterprise);

    /**
     * A seal.
     *
     * @param sealId the seal
     * @return the seal
     */
    Seal seal(String sealId);

    /**
     * Starts binding a seal to a medium with the certificate chosen on it.
     *
     * @param by          who binds: the enterprise's legal representative or super administrator
     * @param enterprise  the enterprise
     * @param sealId      the seal, one of the enterprise's
     * @param medium      the medium
     * @param certificate the DER certificate chosen among the medium's
     * @param holder      the holder on the medium (R8.3)
     * @param confirmMove whether the holder confirmed moving a seal bound to another medium (R8.2)
     * @return the operation
     */
    SealOperation startBinding(Actor by, EnterpriseId enterprise, String sealId, SealMedium medium, byte[] certificate,
                               SealHolder holder, boolean confirmMove);

    /**
     * Starts unbinding a seal from the medium it is bound to.
     *
     * @param by          who unbinds: the enterprise's legal representative or super administrator
     * @param enterprise  the enterprise
     * @param sealId      the seal
     * @param medium      the medium it is bound to
     * @param certificate the bound certificate
     * @return the operation
     */
    SealOperation startUnbinding(Actor by, EnterpriseId enterprise, String sealId, SealMedium medium, byte[] certificate);

    /**
     * Checks the seal's PIN for an operation (R8.5). Each wrong PIN counts, atomically across
     * nodes; the {@link SealPolicy}'s limit locks the seal.
     *
     * @param by          an actor for the operation's enterprise
     * @param operationId the operation
     * @param pin         the PIN block answering one of the operation's challenges (used once)
     * @return accepted, rejected with attempts left, or locked (contact the CA)
     * @throws io.mshield.ShieldException {@link io.mshield.ErrorCode#FORBIDDEN} for an actor of another enterprise;
     *         {@link io.mshield.ErrorCode#PIN_BLOCK_INVALID} for a block answering another operation's or seal's
     *         challenge, replayed or expired (not counted)
     */
    PinCheck verifyPin(Actor by, String operationId, PinProof.EncryptedPin pin);

    /**
     * A fresh PIN challenge for an operation, after a rejected PIN.
     *
     * @param by          an actor for the operation's enterprise
     * @param operationId the operation
     * @return the challenge
     */
    PinChallenge pinChallenge(Actor by, String operationId);

    /**
     * Verifies the legal representative's face for an operation (R8.6); on
     * {@code FACE_MISMATCH} the user may retry, within the face policy's daily tries.
     *
     * @param by          an actor for the operation's enterprise
     * @param operationId the operation
     * @param capture     the face capture
     * @return the operation, face verified
     */
    SealOperation verifyLegalRepresentative(Actor by, String operationId, FaceVerifier.FaceCapture capture);

    /**
     * Completes an operation whose PIN and face checks passed, with the medium's proof of
     * possession.
     *
     * @param by          an actor for the operation's enterprise
     * @param operationId the operation
     * @param signature   the chosen certificate key's signature over the statement
     * @return what the result page shows (R8.7)
     */
    SealResult complete(Actor by, String operationId, byte[] signature);

    /**
     * A one-time challenge for the PIN block of a seal's new PIN; it answers only
     * {@link #resetPin} of this seal.
     *
     * @param by     the CA: bank staff or the bank's system ({@link SealPolicy#mayResetPin()})
     * @param sealId the seal
     * @return the challenge
     */
    PinChallenge resetChallenge(Actor by, String sealId);

    /**
     * Resets a seal's PIN to a new one and lifts its lock, as the CA does (R8.5).
     *
     * @param by     the CA: bank staff or the bank's system ({@link SealPolicy#mayResetPin()})
     * @param sealId the seal
     * @param newPin the new PIN, a block answering {@link #resetChallenge} for this seal
     * @throws io.mshield.ShieldException {@link io.mshield.ErrorCode#FORBIDDEN} for anyone else;
     *         {@link io.mshield.ErrorCode#PIN_BLOCK_INVALID} for a block answering another challenge
     */
    void resetPin(Actor by, String sealId, PinProof.EncryptedPin newPin);

    /**
     * Checks that a certificate may stamp with the seal: the seal is bound and the certificate is
     * in its certList (R8.1).
     *
     * @param sealId      the seal
     * @param certificate the DER certificate of the stamping key
     * @return the seal
     */
    Seal checkStamp(String sealId, byte[] certificate);
}
