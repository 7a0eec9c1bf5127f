package io.mshield.core.rules;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.audit.AuditEntry;
import io.mshield.core.fixtures.World;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.enrollment.FaceVerifier;
import io.mshield.enrollment.OneTimeCode;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.pin.AuthMethod;
import io.mshield.pin.BiometricKey;
import io.mshield.pin.PinChallenge;
import io.mshield.shield.HolderOperation;
import io.mshield.shield.ShieldDetails;
import io.mshield.shield.ShieldStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.mshield.core.fixtures.Refusals.refused;
import static io.mshield.core.fixtures.World.BOSS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * R3, R4.1: a holder's operation on a shield that cannot take it — frozen, revoked, or the holder's
 * last authenticator — is refused with the shield's own reason before any SMS code is sent, any code,
 * face or PIN is used, or any key is looked at; the checks that do run (SMS codes, face comparisons,
 * a key's health) are audited with what they were for; and the bounds of envelopes and reminder
 * pages are exact.
 */
class HolderOperationsRefusedEarlyTest {
    private static final String PIN = "135790";
    private static final String WRONG = "246801";
    private static final Actor HOLDER = Actor.holder("acct-boss");
    private static final FaceVerifier.FaceCapture FACE = new FaceVerifier.FaceCapture(new byte[]{1});
    private final World w = new World(b -> b.coolingOff(CoolingOffPolicy.none()));

    private int smsSent() {
        return w.allCodes().size();
    }

    private List<AuditEntry> audited(String action) {
        return w.sdk.audit().read(1, 1000).stream().filter(e -> e.action().equals(action)).toList();
    }

    /** A DEVICE shield whose holder also has an active hardware key, so that the shield is not their last authenticator. */
    private ShieldDetails openWithHardwareKey() {
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        w.hardwareKeys.add(BOSS);
        return d;
    }

    /** Sends a self-revocation code to the holder's phone and returns it. */
    private OneTimeCode selfRevocationCode(ShieldDetails d) {
        w.sdk.shields().sendSmsCode(d.number(), HOLDER, HolderOperation.SELF_REVOCATION);
        return w.lastCode(BOSS);
    }

    /** Sets the clock to some days before the shield's certificate expires. */
    private void daysBeforeExpiry(ShieldDetails d, int days) {
        w.clock.set(d.certificate().orElseThrow().notAfter().minus(Duration.ofDays(days)));
    }

    private static ShieldException refusal(Executable call) {
        return org.junit.jupiter.api.Assertions.assertThrows(ShieldException.class, call);
    }

    @Test
    @DisplayName("a frozen shield seals no envelope, gets no renewal code, renews nothing and registers no key: SHIELD_FROZEN first")
    void frozen() {
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        PinChallenge ch = w.sdk.shields().pinChallenge(d.number());
        w.sdk.administration().freeze(d.number(), World.legalRep(World.ENTERPRISE));
        int sent = smsSent();
        refused(ErrorCode.SHIELD_FROZEN, () -> w.sdk.shields().sealEnvelope(d.number(), new byte[]{1}));
        refused(ErrorCode.SHIELD_FROZEN, () -> w.sdk.shields().sendSmsCode(d.number(), HOLDER, HolderOperation.RENEWAL));
        assertThat(smsSent()).isEqualTo(sent);
        refused(ErrorCode.SHIELD_FROZEN, () -> w.sdk.shields().renew(d.number(), HOLDER, w.pin(d.number(), PIN), OneTimeCode.of("000000"),
                World.csr(World.phoneKeyPair(), "张三")));
        byte[] spki = World.phoneKeyPair().getPublic().getEncoded();
        refused(ErrorCode.SHIELD_FROZEN, () -> w.sdk.shields().registerBiometric(d.number(), HOLDER,
                new BiometricKey(AuthMethod.FINGERPRINT, KeyAlgorithm.EC_P256, spki, ch.id(), new byte[]{0x30, 0x00}), w.pin(d.number(), PIN)));
    }

    @Test
    @DisplayName("a revoked shield gets no self-revocation code and cannot be revoked again: ILLEGAL_STATE, nothing sent")
    void revoked() {
        ShieldDetails d = openWithHardwareKey();
        OneTimeCode code = selfRevocationCode(d);
        w.sdk.administration().voidShield(d.number(), World.legalRep(World.ENTERPRISE));
        int sent = smsSent();
        w.clock.advance(Duration.ofMinutes(2));
        refused(ErrorCode.ILLEGAL_STATE, () -> w.sdk.shields().sendSmsCode(d.number(), HOLDER, HolderOperation.SELF_REVOCATION));
        assertThat(smsSent()).isEqualTo(sent);
        // refused for the shield's state before the code is looked at: a wrong code is not what is reported
        OneTimeCode wrong = OneTimeCode.of(code.toUtf8Bytes()[0] == '9' ? "000000" : "999999");
        refused(ErrorCode.ILLEGAL_STATE, () -> w.sdk.shields().revokeWithoutPin(d.number(), HOLDER, wrong, FACE));
        refused(ErrorCode.ILLEGAL_STATE, () -> w.sdk.shields().revokeWithoutPin(d.number(), HOLDER, code, FACE));
    }

    @Test
    @DisplayName("a frozen shield that is voided: its certificate's hold is lifted and it is revoked for good, not left on hold")
    void voidedWhileFrozen() {
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        w.sdk.administration().freeze(d.number(), World.legalRep(World.ENTERPRISE));
        assertThat(w.statusOf(d).reason()).contains(io.mshield.certificate.RevocationReason.CERTIFICATE_HOLD);
        w.sdk.administration().voidShield(d.number(), World.legalRep(World.ENTERPRISE));
        assertThat(w.statusOf(d).state()).isEqualTo(io.mshield.crypto.RevocationStatus.State.REVOKED);
        assertThat(w.statusOf(d).reason()).isPresent().get().isNotEqualTo(io.mshield.certificate.RevocationReason.CERTIFICATE_HOLD);
    }

    @Test
    @DisplayName("HOSTED: renewed by the bank with no CSR from the phone (one is refused), same key; an envelope it opens is audited with its size")
    void hosted() {
        ShieldDetails d = Enrollments.openHosted(w, w.application(BOSS, "dev-h", "acct-boss"), "h-1", PIN);
        byte[] envelope = w.sdk.shields().sealEnvelope(d.number(), new byte[]{1, 2, 3, 4, 5});
        assertThat(w.sdk.shields().openEnvelope(d.number(), envelope, w.pin(d.number(), PIN))).containsExactly(1, 2, 3, 4, 5);
        assertThat(audited("envelope.opened")).singleElement().satisfies(e -> {
            assertThat(e.subject()).isEqualTo(d.number().value());
            assertThat(e.details()).containsEntry("bytes", "5");
        });
        daysBeforeExpiry(d, 100);
        w.sdk.shields().sendSmsCode(d.number(), HOLDER, HolderOperation.RENEWAL);
        OneTimeCode code = w.lastCode(BOSS);
        refused(ErrorCode.CSR_INVALID, () -> w.sdk.shields().renew(d.number(), HOLDER, w.pin(d.number(), PIN), code,
                World.csr(World.phoneKeyPair(), "张三")));
        ShieldDetails renewed = w.sdk.shields().renew(d.number(), HOLDER, w.pin(d.number(), PIN), code, new byte[0]);
        assertThat(renewed.certificate().orElseThrow().serialHex()).isNotEqualTo(d.certificate().orElseThrow().serialHex());
        assertThat(w.sdk.shields().openEnvelope(d.number(), envelope, w.pin(d.number(), PIN))).as("the same key")
                .containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    @DisplayName("the last authenticator is refused before the SMS code is looked at, and a self-revocation frees the device and the enterprise")
    void lastAuthenticatorFirst() {
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        w.sdk.shields().sendSmsCode(d.number(), HOLDER, HolderOperation.SELF_REVOCATION);
        refused(ErrorCode.LAST_AUTHENTICATOR, () -> w.sdk.shields().revokeWithoutPin(d.number(), HOLDER, OneTimeCode.of("000000"), FACE));
        w.hardwareKeys.add(BOSS);
        w.sdk.shields().revoke(d.number(), HOLDER, w.pin(d.number(), PIN));
        // the device and the person's place in the enterprise are free again, for another account too
        ShieldDetails again = w.open(BOSS, "dev-1", "acct-boss-2", PIN);
        assertThat(again.status()).isEqualTo(ShieldStatus.ACTIVE);
        assertThat(w.sdk.shields().shieldsOf(World.ENTERPRISE, BOSS)).extracting(ShieldDetails::number)
                .containsExactlyElementsOf(java.util.stream.Stream.of(d.number(), again.number())
                        .sorted(java.util.Comparator.comparing(io.mshield.identity.ShieldNumber::value).reversed()).toList());
        // a revoked shield is no other authenticator
        w.hardwareKeys.remove(BOSS);
        refused(ErrorCode.LAST_AUTHENTICATOR, () -> w.sdk.shields().revoke(again.number(), Actor.holder("acct-boss-2"),
                w.pin(again.number(), PIN)));
    }

    @Test
    @DisplayName("holder SMS codes: one a minute; a failed gateway voids the code it replaced; a new code starts the wrong-code count afresh")
    void holderCodes() {
        ShieldDetails d = openWithHardwareKey();
        OneTimeCode first = selfRevocationCode(d);
        refused(ErrorCode.OTP_RATE_LIMITED, () -> w.sdk.shields().sendSmsCode(d.number(), HOLDER, HolderOperation.SELF_REVOCATION));
        w.clock.advance(Duration.ofMinutes(1));
        w.smsDown = true;
        refused(ErrorCode.ADAPTER_FAILURE, () -> w.sdk.shields().sendSmsCode(d.number(), HOLDER, HolderOperation.SELF_REVOCATION));
        w.smsDown = false;
        refused(ErrorCode.OTP_EXPIRED, () -> w.sdk.shields().revokeWithoutPin(d.number(), HOLDER, first, FACE));

        // five wrong codes use the code up (OtpPolicy defaults: 5 attempts); a new code counts from zero
        OneTimeCode second = selfRevocationCode(d);
        OneTimeCode wrong = OneTimeCode.of(second.toUtf8Bytes()[0] == '9' ? "000000" : "999999");
        for (int i = 0; i < 5; i++) {
            refused(ErrorCode.OTP_INCORRECT, () -> w.sdk.shields().revokeWithoutPin(d.number(), HOLDER, wrong, FACE));
        }
        refused(ErrorCode.OTP_EXPIRED, () -> w.sdk.shields().revokeWithoutPin(d.number(), HOLDER, second, FACE));
        w.clock.advance(Duration.ofMinutes(1));
        w.sdk.shields().revokeWithoutPin(d.number(), HOLDER, selfRevocationCode(d), FACE);
        assertThat(w.sdk.shields().details(d.number()).status()).isEqualTo(ShieldStatus.REVOKED);
    }

    @Test
    @DisplayName("a failed face comparison at self-revocation is audited, and each one leaves one try less")
    void faceRejectedCountsDown() {
        ShieldDetails d = openWithHardwareKey();
        OneTimeCode code = selfRevocationCode(d);
        assertThat(audited("shield.otp_sent")).singleElement().satisfies(e -> {
            assertThat(e.subject()).isEqualTo(d.number().value());
            assertThat(e.details()).containsEntry("for", "SELF_REVOCATION").containsKey("to");
            assertThat(e.details().get("to")).doesNotContain(World.phoneOf(BOSS));
        });
        w.faceScore = 0.2;
        ShieldException first = refusal(() -> w.sdk.shields().revokeWithoutPin(d.number(), HOLDER, code, FACE));
        ShieldException second = refusal(() -> w.sdk.shields().revokeWithoutPin(d.number(), HOLDER, code, FACE));
        assertThat(first.code()).isEqualTo(ErrorCode.FACE_MISMATCH);
        assertThat(second.attemptsLeft().orElseThrow()).isEqualTo(first.attemptsLeft().orElseThrow() - 1);
        assertThat(audited("shield.face_rejected")).hasSize(2).allSatisfy(e -> {
            assertThat(e.outcome()).isEqualTo(AuditEntry.Outcome.REFUSED);
            assertThat(e.details()).containsEntry("for", "SELF_REVOCATION").containsKey("reference");
        });
        assertThat(w.sdk.shields().details(d.number()).status()).isEqualTo(ShieldStatus.ACTIVE);
    }

    @Test
    @DisplayName("a wrong PIN stops a renewal and a key registration: nothing is issued or registered")
    void wrongPin() {
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        daysBeforeExpiry(d, 100);
        w.sdk.shields().sendSmsCode(d.number(), HOLDER, HolderOperation.RENEWAL);
        refused(ErrorCode.PIN_INCORRECT, () -> w.sdk.shields().renew(d.number(), HOLDER, w.pin(d.number(), WRONG), w.lastCode(BOSS),
                World.csr(World.phoneKeyPair(), "张三")));
        assertThat(w.sdk.shields().details(d.number()).certificate()).isEqualTo(d.certificate());

        java.security.KeyPair finger = World.phoneKeyPair();
        PinChallenge ch = w.sdk.shields().pinChallenge(d.number());
        byte[] spki = finger.getPublic().getEncoded();
        byte[] possession = World.PHONE.sign(finger, io.mshield.crypto.SignatureScheme.ECDSA_SHA256,
                BiometricKey.registrationMessage(ch, d.number(), AuthMethod.FINGERPRINT, spki));
        refused(ErrorCode.PIN_INCORRECT, () -> w.sdk.shields().registerBiometric(d.number(), HOLDER,
                new BiometricKey(AuthMethod.FINGERPRINT, KeyAlgorithm.EC_P256, spki, ch.id(), possession), w.pin(d.number(), WRONG)));
        assertThat(w.sdk.shields().details(d.number()).authMethod()).isEqualTo(AuthMethod.PIN);
        assertThat(audited("shield.biometric_registered")).isEmpty();
    }

    @Test
    @DisplayName("an envelope carries up to exactly 64 KiB; a key found gone on the device is audited as the device's")
    void boundsAndHealth() {
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        assertThat(w.sdk.shields().sealEnvelope(d.number(), new byte[64 * 1024])).isNotEmpty();
        refused(ErrorCode.INPUT_TOO_LARGE, () -> w.sdk.shields().sealEnvelope(d.number(), new byte[64 * 1024 + 1]));
        assertThat(w.sdk.shields().checkHealth(d.number(), true).status()).isEqualTo(ShieldStatus.INVALID);
        assertThat(audited("shield.key_gone")).singleElement().satisfies(e -> assertThat(e.details()).containsEntry("side", "device"));
    }

    @Test
    @DisplayName("renewal reminders page 1 to 1,000 shields and leave out revoked ones")
    void reminders() {
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        daysBeforeExpiry(d, 200);
        Instant now = w.clock.instant();
        assertThat(w.sdk.shields().dueForRenewalReminder(now, 1)).extracting(ShieldDetails::number).containsExactly(d.number());
        assertThat(w.sdk.shields().dueForRenewalReminder(now, 1000)).extracting(ShieldDetails::number).containsExactly(d.number());
        refused(ErrorCode.INVALID_ARGUMENT, () -> w.sdk.shields().dueForRenewalReminder(now, 0));
        refused(ErrorCode.INVALID_ARGUMENT, () -> w.sdk.shields().dueForRenewalReminder(now, 1001));
        w.sdk.administration().voidShield(d.number(), World.legalRep(World.ENTERPRISE));
        assertThat(w.sdk.shields().dueForRenewalReminder(now, 10)).isEmpty();
    }
}
