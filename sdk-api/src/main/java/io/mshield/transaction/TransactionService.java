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
     * COLLABORATIVE: the bank's signing round. The bank computes e from the canonical bytes it
     * holds, never from the phone; counts the request as a failed PIN attempt until
     * {@link #complete} sees a valid signature (R5.3); and checks the phone's co-sign counter for
     * a cloned share.
     *
     * @param authorization the authorization
     * @param q1            the phone's Q1, uncompressed encoding
     * @param counter       the phone's co-sign counter, one more than its last
     * @return the bank's half
     */
    CollaborativeSm2.CoSignature coSign(AuthorizationId authorization, byte[] q1, long counter);

    /**
     * DEVICE and COLLABORATIVE: verifies the final signature over the canonical bytes (and, for
     * DEVICE, the PIN block), commits the limits, writes the history and returns the receipt. A
     * signature that does not verify is refused with {@link io.mshield.ErrorCode#SIGNATURE_INVALID}
     * (COLLABORATIVE: with the attempts left, as a wrong PIN).
     *
     * @param authorization the authorization
     * @param signature     the DER signature
     * @param pin           the PIN block, DEVICE only
     * @return the receipt
     */
    SignatureReceipt complete(AuthorizationId authorization, byte[] signature, Optional<PinProof.EncryptedPin> pin);

    /**
     * HOSTED: checks the PIN and signs in the bank's key storage.
     *
     * @param authorization the authorization
     * @param pin           the PIN block
     * @return the receipt
     */
    SignatureReceipt signHosted(AuthorizationId authorization, PinProof.EncryptedPin pin);

    /**
     * Cancels an authorization and releases its reservation; idempotent.
     *
     * @param authorization the authorization
     */
    void cancel(AuthorizationId authorization);
}
