package io.mshield.samples.server;

import io.mshield.Actor;
import io.mshield.MobileShield;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.enrollment.Application;
import io.mshield.enrollment.DeviceInfo;
import io.mshield.enrollment.EnrollmentId;
import io.mshield.enrollment.FaceVerifier;
import io.mshield.enrollment.KeyProposal;
import io.mshield.enrollment.OneTimeCode;
import io.mshield.identity.DeviceId;
import io.mshield.identity.CreditCode;
import io.mshield.identity.EnterpriseId;
import io.mshield.identity.PersonName;
import io.mshield.identity.ResidentIdNumber;
import io.mshield.identity.ShieldNumber;
import io.mshield.identity.UserId;
import io.mshield.identity.UserType;
import io.mshield.limit.Money;
import io.mshield.limit.Scenario;
import io.mshield.linked.LinkedCredential;
import io.mshield.pin.AuthMethod;
import io.mshield.pin.PinCheck;
import io.mshield.shield.CustodyMode;
import io.mshield.transaction.Authenticator;
import io.mshield.transaction.Authorization;
import io.mshield.transaction.AuthorizationId;
import io.mshield.transaction.Party;
import io.mshield.transaction.SignatureReceipt;
import io.mshield.transaction.Transaction;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * The endpoints the bank's app calls from the phone: enrollment step by step, PIN challenges and
 * checks, payments (authorize, co-sign, complete), digital envelopes, linked apps and QR codes.
 * Each maps one call of the SDK; a refusal is a problem detail ({@link Problems}).
 */
@RestController
@RequestMapping(path = "/api/phone", produces = "application/json")
@Tag(name = "phone", description = "what the bank's app calls from the phone")
public class PhoneController {
    private final MobileShield sdk;
    private final ShieldMetrics metrics;

    /**
     * The phone's endpoints.
     *
     * @param sdk     the SDK
     * @param metrics the metrics
     */
    public PhoneController(MobileShield sdk, ShieldMetrics metrics) {
        this.sdk = sdk;
        this.metrics = metrics;
    }

    // ---- enrollment (R2) ----

    /**
     * Applies for a shield.
     *
     * @param r the application
     * @return the session
     */
    @PostMapping("/enrollments")
    @Operation(summary = "apply for a shield (R1.3, R2)")
    public Wire.Enrollment start(@RequestBody Wire.EnrollmentRequest r) {
        Application app = new Application(r.requestId(), EnterpriseId.of(r.enterprise()), CreditCode.of(r.creditCode()), ResidentIdNumber.of(r.idNumber()),
                PersonName.of(r.name()), UserType.valueOf(r.userType()),
                new DeviceInfo(DeviceId.of(r.device()), UserId.of(r.account()), EnumSet.of(AuthMethod.PIN, AuthMethod.FINGERPRINT)),
                CustodyMode.valueOf(r.custody()), KeyAlgorithm.valueOf(r.algorithm()));
        return Wire.Enrollment.of(sdk.enrollment().start(app));
    }

    /**
     * Accepts the agreement.
     *
     * @param id      the enrollment
     * @param version the agreement's version
     * @return the session
     */
    @PostMapping("/enrollments/{id}/agreement")
    @Operation(summary = "accept the agreement (R2.1)")
    public Wire.Enrollment agreement(@PathVariable String id, @RequestBody Wire.Text version) {
        return Wire.Enrollment.of(sdk.enrollment().acceptAgreement(new EnrollmentId(id), version.value()));
    }

    /**
     * Sends the SMS code to the filed phone number.
     *
     * @param id the enrollment
     * @return the session
     */
    @PostMapping("/enrollments/{id}/sms")
    @Operation(summary = "send the SMS code (R2.2)")
    public Wire.Enrollment sendSms(@PathVariable String id) {
        return Wire.Enrollment.of(sdk.enrollment().sendSmsCode(new EnrollmentId(id)));
    }

    /**
     * Verifies the SMS code.
     *
     * @param id   the enrollment
     * @param code the code
     * @return the session
     */
    @PostMapping("/enrollments/{id}/sms-code")
    @Operation(summary = "verify the SMS code (R2.2)")
    public Wire.Enrollment verifySms(@PathVariable String id, @RequestBody Wire.Text code) {
        return Wire.Enrollment.of(sdk.enrollment().verifySmsCode(new EnrollmentId(id), OneTimeCode.of(code.value())));
    }

    /**
     * Verifies the face.
     *
     * @param id      the enrollment
     * @param capture the capture
     * @return the session
     */
    @PostMapping("/enrollments/{id}/face")
    @Operation(summary = "verify the face (R2.2)")
    public Wire.Enrollment face(@PathVariable String id, @RequestBody Wire.Bytes capture) {
        return Wire.Enrollment.of(sdk.enrollment().verifyFace(new EnrollmentId(id), new FaceVerifier.FaceCapture(capture.data())));
    }

    /**
     * A PIN challenge for setting the PIN.
     *
     * @param id the enrollment
     * @return the challenge
     */
    @PostMapping("/enrollments/{id}/pin-challenge")
    @Operation(summary = "a one-time key to encrypt the new PIN to (R2.4, R5.4)")
    public Wire.Challenge enrollmentPinChallenge(@PathVariable String id) {
        return Wire.Challenge.of(sdk.enrollment().pinChallenge(new EnrollmentId(id)));
    }

    /**
     * Chooses how the holder authenticates, with the new PIN.
     *
     * @param id the enrollment
     * @param a  the method and PIN
     * @return the session
     */
    @PostMapping("/enrollments/{id}/authentication")
    @Operation(summary = "choose the authentication and set the PIN (R2.3, R2.4)")
    public Wire.Enrollment authentication(@PathVariable String id, @RequestBody Wire.Authentication a) {
        return Wire.Enrollment.of(sdk.enrollment().chooseAuthentication(new EnrollmentId(id), AuthMethod.valueOf(a.method()),
                Optional.ofNullable(a.pin()).map(Wire.Pin::encrypted)));
    }

    /**
     * Prepares the key: on the phone, in the bank, or shared.
     *
     * @param id the enrollment
     * @param k  the custody and, for COLLABORATIVE, the phone's public share
     * @return the joint public key for COLLABORATIVE
     */
    @PostMapping("/enrollments/{id}/key")
    @Operation(summary = "prepare the key (R2.5)")
    public Wire.KeyResult key(@PathVariable String id, @RequestBody Wire.KeyRequest k) {
        KeyProposal proposal = switch (CustodyMode.valueOf(k.custody())) {
            case DEVICE -> new KeyProposal.DeviceKey();
            case HOSTED -> new KeyProposal.HostedKey();
            case COLLABORATIVE -> new KeyProposal.CollaborativeKey(k.p1());
        };
        return new Wire.KeyResult(sdk.enrollment().prepareKey(new EnrollmentId(id), proposal).publicKey()
                .map(java.security.PublicKey::getEncoded).orElse(null));
    }

    /**
     * Co-signs the certificate request of a COLLABORATIVE shield.
     *
     * @param id the enrollment
     * @param c  the CertificationRequestInfo and the phone's nonce point
     * @return the bank's half
     */
    @PostMapping("/enrollments/{id}/csr-cosign")
    @Operation(summary = "co-sign the certificate request (COLLABORATIVE)")
    public Wire.CoSignature coSignCsr(@PathVariable String id, @RequestBody Wire.CoSignRequest c) {
        return Wire.CoSignature.of(sdk.enrollment().coSignCertificateRequest(new EnrollmentId(id), c.message(), c.proof(), c.q1()));
    }

    /**
     * Completes the enrollment: the certificate is issued and the shield opened.
     *
     * @param id  the enrollment
     * @param csr the PKCS#10 request (empty for HOSTED)
     * @return the shield
     */
    @PostMapping("/enrollments/{id}/complete")
    @Operation(summary = "complete: issue the certificate (R2.5)")
    public Wire.Shield complete(@PathVariable String id, @RequestBody Wire.Bytes csr) {
        return Wire.Shield.of(sdk.enrollment().complete(new EnrollmentId(id), csr.data() == null ? new byte[0] : csr.data()));
    }

    // ---- the shield, its PIN and envelopes (R3, R5, R7.4) ----

    /**
     * A shield.
     *
     * @param number the shield number
     * @return the shield
     */
    @GetMapping("/shields/{number}")
    @Operation(summary = "a shield's details")
    public Wire.Shield shield(@PathVariable String number) {
        return Wire.Shield.of(sdk.shields().details(ShieldNumber.of(number)));
    }

    /**
     * A one-time PIN challenge.
     *
     * @param number the shield number
     * @return the challenge
     */
    @PostMapping("/shields/{number}/pin-challenge")
    @Operation(summary = "a one-time PIN challenge (R5.4)")
    public Wire.Challenge pinChallenge(@PathVariable String number) {
        return Wire.Challenge.of(sdk.shields().pinChallenge(ShieldNumber.of(number)));
    }

    /**
     * Co-signs a PIN challenge (COLLABORATIVE: the PIN unmasks the phone's share).
     *
     * @param number      the shield number
     * @param challengeId the challenge
     * @param c           the phone's nonce point, counter and the PIN block answering this challenge
     * @return the bank's half
     */
    @PostMapping("/shields/{number}/pin-challenge/{challengeId}/cosign")
    @Operation(summary = "co-sign a PIN challenge (COLLABORATIVE)")
    public Wire.CoSignature coSignPin(@PathVariable String number, @PathVariable String challengeId, @RequestBody Wire.CoSignRequest c) {
        io.mshield.pin.RoundProof proof = c.proof();
        if (!challengeId.equals(proof.pin().challengeId())) {
            throw new io.mshield.ShieldException(io.mshield.ErrorCode.PIN_BLOCK_INVALID, "the PIN block answers another challenge");
        }
        return Wire.CoSignature.of(sdk.shields().coSignPinChallenge(ShieldNumber.of(number), proof, c.q1()));
    }

    /**
     * Checks a PIN proof.
     *
     * @param number the shield number
     * @param pin    the proof
     * @return accepted, rejected with the attempts left, or locked
     */
    @PostMapping("/shields/{number}/pin-check")
    @Operation(summary = "check the PIN (R5.1)")
    public Wire.PinResult checkPin(@PathVariable String number, @RequestBody Wire.Pin pin) {
        PinCheck c = metrics.timed("pin-check", () -> sdk.shields().checkPin(ShieldNumber.of(number), pin.proof()));
        if (c instanceof PinCheck.Rejected r) {
            metrics.pinFailure();
            return new Wire.PinResult("REJECTED", r.attemptsLeft());
        }
        if (c instanceof PinCheck.Locked) {
            metrics.lock();
            return new Wire.PinResult("LOCKED", null);
        }
        return new Wire.PinResult("ACCEPTED", null);
    }

    /**
     * Seals a digital envelope to the shield's key.
     *
     * @param number    the shield number
     * @param plaintext the plaintext
     * @return the ciphertext
     */
    @PostMapping("/shields/{number}/envelopes")
    @Operation(summary = "seal a digital envelope to the shield (R7.4)")
    public Wire.Bytes sealEnvelope(@PathVariable String number, @RequestBody Wire.Bytes plaintext) {
        return new Wire.Bytes(sdk.shields().sealEnvelope(ShieldNumber.of(number), plaintext.data()));
    }

    /**
     * The bank's half of opening an envelope (COLLABORATIVE).
     *
     * @param number the shield number
     * @param h      the phone's point, counter and PIN block
     * @return the bank's half
     */
    @PostMapping("/shields/{number}/envelopes/half")
    @Operation(summary = "the bank's half of opening an envelope (COLLABORATIVE)")
    public Wire.Bytes openEnvelopeHalf(@PathVariable String number, @RequestBody Wire.EnvelopeHalfRequest h) {
        return new Wire.Bytes(sdk.shields().openEnvelopeHalf(ShieldNumber.of(number), h.proof(), h.t1()));
    }

    /**
     * Opens a digital envelope with a HOSTED key, after the PIN.
     *
     * @param number the shield number
     * @param o      the envelope and the PIN proof
     * @return the plaintext
     */
    @PostMapping("/shields/{number}/envelopes/open")
    @Operation(summary = "open a digital envelope with the hosted key after the PIN (HOSTED, R7.4)")
    public Wire.Bytes openEnvelope(@PathVariable String number, @RequestBody Wire.Opening o) {
        return new Wire.Bytes(sdk.shields().openEnvelope(ShieldNumber.of(number), o.ciphertext(), o.pin().encrypted()));
    }

    // ---- payments (R6) ----

    /**
     * Asks to pay: the bank checks limits and cooling-off and returns what to sign.
     *
     * @param number the shield number
     * @param p      the payment
     * @return the decision
     */
    @PostMapping("/shields/{number}/payments")
    @Operation(summary = "authorize a payment (R6)")
    public Wire.Decision authorize(@PathVariable String number, @RequestBody Wire.Payment p) {
        Transaction t = new Transaction(p.reference(), Scenario.of(p.scenario()), Money.cny(p.amount()), party(p.payer()),
                Optional.ofNullable(p.payee()).map(PhoneController::party), List.of(), p.channel(), p.displayText());
        Authorization a = metrics.timed("authorize", () -> sdk.transactions().authorize(ShieldNumber.of(number), t, Authenticator.SHIELD));
        if (!(a instanceof Authorization.Allowed)) {
            metrics.payment(a instanceof Authorization.HardwareKeyRequired ? "HARDWARE_KEY_REQUIRED" : "DENIED");
        }
        return Wire.Decision.of(a);
    }

    private static Party party(Wire.PartyBody b) {
        return new Party(b.name(), b.account(), b.bank());
    }

    /**
     * Co-signs an authorized payment (COLLABORATIVE).
     *
     * @param id the authorization
     * @param c  the phone's nonce point and counter
     * @return the bank's half
     */
    @PostMapping("/authorizations/{id}/cosign")
    @Operation(summary = "co-sign a payment (COLLABORATIVE)")
    public Wire.CoSignature coSign(@PathVariable String id, @RequestBody Wire.CoSignRequest c) {
        return Wire.CoSignature.of(sdk.transactions().coSign(new AuthorizationId(id), c.proof(), c.q1()));
    }

    /**
     * Completes a payment with the phone's (or the joint) signature.
     *
     * @param id the authorization
     * @param c  the signature and the PIN proof
     * @return the receipt
     */
    @PostMapping("/authorizations/{id}/complete")
    @Operation(summary = "complete a payment with the phone's signature (R6)")
    public Wire.Receipt completePayment(@PathVariable String id, @RequestBody Wire.Completion c) {
        SignatureReceipt r = metrics.timed("complete", () -> sdk.transactions().complete(new AuthorizationId(id), c.signature(),
                Optional.ofNullable(c.pin()).map(Wire.Pin::encrypted)));
        metrics.payment("SIGNED");
        return Wire.Receipt.of(r);
    }

    /**
     * Signs a payment with a HOSTED key after the PIN.
     *
     * @param id  the authorization
     * @param pin the PIN proof
     * @return the receipt
     */
    @PostMapping("/authorizations/{id}/sign-hosted")
    @Operation(summary = "sign a payment with the hosted key (HOSTED)")
    public Wire.Receipt signHosted(@PathVariable String id, @RequestBody Wire.Pin pin) {
        SignatureReceipt r = metrics.timed("sign-hosted", () -> sdk.transactions().signHosted(new AuthorizationId(id), pin.encrypted()));
        metrics.payment("SIGNED");
        return Wire.Receipt.of(r);
    }

    // ---- QR codes (R7) ----

    /**
     * Scans a QR code: the bank checks its signature and returns what to sign to approve it.
     *
     * @param number  the shield number
     * @param payload the QR code's text
     * @return the challenge and the authorization
     */
    @PostMapping("/shields/{number}/qr/scan")
    @Operation(summary = "scan a QR code (R7.2, R7.3)")
    public Wire.Scan scan(@PathVariable String number, @RequestBody Wire.Text payload) {
        var s = sdk.qr().scan(ShieldNumber.of(number), payload.value());
        return new Wire.Scan(Wire.Qr.of(s.challenge()), Wire.Decision.of(s.authorization()));
    }

    /**
     * Approves a scanned QR code, after its authorization was completed.
     *
     * @param number      the shield number
     * @param challengeId the challenge
     * @return the challenge
     */
    @PostMapping("/shields/{number}/qr/{challengeId}/approve")
    @Operation(summary = "approve a scanned QR code")
    public Wire.Qr approve(@PathVariable String number, @PathVariable String challengeId) {
        return Wire.Qr.of(sdk.qr().approve(ShieldNumber.of(number), challengeId));
    }

    /**
     * Rejects a scanned QR code.
     *
     * @param number      the shield number
     * @param challengeId the challenge
     * @return the challenge
     */
    @PostMapping("/shields/{number}/qr/{challengeId}/reject")
    @Operation(summary = "reject a scanned QR code")
    public Wire.Qr reject(@PathVariable String number, @PathVariable String challengeId) {
        return Wire.Qr.of(sdk.qr().reject(ShieldNumber.of(number), challengeId));
    }

    // ---- linked apps (R9) ----

    /**
     * The apps the credential is enabled in.
     *
     * @param number the shield number
     * @return the apps
     */
    @GetMapping("/shields/{number}/linked-apps")
    @Operation(summary = "the apps the credential is enabled in (R9)")
    public Wire.Linked linkedApps(@PathVariable String number) {
        return linked(sdk.linkedApps().status(ShieldNumber.of(number)));
    }

    /**
     * The identity check before enabling an app.
     *
     * @param number the shield number
     * @return the ID-number positions asked for
     */
    @PostMapping("/shields/{number}/linked-apps/identity-check")
    @Operation(summary = "the identity check before enabling an app (R9)")
    public Wire.IdentityCheck identityCheck(@PathVariable String number) {
        var c = sdk.linkedApps().identityChallenge(ShieldNumber.of(number));
        return new Wire.IdentityCheck(c.id(), c.positions(), c.expiresAt());
    }

    /**
     * Sends the SMS code for enabling an app.
     *
     * @param number the shield number
     */
    @PostMapping("/shields/{number}/linked-apps/sms")
    @Operation(summary = "send the SMS code for enabling an app (R9)")
    public void linkedSms(@PathVariable String number) {
        sdk.linkedApps().sendSmsCode(ShieldNumber.of(number));
    }

    /**
     * Enables the credential in an app.
     *
     * @param number the shield number
     * @param app    the app
     * @param r      the identity digits, SMS code and PIN
     * @return the apps
     */
    @PostMapping("/shields/{number}/linked-apps/{app}")
    @Operation(summary = "enable the credential in an app (R9)")
    public Wire.Linked enableApp(@PathVariable String number, @PathVariable String app, @RequestBody Wire.LinkRequest r) {
        return linked(sdk.linkedApps().enable(ShieldNumber.of(number), app, DeviceId.of(r.device()), r.identityId(), r.digits(),
                OneTimeCode.of(r.smsCode()), r.pin().encrypted()));
    }

    /**
     * Disables the credential in an app, in every app of the device; the holder proves it with
     * the SMS code sent by {@code /linked-apps/sms} (R9.3).
     *
     * @param number the shield number
     * @param app    the app
     * @param r      the SMS code
     * @return the apps
     */
    @PostMapping("/shields/{number}/linked-apps/{app}/disable")
    @Operation(summary = "disable the credential in an app, with the holder's SMS code (R9.3)")
    public Wire.Linked disableApp(@PathVariable String number, @PathVariable String app, @RequestBody Wire.DisableRequest r) {
        return linked(sdk.linkedApps().disable(ShieldNumber.of(number), app, OneTimeCode.of(r.smsCode())));
    }

    private static Wire.Linked linked(LinkedCredential c) {
        return new Wire.Linked(c.shield().value(), c.device().value(), c.apps().stream().map(LinkedCredential.App::app).toList());
    }

    // ---- losing the phone (R4.1) ----

    /**
     * The holder reports the phone lost.
     *
     * @param number  the shield number
     * @param account the holder's app account
     * @return the shield
     */
    @PostMapping("/shields/{number}/loss")
    @Operation(summary = "the holder reports the phone lost (R4.1)")
    public Wire.Shield reportLoss(@PathVariable String number, @RequestBody Wire.Text account) {
        return Wire.Shield.of(sdk.administration().reportLoss(ShieldNumber.of(number), Actor.holder(account.value())));
    }
}
