package io.mshield.transaction;

import io.mshield.crypto.CollaborativeSm2;
import io.mshield.identity.ShieldNumber;
import io.mshield.pin.PinProof;

import java.util.Optional;

/**
 * Authorizing and signing payments (R6, R7.1): the per-scenario cap with hardware-key step-up,
 * cooling-off, cumulative limits reserved atomically, and signing in each custody mode over the
 * canonical bytes of the transaction the bank holds (R6.4).
 */
public interface TransactionService {

    /**
     * Decides whether the shield may sign a transaction and, if so, reserves the limits.
     *
     * @param shield        the shield
     * @param transaction   the transaction
     * @param authenticator what the user chose (R6.3)
     * @return allowed, hardware key required, or denied
     */
    Authorization authorize(ShieldNumber shield, Transaction transaction, Authenticator authenticator);

    /**
     * App-to-app signing (R7.1): a business app hands data with a summary; the shield's status is
     * checked (no amount, so no cap, limit or cooling-off) and the canonical bytes
     * ({@code MSDATA/1}: app, reference, summary, data) are returned to sign with
     * {@link #coSign}/{@link #complete} or {@link #signHosted}, exactly as for a payment.
     *
     * @param shield the shield
     * @param data   the business data
     * @return allowed with the bytes to sign, or denied
     */
    Authorization authorizeData(ShieldNumber shield, BusinessData data);

    /**
     * COLLABORATIVE: the bank's signing round. The bank first checks the round's PIN block
     * (counted, R5.3) and refuses a wrong PIN with {@link io.mshield.ErrorCode#PIN_INCORRECT} before
     * it computes anything from its share; then takes the co-sign counter (a counter that does not
     * grow freezes the shield as a possible clone), computes e from the canonical bytes it holds,
     * never from the phone, and co-signs. The attempt stays counted until {@link #complete} sees
     * a valid signature; one that fails closes the authorization and counts as a wrong PIN.
     *
     * @param authorization the authorization
     * @param proof         the PIN block for a challenge from
     *                      {@link io.mshield.shield.ShieldService#pinChallenge} and the co-sign counter
     * @param q1            the phone's Q1, uncompressed encoding
     * @return the bank's half
     * @throws io.mshield.ShieldException {@code PIN_INCORRECT}, {@code PIN_LOCKED},
     *         {@code PIN_BLOCK_INVALID}, {@code CLONE_SUSPECTED}, {@code COSIGN_COUNTER_INVALID},
     *         or a status code
     */
    CollaborativeSm2.CoSignature coSign(AuthorizationId authorization, io.mshield.pin.RoundProof proof, byte[] q1);

    /**
     * DEVICE and COLLABORATIVE: verifies the final signature over the canonical bytes (and, for
     * DEVICE, the confirmation), commits the limits, writes the history and returns the receipt. A
     * signature that does not verify is refused with {@link io.mshield.ErrorCode#SIGNATURE_INVALID}
     * (COLLABORATIVE: with the attempts left, as a wrong PIN).
     *
     * <p>DEVICE: the confirmation is the PIN block, or, for a shield confirmed by fingerprint or
     * face, the {@link PinProof.BiometricSignature} of the key registered for that method (R2.3);
     * both are counted under the PIN policy. COLLABORATIVE: none (the round's {@code RoundProof}
     * carried it).
     *
     * @param authorization the authorization
     * @param signature     the DER signature
     * @param pin           the PIN block or biometric signature, DEVICE only
     * @return the receipt
     * @throws io.mshield.ShieldException {@code PIN_INCORRECT}, {@code BIOMETRIC_REJECTED} (with the attempts
     *         left), {@code BIOMETRIC_NOT_REGISTERED}, {@code PIN_BLOCK_INVALID}, {@code PIN_LOCKED},
     *         {@code SIGNATURE_INVALID}, or a status code
     */
    SignatureReceipt complete(AuthorizationId authorization, byte[] signature, Optional<? extends PinProof> pin);

    /**
     * HOSTED: checks the confirmation — the PIN block, or for a shield confirmed by fingerprint or
     * face the {@link PinProof.BiometricSignature} of its registered key (R2.3) — and signs in the
     * bank's key storage.
     *
     * @param authorization the authorization
     * @param pin           the PIN block or biometric signature
     * @return the receipt
     */
    SignatureReceipt signHosted(AuthorizationId authorization, PinProof pin);

    /**
     * Cancels an authorization and releases its reservation; idempotent.
     *
     * @param authorization the authorization
     */
    void cancel(AuthorizationId authorization);
}
