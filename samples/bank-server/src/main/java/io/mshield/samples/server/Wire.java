package io.mshield.samples.server;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.CollaborativeSm2;
import io.mshield.enrollment.EnrollmentSession;
import io.mshield.enrollment.EnrollmentStep;
import io.mshield.pin.PinChallenge;
import io.mshield.pin.PinProof;
import io.mshield.qr.QrChallenge;
import io.mshield.qr.QrPurpose;
import io.mshield.qr.QrState;
import io.mshield.shield.ShieldDetails;
import io.mshield.transaction.Authorization;
import io.mshield.transaction.SignatureReceipt;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

/**
 * What goes over the wire: JSON bodies of the phone's and the staff's endpoints. Binary values
 * (keys, signatures, encrypted PIN blocks) are base64 strings; a field that does not apply is
 * {@code null}. None of them carries a secret in clear: PINs travel only as blocks encrypted to
 * a one-time key, and no record has a field for an SMS code except the request that submits one.
 */
public final class Wire {
    private Wire() {
    }

    /**
     * Applying for a shield (R2.1).
     *
     * @param requestId   the app's idempotency key, 1-64 characters
     * @param enterprise  the enterprise, as filed
     * @param creditCode  the enterprise's unified social credit code, checked against the filing (R1.3)
     * @param idNumber    the applicant's ID number
     * @param name        the applicant's name
     * @param userType    LEGAL_REPRESENTATIVE or OPERATOR
     * @param device      the phone's device id
     * @param account     the app account on that phone
     * @param custody     DEVICE, HOSTED or COLLABORATIVE
     * @param algorithm   SM2, EC_P256, ED25519 or RSA_2048
     */
    public record EnrollmentRequest(String requestId, String enterprise, String creditCode, String idNumber, String name, String userType,
                                    String device, String account, String custody, String algorithm) {
    }

    /**
     * An enrollment's progress.
     *
     * @param id        the enrollment id
     * @param shield    the shield number it will open
     * @param next      the next step
     * @param expiresAt when the session expires
     */
    public record Enrollment(String id, String shield, EnrollmentStep next, Instant expiresAt) {
        static Enrollment of(EnrollmentSession s) {
            return new Enrollment(s.id().value(), s.shieldNumber().value(), s.next(), s.expiresAt());
        }
    }

    /**
     * A one-line text value: an agreement version, an SMS code, a QR payload.
     *
     * @param value the value
     */
    public record Text(String value) {
    }

    /**
     * Binary input: a face capture, a CSR, a plaintext, a ciphertext.
     *
     * @param data the bytes
     */
    public record Bytes(byte[] data) {
    }

    /**
     * A one-time PIN challenge (R5.4): the phone encrypts the PIN block to {@code pinKey}.
     *
     * @param id        the challenge id
     * @param nonce     the nonce to put in the block
     * @param expiresAt when it expires
     * @param pinKey    the one-time public key, SubjectPublicKeyInfo
     */
    public record Challenge(String id, byte[] nonce, Instant expiresAt, byte[] pinKey) {
        static Challenge of(PinChallenge c) {
            return new Challenge(c.id(), c.nonce(), c.expiresAt(), c.pinKey());
        }
    }

    /**
     * Proof of the PIN: an encrypted PIN block, or (COLLABORATIVE custody) a joint signature.
     *
     * @param challengeId    the challenge it answers
     * @param encryptedPin   the encrypted PIN block, or null
     * @param jointSignature the joint signature over the challenge, or null
     */
    public record Pin(String challengeId, byte[] encryptedPin, byte[] jointSignature) {
        PinProof proof() {
            if (challengeId == null || (encryptedPin == null) == (jointSignature == null)) {
                throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "a PIN proof has a challengeId and either encryptedPin or jointSignature");
            }
            return encryptedPin != null ? new PinProof.EncryptedPin(challengeId, encryptedPin)
                    : new PinProof.JointSignature(challengeId, jointSignature);
        }

        PinProof.EncryptedPin encrypted() {
            if (!(proof() instanceof PinProof.EncryptedPin p)) {
                throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "this step takes an encrypted PIN block");
            }
            return p;
        }
    }

    /**
     * Opening a digital envelope with a HOSTED key.
     *
     * @param ciphertext the envelope
     * @param pin        the PIN proof, an encrypted PIN block
     */
    public record Opening(byte[] ciphertext, Pin pin) {
    }

    /**
     * Choosing how the holder authenticates (R2.3).
     *
     * @param method PIN, FINGERPRINT or FACE
     * @param pin    the new PIN, encrypted (every custody: COLLABORATIVE rounds are checked against it)
     */
    public record Authentication(String method, Pin pin) {
    }

    /**
     * The key step (R2.5).
     *
     * @param custody DEVICE, HOSTED or COLLABORATIVE
     * @param p1      the phone's public share d1·G (COLLABORATIVE only)
     */
    public record KeyRequest(String custody, byte[] p1) {
    }

    /**
     * The result of the key step.
     *
     * @param publicKey the joint public key, SubjectPublicKeyInfo (COLLABORATIVE only), or null
     */
    public record KeyResult(byte[] publicKey) {
    }

    /**
     * A request to co-sign (two-party SM2): what the bank signs with its share.
     *
     * @param message the CertificationRequestInfo or challenge to co-sign, where the step needs one
     * @param q1      the phone's nonce point k1·G
     * @param counter the phone's co-sign counter, one more than its last
     * @param pin     the round's PIN block (an encrypted PIN for a fresh challenge), checked before the
     *                bank computes anything from its share
     */
    public record CoSignRequest(byte[] message, byte[] q1, Long counter, Pin pin) {
        io.mshield.pin.RoundProof proof() {
            if (pin == null || counter == null) {
                throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "a COLLABORATIVE round carries a PIN block and the co-sign counter");
            }
            return new io.mshield.pin.RoundProof(pin.encrypted(), counter);
        }
    }

    /**
     * The phone's half of opening an envelope (COLLABORATIVE).
     *
     * @param t1      the phone's point T1 = d1⁻¹·C1
     * @param counter the phone's co-sign counter, one more than its last
     * @param pin     the round's PIN block
     */
    public record EnvelopeHalfRequest(byte[] t1, Long counter, Pin pin) {
        io.mshield.pin.RoundProof proof() {
            return new CoSignRequest(null, t1, counter, pin).proof();
        }
    }

    /**
     * The bank's half of a two-party SM2 signature.
     *
     * @param r  r
     * @param s2 s2
     * @param s3 s3
     */
    public record CoSignature(BigInteger r, BigInteger s2, BigInteger s3) {
        static CoSignature of(CollaborativeSm2.CoSignature c) {
            return new CoSignature(c.r(), c.s2(), c.s3());
        }
    }

    /**
     * A shield as the phone and the staff see it; the holder's ID number only masked.
     *
     * @param number          the shield number
     * @param enterprise      the enterprise
     * @param holder          the holder's ID number, masked
     * @param device          the bound device
     * @param custody         the custody mode
     * @param algorithm       the key algorithm
     * @param authMethod      how the holder authenticates
     * @param status          the status
     * @param certificateSerial the certificate's serial, hex, or null
     * @param notAfter        the certificate's end of validity, or null
     */
    public record Shield(String number, String enterprise, String holder, String device, String custody, String algorithm,
                         String authMethod, String status, String certificateSerial, Instant notAfter) {
        static Shield of(ShieldDetails d) {
            return new Shield(d.number().value(), d.enterprise().value(), d.holderMasked(), d.device().value(), d.custody().name(),
                    d.algorithm().name(), d.authMethod().name(), d.status().name(),
                    d.certificate().map(c -> c.serialHex()).orElse(null), d.certificate().map(c -> c.notAfter()).orElse(null));
        }
    }

    /**
     * The outcome of checking a PIN.
     *
     * @param result       ACCEPTED, REJECTED or LOCKED
     * @param attemptsLeft attempts left after a rejection, or null
     */
    public record PinResult(String result, Integer attemptsLeft) {
    }

    /**
     * A party of a payment.
     *
     * @param name    the name
     * @param account the account
     * @param bank    the bank
     */
    public record PartyBody(String name, String account, String bank) {
    }

    /**
     * A payment to authorize (R6).
     *
     * @param reference   the bank's reference, unique per payment
     * @param scenario    transfer, payroll, loan, other, or a scenario of the bank
     * @param amount      the amount in CNY, e.g. "100.00"
     * @param payer       the payer
     * @param payee       the payee
     * @param channel     the channel, e.g. mobile or pc
     * @param displayText what the phone shows and the holder signs
     */
    public record Payment(String reference, String scenario, String amount, PartyBody payer, PartyBody payee, String channel,
                          String displayText) {
    }

    /**
     * The bank's decision on a payment.
     *
     * @param outcome       ALLOWED, HARDWARE_KEY_REQUIRED or DENIED
     * @param id            the authorization id (ALLOWED)
     * @param signedContent the exact bytes to sign (ALLOWED)
     * @param expiresAt     when the authorization expires (ALLOWED)
     * @param cap           the shield's cap (HARDWARE_KEY_REQUIRED)
     * @param code          why (DENIED)
     * @param explanation   why, in words (DENIED)
     */
    public record Decision(String outcome, String id, byte[] signedContent, Instant expiresAt, String cap, ErrorCode code,
                           String explanation) {
        static Decision of(Authorization a) {
            if (a instanceof Authorization.Allowed ok) {
                return new Decision("ALLOWED", ok.id().value(), ok.signedContent(), ok.expiresAt(), null, null, null);
            }
            if (a instanceof Authorization.HardwareKeyRequired h) {
                return new Decision("HARDWARE_KEY_REQUIRED", null, null, null, h.cap().toString(), null, null);
            }
            Authorization.Denied d = (Authorization.Denied) a;
            return new Decision("DENIED", null, null, null, null, d.code(), d.explanation());
        }
    }

    /**
     * Completing a payment with the phone's signature (DEVICE, or the joint one of COLLABORATIVE).
     *
     * @param signature the signature
     * @param pin       the PIN proof, where the custody asks for one
     */
    public record Completion(byte[] signature, Pin pin) {
    }

    /**
     * A signed payment.
     *
     * @param signatureId the signature's id in the history
     * @param outcome     the outcome recorded
     * @param cms         the detached CMS evidence
     */
    public record Receipt(String signatureId, String outcome, byte[] cms) {
        static Receipt of(SignatureReceipt r) {
            return new Receipt(r.record().id(), r.record().outcome().toString(), r.cms());
        }
    }

    /**
     * A QR challenge as the phone and the PC see it.
     *
     * @param id          the challenge id
     * @param purpose     LOGIN or SIGN
     * @param origin      where it was shown
     * @param displayText what the phone shows
     * @param state       its state
     * @param expiresAt   when it expires
     * @param shield      the shield that scanned it, or null
     */
    public record Qr(String id, QrPurpose purpose, String origin, String displayText, QrState state, Instant expiresAt, String shield) {
        static Qr of(QrChallenge c) {
            return new Qr(c.id(), c.purpose(), c.origin(), c.displayText(), c.state(), c.expiresAt(), c.shield().map(s -> s.value()).orElse(null));
        }
    }

    /**
     * A scanned QR code: the challenge, and the authorization the phone signs to approve it.
     *
     * @param challenge     the challenge
     * @param authorization the authorization
     */
    public record Scan(Qr challenge, Decision authorization) {
    }

    /**
     * A PC session's QR code: the page shows {@code qrImage} and polls with {@code pollSecret}.
     *
     * @param id         the challenge id
     * @param qrImage    the path of the QR code's PNG
     * @param payload    the payload the QR code encodes
     * @param pollSecret the secret the page polls with; only this page knows it
     * @param expiresAt  when it expires
     */
    public record PcSession(String id, String qrImage, String payload, String pollSecret, Instant expiresAt) {
    }

    /**
     * What a PC page's poll learns.
     *
     * @param state    the challenge's state
     * @param loggedIn who logged in (masked), once approved
     * @param signatureId the signature's id, once a scan-to-sign is approved
     */
    public record PcStatus(QrState state, String loggedIn, String signatureId) {
    }

    /**
     * Content to sign by scanning (R7.3).
     *
     * @param system      the business system
     * @param reference   its reference
     * @param displayText what the phone shows
     * @param content     the content signed
     */
    public record SignRequest(String system, String reference, String displayText, byte[] content) {
    }

    /**
     * The ID-number positions a linked app asks for (R9.4).
     *
     * @param id        the challenge id
     * @param positions 1-based positions in the ID number
     * @param expiresAt when it expires
     */
    public record IdentityCheck(String id, List<Integer> positions, Instant expiresAt) {
    }

    /**
     * Enabling the credential in an app.
     *
     * @param device     the device
     * @param identityId the identity challenge
     * @param digits     the ID-number digits at its positions
     * @param smsCode    the SMS code
     * @param pin        the PIN proof
     */
    public record LinkRequest(String device, String identityId, String digits, String smsCode, Pin pin) {
    }

    /**
     * Disabling the credential in an app: the holder proves it with the SMS code (R9.3).
     *
     * @param smsCode the SMS code sent to the holder's phone
     */
    public record DisableRequest(String smsCode) {
    }

    /**
     * The apps a credential is enabled in.
     *
     * @param shield the shield
     * @param device the device
     * @param apps   the apps
     */
    public record Linked(String shield, String device, List<String> apps) {
    }

    /**
     * The audit log's check (R1.4).
     *
     * @param entriesChecked the entries checked
     * @param intact         whether the hash chain is intact
     */
    public record AuditCheck(long entriesChecked, boolean intact) {
    }
}
