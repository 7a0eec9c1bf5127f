package io.mshield.seal;

import io.mshield.Actor;
import io.mshield.enrollment.FaceVerifier;
import io.mshield.identity.EnterpriseId;
import io.mshield.pin.Pin;
import io.mshield.pin.PinCheck;
import io.mshield.pin.PinProof;

import java.util.List;

/**
 * E-seal binding and unbinding (R8.1–R8.8).
 *
 * <p>Binding: {@link #startBinding} checks the seal and the medium (a medium bound to another seal
 * is refused; a seal bound to another medium moves only with {@code confirmMove}) and returns an
 * operation; then, in any order, {@link #verifyPin} with the seal's PIN (5 wrong → locked until
 * the CA resets it with {@link #resetPin}), {@link #verifyLegalRepresentative} (a failure may be
 * retried) and finally {@link #complete} with the medium's signature over the operation's
 * statement. Unbinding takes the same checks and returns the seal to unbound, to be bound again
 * or claimed on a mobile shield. {@link #checkStamp} refuses a stamp by any certificate outside
 * the seal's {@code certList}.
 */
public interface SealService {

    /**
     * Registers an enterprise's seal, unbound, with its PIN (as the CA issues it).
     *
     * @param by         the bank staff or system registering it
     * @param enterprise the enterprise
     * @param type       the type
     * @param name       the engraved name, 1-64 characters
     * @param pin        the seal's initial PIN
     * @return the seal
     */
    Seal register(Actor by, EnterpriseId enterprise, SealType type, String name, Pin pin);

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
     * @param by          who binds (a person of the enterprise)
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
     * @param by          who unbinds
     * @param enterprise  the enterprise
     * @param sealId      the seal
     * @param medium      the medium it is bound to
     * @param certificate the bound certificate
     * @return the operation
     */
    SealOperation startUnbinding(Actor by, EnterpriseId enterprise, String sealId, SealMedium medium, byte[] certificate);

    /**
     * Checks the seal's PIN for an operation (R8.5).
     *
     * @param operationId the operation
     * @param pin         the PIN block answering the operation's challenge
     * @return accepted, rejected with attempts left, or locked (contact the CA)
     */
    PinCheck verifyPin(String operationId, PinProof.EncryptedPin pin);

    /**
     * A fresh PIN challenge for an operation, after a rejected PIN.
     *
     * @param operationId the operation
     * @return the challenge
     */
    io.mshield.pin.PinChallenge pinChallenge(String operationId);

    /**
     * Verifies the legal representative's face for an operation (R8.6); on
     * {@code FACE_MISMATCH} the user may retry, within the face policy's daily tries.
     *
     * @param operationId the operation
     * @param capture     the face capture
     * @return the operation, face verified
     */
    SealOperation verifyLegalRepresentative(String operationId, FaceVerifier.FaceCapture capture);

    /**
     * Completes an operation whose PIN and face checks passed, with the medium's proof of
     * possession.
     *
     * @param operationId the operation
     * @param signature   the chosen certificate key's signature over the statement
     * @return what the result page shows (R8.7)
     */
    SealResult complete(String operationId, byte[] signature);

    /**
     * Resets a locked seal PIN, as the CA does (R8.5).
     *
     * @param by     the CA's operator (bank staff or system)
     * @param sealId the seal
     * @param pin    the new PIN
     */
    void resetPin(Actor by, String sealId, Pin pin);

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
