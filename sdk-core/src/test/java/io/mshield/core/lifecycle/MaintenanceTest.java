package io.mshield.core.lifecycle;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.certificate.RevocationReason;
import io.mshield.core.fixtures.World;
import io.mshield.enrollment.EnrollmentSession;
import io.mshield.enrollment.FaceVerifier;
import io.mshield.enrollment.KeyProposal;
import io.mshield.enrollment.OneTimeCode;
import io.mshield.identity.PersonName;
import io.mshield.shield.HolderOperation;
import io.mshield.pin.AuthMethod;
import io.mshield.pin.PinCheck;
import io.mshield.shield.ShieldDetails;
import io.mshield.shield.ShieldStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static io.mshield.core.fixtures.World.BOSS;
import static io.mshield.core.fixtures.World.ENTERPRISE;
import static io.mshield.core.fixtures.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;

class MaintenanceTest {
    private static final String PIN = "135790";
    private final World w = new World();
    private final Actor holder = Actor.holder("acct-boss");

    private ShieldDetails open() {
        return w.open(BOSS, "dev-1", "acct-boss", PIN);
    }

    @Test
    @DisplayName("R3.1 details show number, certificate (subject, serial, validity), method, status and device")
    void details() {
        ShieldDetails d = open();
        ShieldDetails again = w.sdk.shields().details(d.number());
        assertThat(again).isEqualTo(d);
        assertThat(again.certificate().orElseThrow().subject()).contains("张三").contains(d.number().value());
        assertThat(again.certificate().get().serialHex()).matches("[0-9a-f]+");
        assertThat(again.device().value()).isEqualTo("dev-1");
        assertThat(w.sdk.shields().shieldsOf(ENTERPRISE, BOSS)).containsExactly(again);
    }

    @Test
    @DisplayName("R3.2 the method changes only to one the device supports, with the PIN")
    void changeMethod() {
        ShieldDetails d = open();
        refused(ErrorCode.AUTH_METHOD_UNSUPPORTED, () -> w.sdk.shields().changeAuthMethod(d.number(), holder, AuthMethod.FACE, w.pin(d.number(), PIN)));
        refused(ErrorCode.PIN_INCORRECT, () -> w.sdk.shields().changeAuthMethod(d.number(), holder, AuthMethod.FINGERPRINT, w.pin(d.number(), "246801")));
        refused(ErrorCode.FORBIDDEN, () -> w.sdk.shields().changeAuthMethod(d.number(), Actor.holder("intruder"), AuthMethod.FINGERPRINT, w.pin(d.number(), PIN)));
        // a biometric method is a device key registered for it, not a label (R2.3)
        refused(ErrorCode.BIOMETRIC_NOT_REGISTERED, () -> w.sdk.shields().changeAuthMethod(d.number(), holder, AuthMethod.FINGERPRINT,
                w.pin(d.number(), PIN)));
        assertThat(w.sdk.shields().details(d.number()).authMethod()).isEqualTo(AuthMethod.PIN);
        java.security.KeyPair finger = p256();
        io.mshield.pin.PinChallenge ch = w.sdk.shields().pinChallenge(d.number());
        byte[] spki = finger.getPublic().getEncoded();
        byte[] possession = sign(finger, io.mshield.pin.BiometricKey.registrationMessage(ch, d.number(), AuthMethod.FINGERPRINT, spki));
        assertThat(w.sdk.shields().registerBiometric(d.number(), holder, new io.mshield.pin.BiometricKey(AuthMethod.FINGERPRINT,
                io.mshield.crypto.KeyAlgorithm.EC_P256, spki, ch.id(), possession), w.pin(d.number(), PIN)).authMethod())
                .isEqualTo(AuthMethod.FINGERPRINT);
        assertThat(w.sdk.shields().changeAuthMethod(d.number(), holder, AuthMethod.PIN, w.pin(d.number(), PIN)).authMethod())
                .isEqualTo(AuthMethod.PIN);
        assertThat(w.sdk.shields().changeAuthMethod(d.number(), holder, AuthMethod.FINGERPRINT, w.pin(d.number(), PIN)).authMethod())
                .isEqualTo(AuthMethod.FINGERPRINT);
    }

    /** A P-256 key as a phone's secure module makes it for the fingerprint. */
    private static java.security.KeyPair p256() {
        try {
            java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
            g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sign(java.security.KeyPair keys, byte[] data) {
        try {
            java.security.Signature sig = java.security.Signature.getInstance("SHA256withECDSA");
            sig.initSign(keys.getPrivate());
            sig.update(data);
            return sig.sign();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @DisplayName("R3.3 changing the PIN needs the old one; weak new PINs (repeated, runs, ID or phone digits) are refused")
    void changePin() {
        ShieldDetails d = open();
        for (String weak : new String[]{"888888", "987654", "231002", "000001"}) {
            refused(ErrorCode.WEAK_PIN, () -> w.sdk.shields().changePin(d.number(), holder, w.pin(d.number(), PIN),
                    Optional.of(w.pin(d.number(), weak))));
        }
        refused(ErrorCode.PIN_INCORRECT, () -> w.sdk.shields().changePin(d.number(), holder, w.pin(d.number(), "246801"),
                Optional.of(w.pin(d.number(), "470258"))));
        w.sdk.shields().changePin(d.number(), holder, w.pin(d.number(), PIN), Optional.of(w.pin(d.number(), "470258")));
        assertThat(w.sdk.shields().checkPin(d.number(), w.pin(d.number(), "470258"))).isInstanceOf(PinCheck.Accepted.class);
        assertThat(w.sdk.shields().checkPin(d.number(), w.pin(d.number(), PIN))).isInstanceOf(PinCheck.Rejected.class);
    }

    @Test
    @DisplayName("R3.4 renewal only inside the 6-month window or after a filing change, with an SMS code; never once expired; reminders a month ahead")
    void renewal() {
        ShieldDetails d = open();
        Instant notAfter = d.certificate().orElseThrow().notAfter();
        KeyPair phone = w.deviceKey(d.number());
        refused(ErrorCode.RENEWAL_NOT_DUE, () -> w.sdk.shields().renew(d.number(), holder, w.pin(d.number(), PIN), OneTimeCode.of("000000"),
                World.csr(phone, "张三")));
        assertThat(w.sdk.shields().dueForRenewalReminder(w.clock.instant(), 10)).isEmpty();
        w.clock.set(notAfter.minus(Duration.ofDays(212)));
        assertThat(w.sdk.shields().dueForRenewalReminder(w.clock.instant(), 10)).extracting(ShieldDetails::number).containsExactly(d.number());
        w.clock.set(notAfter.minus(Duration.ofDays(100)));
        refused(ErrorCode.OTP_EXPIRED, () -> w.sdk.shields().renew(d.number(), holder, w.pin(d.number(), PIN), OneTimeCode.of("000000"),
                World.csr(World.phoneKeyPair(), "张三")));
        w.sdk.shields().sendSmsCode(d.number(), holder, HolderOperation.RENEWAL);
        ShieldDetails renewed = w.sdk.shields().renew(d.number(), holder, w.pin(d.number(), PIN), w.lastCode(BOSS),
                World.csr(World.phoneKeyPair(), "张三"));
        assertThat(renewed.certificate().orElseThrow().serialHex()).isNotEqualTo(d.certificate().get().serialHex());
        assertThat(renewed.certificate().get().notAfter()).isAfter(notAfter);
        assertThat(w.statusOf(new BigInteger(d.certificate().get().serialHex(), 16)).reason()).contains(RevocationReason.SUPERSEDED);
        w.filingRevision.incrementAndGet();
        refused(ErrorCode.OTP_EXPIRED, () -> w.sdk.shields().renew(d.number(), holder, w.pin(d.number(), PIN), w.lastCode(BOSS), // a used code
                World.csr(World.phoneKeyPair(), "张三")));

        World w2 = new World();
        ShieldDetails e = w2.open(BOSS, "dev-1", "acct-boss", PIN);
        w2.filingRevision.incrementAndGet();
        w2.sdk.shields().sendSmsCode(e.number(), holder, HolderOperation.RENEWAL);
        assertThat(w2.sdk.shields().renew(e.number(), holder, w2.pin(e.number(), PIN), w2.lastCode(BOSS),
                World.csr(World.phoneKeyPair(), "张三")).status()).isEqualTo(ShieldStatus.ACTIVE);
        w2.clock.set(w2.sdk.shields().details(e.number()).certificate().orElseThrow().notAfter().plusSeconds(1));
        refused(ErrorCode.CERTIFICATE_EXPIRED, () -> w2.sdk.shields().renew(e.number(), holder, w2.pin(e.number(), PIN),
                OneTimeCode.of("000000"), World.csr(World.phoneKeyPair(), "张三")));
    }

    @Test
    @DisplayName("R3.4 renewal needs the right SMS code, re-matches the filing, and the new certificate carries the current filed name")
    void renewalRematchesTheFiling() {
        ShieldDetails d = open();
        w.renamed.put(BOSS, PersonName.of("张三丰"));
        w.filingRevision.incrementAndGet();
        w.sdk.shields().sendSmsCode(d.number(), holder, HolderOperation.RENEWAL);
        OneTimeCode right = w.lastCode(BOSS);
        OneTimeCode wrong = OneTimeCode.of(right.toUtf8Bytes()[0] == '9' ? "000000" : "999999");
        long entries = w.sdk.audit().verify().entriesChecked();
        refused(ErrorCode.OTP_INCORRECT, () -> w.sdk.shields().renew(d.number(), holder, w.pin(d.number(), PIN), wrong,
                World.csr(World.phoneKeyPair(), "张三丰")));
        assertThat(w.sdk.shields().details(d.number()).certificate()).isEqualTo(d.certificate());
        assertThat(w.sdk.audit().verify().entriesChecked()).as("only the refusal is recorded").isEqualTo(entries + 1);
        refused(ErrorCode.CSR_INVALID, () -> w.sdk.shields().renew(d.number(), holder, w.pin(d.number(), PIN), right,
                World.csr(World.phoneKeyPair(), "张三")));
        ShieldDetails renewed = w.sdk.shields().renew(d.number(), holder, w.pin(d.number(), PIN), right,
                World.csr(World.phoneKeyPair(), "张三丰"));
        assertThat(renewed.certificate().orElseThrow().subject()).contains("张三丰");
        assertThat(d.certificate().orElseThrow().subject()).doesNotContain("张三丰");
    }

    @Test
    @DisplayName("R3.5 reissue to a new phone repeats SMS and face, then revokes the old certificate as superseded")
    void reissue() {
        ShieldDetails old = open();
        EnrollmentSession s = w.sdk.enrollment().startReissue(old.number(), w.application(BOSS, "dev-new", "acct-boss"));
        w.sdk.enrollment().acceptAgreement(s.id(), "v1");
        refused(ErrorCode.ENROLLMENT_STEP_OUT_OF_ORDER, () -> w.sdk.enrollment().verifyFace(s.id(), new FaceVerifier.FaceCapture(new byte[]{1})));
        w.clock.advance(Duration.ofMinutes(2));
        w.sdk.enrollment().sendSmsCode(s.id());
        w.sdk.enrollment().verifySmsCode(s.id(), w.lastCode(BOSS));
        w.sdk.enrollment().verifyFace(s.id(), new FaceVerifier.FaceCapture(new byte[]{1}));
        w.sdk.enrollment().chooseAuthentication(s.id(), AuthMethod.PIN, Optional.of(World.pinBlock(w.sdk.enrollment().pinChallenge(s.id()), "470258")));
        w.sdk.enrollment().prepareKey(s.id(), new KeyProposal.DeviceKey());
        ShieldDetails fresh = w.sdk.enrollment().complete(s.id(), World.csr(World.phoneKeyPair(), "张三"));
        assertThat(fresh.status()).isEqualTo(ShieldStatus.ACTIVE);
        assertThat(fresh.device().value()).isEqualTo("dev-new");
        assertThat(w.sdk.shields().details(old.number()).status()).isEqualTo(ShieldStatus.REVOKED);
        assertThat(w.statusOf(new BigInteger(old.certificate().orElseThrow().serialHex(), 16)).reason()).contains(RevocationReason.SUPERSEDED);
        refused(ErrorCode.INVALID_ARGUMENT, () -> w.sdk.enrollment().startReissue(fresh.number(), w.application(BOSS, "dev-new", "acct-boss")));
    }

    @Test
    @DisplayName("R3.6 the holder revokes their own shield with the PIN; with a forgotten PIN, after an SMS code and a face check instead (000); then applies again")
    void selfRevoke() {
        ShieldDetails d = open();
        w.hardwareKeys.add(BOSS);
        refused(ErrorCode.PIN_INCORRECT, () -> w.sdk.shields().revoke(d.number(), holder, w.pin(d.number(), "246801")));
        refused(ErrorCode.OTP_EXPIRED, () -> w.sdk.shields().revokeWithoutPin(d.number(), holder, OneTimeCode.of("000000"),
                new FaceVerifier.FaceCapture(new byte[]{1})));
        w.sdk.shields().sendSmsCode(d.number(), holder, HolderOperation.SELF_REVOCATION);
        OneTimeCode code = w.lastCode(BOSS);
        refused(ErrorCode.FORBIDDEN, () -> w.sdk.shields().revokeWithoutPin(d.number(), Actor.holder("intruder"), code,
                new FaceVerifier.FaceCapture(new byte[]{1})));
        refused(ErrorCode.OTP_INCORRECT, () -> w.sdk.shields().revokeWithoutPin(d.number(), holder,
                OneTimeCode.of(code.toUtf8Bytes()[0] == '9' ? "000000" : "999999"), new FaceVerifier.FaceCapture(new byte[]{1})));
        w.faceScore = 0.2;
        refused(ErrorCode.FACE_MISMATCH, () -> w.sdk.shields().revokeWithoutPin(d.number(), holder, code, new FaceVerifier.FaceCapture(new byte[]{1})));
        assertThat(w.sdk.shields().details(d.number()).status()).isEqualTo(ShieldStatus.ACTIVE);
        w.faceScore = 0.95;
        w.sdk.shields().revokeWithoutPin(d.number(), holder, code, new FaceVerifier.FaceCapture(new byte[]{1}));
        assertThat(w.sdk.shields().details(d.number()).status()).isEqualTo(ShieldStatus.REVOKED);
        assertThat(w.sdk.audit().read(1, 1000)).extracting(e -> e.action()).contains("shield.self_revoked_without_pin");

        ShieldDetails again = w.open(BOSS, "dev-1", "acct-boss", PIN);
        assertThat(again.status()).as("apply again on the same device").isEqualTo(ShieldStatus.ACTIVE);
        w.sdk.shields().revoke(again.number(), holder, w.pin(again.number(), PIN));
        assertThat(w.sdk.shields().details(again.number()).status()).isEqualTo(ShieldStatus.REVOKED);
    }

    @Test
    @DisplayName("R3.6 a shield locked by wrong PINs under 001 (no bank reset) is revoked by its holder after SMS and face")
    void selfRevokeWhenLocked() {
        World w1 = new World(b -> b.coolingOff(io.mshield.limit.CoolingOffPolicy.none()).pinPolicy(io.mshield.pin.PinPolicy.seed001()));
        ShieldDetails d = w1.open(BOSS, "dev-1", "acct-boss", PIN);
        w1.hardwareKeys.add(BOSS);
        for (int i = 0; i < 5; i++) {
            w1.sdk.shields().checkPin(d.number(), w1.pin(d.number(), "246801"));
        }
        assertThat(w1.sdk.shields().details(d.number()).status()).isEqualTo(ShieldStatus.LOCKED);
        refused(ErrorCode.PIN_LOCKED, () -> w1.sdk.shields().revoke(d.number(), holder, w1.pin(d.number(), PIN)));
        w1.sdk.shields().sendSmsCode(d.number(), holder, HolderOperation.SELF_REVOCATION);
        w1.sdk.shields().revokeWithoutPin(d.number(), holder, w1.lastCode(BOSS), new FaceVerifier.FaceCapture(new byte[]{1}));
        assertThat(w1.sdk.shields().details(d.number()).status()).isEqualTo(ShieldStatus.REVOKED);
    }

    @Test
    @DisplayName("R3.7 a shield whose key is gone or whose certificate expired stops working: revoke and apply again")
    void health() {
        ShieldDetails d = open();
        assertThat(w.sdk.shields().checkHealth(d.number(), true).status()).isEqualTo(ShieldStatus.INVALID);
        refused(ErrorCode.SHIELD_INVALID, () -> w.sdk.shields().checkPin(d.number(), w.pin(d.number(), PIN)));
        w.sdk.administration().voidShield(d.number(), World.staff("s"));

        ShieldDetails e = w.open(BOSS, "dev-1", "acct-boss", PIN);
        w.clock.set(e.certificate().orElseThrow().notAfter());
        assertThat(w.sdk.shields().details(e.number()).status()).isEqualTo(ShieldStatus.EXPIRED);
        refused(ErrorCode.CERTIFICATE_EXPIRED, () -> w.sdk.shields().checkPin(e.number(), w.pin(e.number(), PIN)));
    }

    @Test
    @DisplayName("R3.8 with no active hardware key, the holder cannot give up the last shield")
    void lastAuthenticator() {
        ShieldDetails d = open();
        refused(ErrorCode.LAST_AUTHENTICATOR, () -> w.sdk.shields().revoke(d.number(), holder, w.pin(d.number(), PIN)));
        assertThat(w.sdk.shields().details(d.number()).status()).isEqualTo(ShieldStatus.ACTIVE);
        w.hardwareKeys.add(BOSS);
        w.sdk.shields().revoke(d.number(), holder, w.pin(d.number(), PIN));
        assertThat(w.sdk.shields().details(d.number()).status()).isEqualTo(ShieldStatus.REVOKED);
    }
}
