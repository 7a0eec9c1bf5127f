package io.mshield.qr;

import io.mshield.identity.ShieldNumber;
import io.mshield.transaction.BusinessData;

/**
 * Scan-to-login (R7.2) and scan-to-sign (R7.3).
 *
 * <p>The flow: the bank's PC page calls {@link #createLogin} or {@link #createSigning} and shows
 * {@link QrChallenge#payload()} as a QR code; the app scans it and calls {@link #scan}, which
 * checks the bank's signature, binds the challenge to the shield and opens a signing
 * authorization over the challenge; the app shows the origin and text, the holder enters the PIN
 * and the app completes the authorization through {@code TransactionService} (DEVICE, HOSTED or
 * COLLABORATIVE); then {@link #approve} marks the challenge approved. The PC page polls
 * {@link #poll} and takes the result once with {@link #consume}, both with the {@link PollSecret}
 * handed only to it when the challenge was created: someone who merely sees or relays the QR code
 * cannot take the login ({@code QR_POLL_SECRET_INVALID}, the challenge unchanged), and the page
 * that created it keeps working.
 *
 * <p>Refused, with {@code CHALLENGE_INVALID} and nothing changed: a second approval, an approval
 * after expiry, an approval by another shield or without a completed signature over this
 * challenge, a second consume. A forged, modified or non-canonical payload is refused with
 * {@code QR_PAYLOAD_INVALID}; a signing challenge whose content changed after the QR was shown is
 * refused at the scan.
 */
public interface QrService {

    /**
     * Creates a login challenge for a PC session.
     *
     * @param origin where the request comes from, shown to the holder (e.g. the site and the PC's address)
     * @return the challenge, CREATED, and the poll secret for the creating page alone
     */
    QrSession createLogin(String origin);

    /**
     * Creates a signing challenge for content shown on the PC.
     *
     * @param origin  where the request comes from
     * @param content the business content to sign; its summary is the display text
     * @return the challenge, CREATED, and the poll secret for the creating page alone
     */
    QrSession createSigning(String origin, BusinessData content);

    /**
     * Checks a scanned payload's form and the bank's signature, without changing anything; for
     * the app, before it shows anything.
     *
     * @param payload the scanned text
     * @return the payload
     */
    QrPayload verify(String payload);

    /**
     * Scans: verifies the payload, binds the challenge to the shield (a second scan by the same
     * shield returns the same authorization; by another shield it is refused) and opens the
     * signing authorization.
     *
     * @param shield  the scanning shield
     * @param payload the scanned text
     * @return the challenge and the authorization to complete
     */
    QrScan scan(ShieldNumber shield, String payload);

    /**
     * Approves a scanned challenge whose authorization the shield has completed.
     *
     * @param shield      the shield that scanned it
     * @param challengeId the challenge
     * @return the challenge, APPROVED
     */
    QrChallenge approve(ShieldNumber shield, String challengeId);

    /**
     * Rejects a scanned challenge; its authorization is cancelled.
     *
     * @param shield      the shield that scanned it
     * @param challengeId the challenge
     * @return the challenge, REJECTED
     */
    QrChallenge reject(ShieldNumber shield, String challengeId);

    /**
     * The challenge's current state, for the app and for the bank's own checks (the PC page polls with
     * {@link #poll}); an expired challenge reads EXPIRED.
     *
     * @param challengeId the challenge
     * @return the challenge
     */
    QrChallenge status(String challengeId);

    /**
     * The challenge's current state for the page that created it: checks the poll secret first.
     *
     * @param challengeId the challenge
     * @param pollSecret  the secret handed out at creation
     * @return the challenge
     * @throws io.mshield.ShieldException {@code QR_POLL_SECRET_INVALID} for another secret,
     *         {@code CHALLENGE_INVALID} for an unknown challenge
     */
    QrChallenge poll(String challengeId, PollSecret pollSecret);

    /**
     * Takes an approved challenge's result, once: the PC session is logged in or the signature is
     * taken. Only with the poll secret handed to the creating page (compared in constant time); a
     * wrong secret changes nothing, so the creating page can still take it.
     *
     * @param challengeId the challenge
     * @param pollSecret  the secret handed out at creation
     * @return the challenge, CONSUMED, with the shield and the signature id
     * @throws io.mshield.ShieldException {@code QR_POLL_SECRET_INVALID} for another secret,
     *         {@code CHALLENGE_INVALID} when not approved, expired or already consumed
     */
    QrChallenge consume(String challengeId, PollSecret pollSecret);

    /**
     * The bank's QR signing key, for apps that check payloads themselves.
     *
     * @return the X.509 SubjectPublicKeyInfo encoding
     */
    byte[] bankKey();
}
