package io.mshield.core.lifecycle;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.audit.AuditEntry;
import io.mshield.core.fixtures.World;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.enrollment.Application;
import io.mshield.enrollment.BindingPolicy;
import io.mshield.enrollment.DeviceInfo;
import io.mshield.enrollment.DuplicateAction;
import io.mshield.enrollment.EnrollmentSession;
import io.mshield.enrollment.EnrollmentStep;
import io.mshield.enrollment.FaceVerifier;
import io.mshield.enrollment.KeyProposal;
import io.mshield.enrollment.OneTimeCode;
import io.mshield.identity.DeviceId;
import io.mshield.identity.PersonName;
import io.mshield.identity.UserId;
import io.mshield.identity.UserType;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.pin.AuthMethod;
import io.mshield.shield.CustodyMode;
import io.mshield.shield.ShieldDetails;
import io.mshield.shield.ShieldStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.mshield.core.fixtures.World.BOSS;
import static io.mshield.core.fixtures.World.OPERATOR;
import static io.mshield.core.fixtures.World.OPERATOR2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnrollmentTest {
    private final World w = new World();
    private static final FaceVerifier.FaceCapture FACE = new FaceVerifier.FaceCapture(new byte[]{9});

    static void refused(ErrorCode code, Executable call) {
        io.mshield.core.fixtures.Refusals.refused(code, call);
    }

    private long auditCount() {
        return w.sdk.audit().verify().entriesChecked();
    }

    @Test
    @DisplayName("R2.5 R2.6 a DEVICE shield opens through every step: MS + 11 digits, a certificate for the phone's key, ACTIVE")
    void opens() {
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", "135790");
        assertThat(d.number().value()).matches("MS\\d{11}");
        assertThat(d.status()).isEqualTo(ShieldStatus.ACTIVE);
        assertThat(d.custody()).isEqualTo(CustodyMode.DEVICE);
        assertThat(d.certificate()).isPresent();
        assertThat(d.certificate().get().notAfter()).isEqualTo(d.certificate().get().notBefore().atZone(java.time.ZoneId.of("Asia/Shanghai")).plusYears(5).toInstant());
        assertThat(d.holderMasked()).doesNotContain(BOSS.value());
        assertThat(w.sdk.audit().verify().intact()).isTrue();
    }

    @Test
    @DisplayName("R2.1 the agreement's version and time are recorded before anything else")
    void agreementFirst() {
        grant(OPERATOR);
        EnrollmentSession s = w.sdk.enrollment().start(w.application(OPERATOR, "dev-2", "acct-op"));
        assertThat(s.next()).isEqualTo(EnrollmentStep.AGREEMENT);
        refused(ErrorCode.ENROLLMENT_STEP_OUT_OF_ORDER, () -> w.sdk.enrollment().sendSmsCode(s.id()));
        refused(ErrorCode.AGREEMENT_NOT_ACCEPTED, () -> w.sdk.enrollment().acceptAgreement(s.id(), " "));
        w.sdk.enrollment().acceptAgreement(s.id(), "2026-11");
        List<AuditEntry> entries = w.sdk.audit().read(1, 100);
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("enrollment.agreement_accepted");
            assertThat(e.details()).containsEntry("version", "2026-11");
            assertThat(e.time()).isEqualTo(w.clock.instant());
        });
    }

    @Test
    @DisplayName("R2.2 steps run in order and once: no face before the SMS code, no code replay, no skipped step")
    void stepsInOrder() {
        grant(OPERATOR);
        EnrollmentSession s = w.sdk.enrollment().start(w.application(OPERATOR, "dev-2", "acct-op"));
        w.sdk.enrollment().acceptAgreement(s.id(), "v1");
        refused(ErrorCode.ENROLLMENT_STEP_OUT_OF_ORDER, () -> w.sdk.enrollment().verifyFace(s.id(), FACE));
        refused(ErrorCode.ENROLLMENT_STEP_OUT_OF_ORDER, () -> w.sdk.enrollment().acceptAgreement(s.id(), "v1"));
        w.sdk.enrollment().sendSmsCode(s.id());
        OneTimeCode code = w.lastCode(OPERATOR);
        w.sdk.enrollment().verifySmsCode(s.id(), code);
        refused(ErrorCode.ENROLLMENT_STEP_OUT_OF_ORDER, () -> w.sdk.enrollment().verifySmsCode(s.id(), w.lastCode(OPERATOR)));
        refused(ErrorCode.ENROLLMENT_STEP_OUT_OF_ORDER, () -> w.sdk.enrollment().prepareKey(s.id(), new KeyProposal.DeviceKey()));
        w.sdk.enrollment().verifyFace(s.id(), FACE);
        assertThat(w.sdk.enrollment().session(s.id())).get().extracting(EnrollmentSession::next).isEqualTo(EnrollmentStep.AUTHENTICATION);
    }

    @Test
    @DisplayName("R2.2 a wrong SMS code says how many attempts remain; after the limit the code is dead; codes expire after 5 minutes")
    void otpRules() {
        grant(OPERATOR);
        EnrollmentSession s = w.sdk.enrollment().start(w.application(OPERATOR, "dev-2", "acct-op"));
        w.sdk.enrollment().acceptAgreement(s.id(), "v1");
        w.sdk.enrollment().sendSmsCode(s.id());
        String real = w.lastCode(OPERATOR).toString();
        assertThat(real).doesNotContainPattern("\\d");
        OneTimeCode wrong = OneTimeCode.of(new String(w.lastCode(OPERATOR).digits()).equals("000000") ? "111111" : "000000");
        assertThatThrownBy(() -> w.sdk.enrollment().verifySmsCode(s.id(), wrong)).isInstanceOfSatisfying(ShieldException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.OTP_INCORRECT);
            assertThat(e.attemptsLeft()).hasValue(4);
        });
        for (int i = 0; i < 4; i++) {
            refused(ErrorCode.OTP_INCORRECT, () -> w.sdk.enrollment().verifySmsCode(s.id(), wrong));
        }
        refused(ErrorCode.OTP_EXPIRED, () -> w.sdk.enrollment().verifySmsCode(s.id(), w.lastCode(OPERATOR)));
        refused(ErrorCode.OTP_RATE_LIMITED, () -> w.sdk.enrollment().sendSmsCode(s.id()));
        w.clock.advance(Duration.ofSeconds(61));
        w.sdk.enrollment().sendSmsCode(s.id());
        w.clock.advance(Duration.ofMinutes(5));
        refused(ErrorCode.OTP_EXPIRED, () -> w.sdk.enrollment().verifySmsCode(s.id(), w.lastCode(OPERATOR)));
        w.sdk.enrollment().sendSmsCode(s.id());
        w.sdk.enrollment().verifySmsCode(s.id(), w.lastCode(OPERATOR));
    }

    @Test
    @DisplayName("R2.2 the daily SMS cap holds, and a failed gateway counts no code")
    void otpDailyCapAndGatewayFailure() {
        grant(OPERATOR);
        EnrollmentSession s = w.sdk.enrollment().start(w.application(OPERATOR, "dev-2", "acct-op"));
        w.sdk.enrollment().acceptAgreement(s.id(), "v1");
        w.smsDown = true;
        refused(ErrorCode.ADAPTER_FAILURE, () -> w.sdk.enrollment().sendSmsCode(s.id()));
        w.smsDown = false;
        for (int i = 0; i < 10; i++) {
            w.sdk.enrollment().sendSmsCode(s.id());
            w.clock.advance(Duration.ofSeconds(61));
        }
        refused(ErrorCode.OTP_RATE_LIMITED, () -> w.sdk.enrollment().sendSmsCode(s.id()));
    }

    @Test
    @DisplayName("R2.2 a failed face comparison is refused and counted; the daily limit holds")
    void faceRules() {
        grant(OPERATOR);
        EnrollmentSession s = w.sdk.enrollment().start(w.application(OPERATOR, "dev-2", "acct-op"));
        w.sdk.enrollment().acceptAgreement(s.id(), "v1");
        w.sdk.enrollment().sendSmsCode(s.id());
        w.sdk.enrollment().verifySmsCode(s.id(), w.lastCode(OPERATOR));
        w.faceScore = 0.5;
        assertThatThrownBy(() -> w.sdk.enrollment().verifyFace(s.id(), FACE)).isInstanceOfSatisfying(ShieldException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.FACE_MISMATCH);
            assertThat(e.attemptsLeft()).hasValue(4);
        });
        for (int i = 0; i < 4; i++) {
            refused(ErrorCode.FACE_MISMATCH, () -> w.sdk.enrollment().verifyFace(s.id(), FACE));
        }
        w.faceScore = 0.99;
        refused(ErrorCode.FACE_RATE_LIMITED, () -> w.sdk.enrollment().verifyFace(s.id(), FACE));
    }

    @Test
    @DisplayName("R2.3 the method must be one the device supports")
    void authMethodSupported() {
        EnrollmentSession s = upToAuthentication(OPERATOR, "dev-2");
        refused(ErrorCode.AUTH_METHOD_UNSUPPORTED, () -> w.sdk.enrollment().chooseAuthentication(s.id(), AuthMethod.FACE,
                Optional.of(World.pinBlock(w.sdk.enrollment().pinChallenge(s.id()), "135790"))));
        w.sdk.enrollment().chooseAuthentication(s.id(), AuthMethod.FINGERPRINT,
                Optional.of(World.pinBlock(w.sdk.enrollment().pinChallenge(s.id()), "135790")));
    }

    @Test
    @DisplayName("R2.4 the PIN is 6 digits and not weak; the refusal never echoes it")
    void pinAtApplication() {
        EnrollmentSession s = upToAuthentication(OPERATOR, "dev-2");
        for (String bad : List.of("123456", "111111", "12345", "1234567")) {
            assertThatThrownBy(() -> w.sdk.enrollment().chooseAuthentication(s.id(), AuthMethod.PIN,
                    Optional.of(World.pinBlock(w.sdk.enrollment().pinChallenge(s.id()), bad))))
                    .isInstanceOfSatisfying(ShieldException.class, e -> {
                        assertThat(e.code()).isIn(ErrorCode.WEAK_PIN, ErrorCode.INVALID_PIN_FORMAT, ErrorCode.PIN_BLOCK_INVALID);
                        assertThat(e.getMessage()).doesNotContain(bad);
                    });
        }
        refused(ErrorCode.INVALID_ARGUMENT, () -> w.sdk.enrollment().chooseAuthentication(s.id(), AuthMethod.PIN, Optional.empty()));
        w.sdk.enrollment().chooseAuthentication(s.id(), AuthMethod.PIN,
                Optional.of(World.pinBlock(w.sdk.enrollment().pinChallenge(s.id()), "135790")));
    }

    @Test
    @DisplayName("R5.4 a PIN block is usable once: a replayed block is refused")
    void pinBlockReplay() {
        EnrollmentSession s = upToAuthentication(OPERATOR, "dev-2");
        var block = World.pinBlock(w.sdk.enrollment().pinChallenge(s.id()), "135790");
        w.sdk.enrollment().chooseAuthentication(s.id(), AuthMethod.PIN, Optional.of(block));
        ShieldDetails d = finish(s, OPERATOR);
        refused(ErrorCode.PIN_BLOCK_INVALID, () -> w.sdk.shields().checkPin(d.number(), block));
    }

    @Test
    @DisplayName("R2.6 shield numbers are unique across many openings")
    void uniqueNumbers() {
        ShieldDetails a = w.open(BOSS, "dev-1", "acct-boss", "135790");
        w.sdk.permissions().grant(World.superAdmin(World.ENTERPRISE), World.ENTERPRISE, OPERATOR);
        ShieldDetails b = w.open(OPERATOR, "dev-2", "acct-op", "135790");
        assertThat(a.number()).isNotEqualTo(b.number());
    }

    @Test
    @DisplayName("R2.7 seed 000 at its default values: one shield per person per enterprise; one person's phone holds shields of up to 5 enterprises, across enterprises")
    void bindingLimits() {
        assertThat(BindingPolicy.seed000().maxShieldsPerDevice()).isEqualTo(5);
        World s000 = new World(b -> b.coolingOff(CoolingOffPolicy.none()).bindingPolicy(BindingPolicy.seed000()));
        s000.open(s000.application(World.ENTERPRISE2, World.BOSS2, "dev-1", "acct-zhao"), "135790");
        refused(ErrorCode.BINDING_LIMIT_REACHED, () -> s000.sdk.enrollment().start(s000.application(World.ENTERPRISE2, World.BOSS2,
                "dev-9", "acct-zhao")));
        for (int i = 0; i < 4; i++) {
            s000.clock.advance(java.time.Duration.ofDays(1)); // the face and SMS limits are per day
            assertThat(s000.open(s000.application(World.MORE_ENTERPRISES.get(i), World.BOSS2, "dev-1", "acct-zhao"), "135790").status())
                    .as("enterprise %d of 5 on one phone", i + 2).isEqualTo(ShieldStatus.ACTIVE);
        }
        long before = s000.sdk.audit().verify().entriesChecked();
        refused(ErrorCode.BINDING_LIMIT_REACHED, () -> s000.sdk.enrollment().start(s000.application(World.MORE_ENTERPRISES.get(4),
                World.BOSS2, "dev-1", "acct-zhao")));
        assertThat(s000.sdk.audit().verify().entriesChecked()).as("refusals change nothing").isEqualTo(before);
        s000.clock.advance(java.time.Duration.ofDays(1));
        assertThat(s000.open(s000.application(World.MORE_ENTERPRISES.get(4), World.BOSS2, "dev-2", "acct-zhao"), "135790").status())
                .as("the sixth enterprise on another phone").isEqualTo(ShieldStatus.ACTIVE);
        refused(ErrorCode.DEVICE_LOCKED_TO_OTHER_ACCOUNT, () -> s000.sdk.enrollment().start(s000.application(BOSS, "dev-1", "acct-boss")));
    }

    @Test
    @DisplayName("R2.7 R2.8 seed 001 at its default values: one shield per person per device, across enterprises; at most 6 devices per person")
    void bindingLimitsSeed001() {
        assertThat(BindingPolicy.seed001().maxDevicesPerPerson()).isEqualTo(6);
        World s001 = new World(b -> b.coolingOff(CoolingOffPolicy.none()).bindingPolicy(BindingPolicy.seed001()));
        s001.open(s001.application(World.ENTERPRISE2, World.BOSS2, "dev-1", "acct-zhao"), "135790");
        refused(ErrorCode.DUPLICATE_APPLICATION, () -> s001.sdk.enrollment().start(s001.application(World.MORE_ENTERPRISES.get(0),
                World.BOSS2, "dev-1", "acct-zhao")));
        for (int d = 2; d <= 6; d++) {
            s001.clock.advance(java.time.Duration.ofDays(1)); // the face and SMS limits are per day
            assertThat(s001.open(s001.application(World.ENTERPRISE2, World.BOSS2, "dev-" + d, "acct-zhao"), "135790").status())
                    .as("device %d of 6 in one enterprise", d).isEqualTo(ShieldStatus.ACTIVE);
        }
        refused(ErrorCode.BINDING_LIMIT_REACHED, () -> s001.sdk.enrollment().start(s001.application(World.MORE_ENTERPRISES.get(0),
                World.BOSS2, "dev-7", "acct-zhao")));
    }

    @Test
    @DisplayName("R2.7 the defaults (000 and 001 combined): 5 shields on one device, 6 devices per person, one per person per device across enterprises")
    void bindingDefaults() {
        BindingPolicy d = BindingPolicy.defaults();
        assertThat(d.maxShieldsPerDevice()).isEqualTo(5);
        assertThat(d.maxDevicesPerPerson()).isEqualTo(6);
        assertThat(d.onePerPersonPerEnterprise()).isTrue();
        assertThat(d.onePerPersonPerDevice()).isTrue();
        w.open(w.application(World.ENTERPRISE2, World.BOSS2, "dev-1", "acct-zhao"), "135790");
        refused(ErrorCode.DUPLICATE_APPLICATION, () -> w.sdk.enrollment().start(w.application(World.MORE_ENTERPRISES.get(0),
                World.BOSS2, "dev-1", "acct-zhao")));
        for (int i = 0; i < 5; i++) {
            w.clock.advance(java.time.Duration.ofDays(1)); // the face and SMS limits are per day
            assertThat(w.open(w.application(World.MORE_ENTERPRISES.get(i), World.BOSS2, "dev-" + (i + 2), "acct-zhao"), "135790").status())
                    .as("six enterprises on six devices").isEqualTo(ShieldStatus.ACTIVE);
        }
    }

    @Test
    @DisplayName("R2.7 at most 6 devices per person")
    void devicesPerPerson() {
        World multi = new World(b -> b.coolingOff(CoolingOffPolicy.none())
                .bindingPolicy(BindingPolicy.defaults().toBuilder().onePerPersonPerEnterprise(false).maxDevicesPerPerson(2).build()));
        multi.open(BOSS, "dev-1", "acct-boss", "135790");
        multi.open(BOSS, "dev-2", "acct-boss", "135790");
        refused(ErrorCode.BINDING_LIMIT_REACHED, () -> multi.sdk.enrollment().start(multi.application(BOSS, "dev-3", "acct-boss")));
    }

    @Test
    @DisplayName("R2.8 a second application on the same device fails; by policy it also suspends the existing shield")
    void duplicateApplication() {
        World dup = new World(b -> b.coolingOff(CoolingOffPolicy.none())
                .bindingPolicy(BindingPolicy.defaults().toBuilder().onePerPersonPerEnterprise(false)
                        .duplicateAction(DuplicateAction.REJECT_AND_SUSPEND_EXISTING).build()));
        ShieldDetails first = dup.open(BOSS, "dev-1", "acct-boss", "135790");
        refused(ErrorCode.DUPLICATE_APPLICATION, () -> dup.sdk.enrollment().start(dup.application(BOSS, "dev-1", "acct-boss")));
        assertThat(dup.sdk.shields().details(first.number()).status()).isEqualTo(ShieldStatus.FROZEN);
        refused(ErrorCode.FORBIDDEN, () -> dup.sdk.administration().unfreeze(first.number(), World.legalRep(World.ENTERPRISE)));

        World plain = new World(b -> b.coolingOff(CoolingOffPolicy.none())
                .bindingPolicy(BindingPolicy.defaults().toBuilder().onePerPersonPerEnterprise(false).build()));
        ShieldDetails kept = plain.open(BOSS, "dev-1", "acct-boss", "135790");
        refused(ErrorCode.DUPLICATE_APPLICATION, () -> plain.sdk.enrollment().start(plain.application(BOSS, "dev-1", "acct-boss")));
        assertThat(plain.sdk.shields().details(kept.number()).status()).isEqualTo(ShieldStatus.ACTIVE);
    }

    @Test
    @DisplayName("R2.9 a device holding a shield is locked to the account that applied")
    void deviceLock() {
        w.open(BOSS, "dev-1", "acct-boss", "135790");
        w.sdk.permissions().grant(World.superAdmin(World.ENTERPRISE), World.ENTERPRISE, OPERATOR);
        refused(ErrorCode.DEVICE_LOCKED_TO_OTHER_ACCOUNT, () -> w.sdk.enrollment().start(w.application(OPERATOR, "dev-1", "acct-other")));
    }

    @Test
    @DisplayName("R2.10 an interrupted issuance is retried without a second certificate; a reused request id with other content is refused")
    void idempotentIssuance() {
        Application app = w.application(BOSS, "dev-1", "acct-boss");
        EnrollmentSession s = w.sdk.enrollment().start(app);
        assertThat(w.sdk.enrollment().start(app)).isEqualTo(s);
        w.sdk.enrollment().acceptAgreement(s.id(), "v1");
        w.sdk.enrollment().sendSmsCode(s.id());
        w.sdk.enrollment().verifySmsCode(s.id(), w.lastCode(BOSS));
        w.sdk.enrollment().verifyFace(s.id(), FACE);
        w.sdk.enrollment().chooseAuthentication(s.id(), AuthMethod.PIN, Optional.of(World.pinBlock(w.sdk.enrollment().pinChallenge(s.id()), "135790")));
        w.sdk.enrollment().prepareKey(s.id(), new KeyProposal.DeviceKey());
        byte[] csr = World.csr(World.phoneKeyPair(), "张三");
        long issuedBefore = w.issuedCertificates();
        ShieldDetails first = w.sdk.enrollment().complete(s.id(), csr);
        ShieldDetails again = w.sdk.enrollment().complete(s.id(), csr);
        assertThat(again).isEqualTo(first);
        assertThat(w.issuedCertificates() - issuedBefore).as("certificates issued").isEqualTo(1);
        Application other = new Application(app.requestId(), app.enterprise(), app.creditCode(), app.applicant(), app.name(), app.userType(),
                new DeviceInfo(DeviceId.of("dev-7"), UserId.of("acct-boss"), Set.of(AuthMethod.PIN)), CustodyMode.DEVICE, KeyAlgorithm.EC_P256);
        refused(ErrorCode.IDEMPOTENCY_CONFLICT, () -> w.sdk.enrollment().start(other));
    }

    @Test
    @DisplayName("R1.3 only people on the filing, with matching name, type and the enterprise's credit code, may apply")
    void filingMatch() {
        Application app = w.application(BOSS, "dev-1", "acct-boss");
        Application wrongName = new Application("x1", app.enterprise(), app.creditCode(), app.applicant(), PersonName.of("张四"), app.userType(),
                app.device(), app.custody(), app.algorithm());
        Application wrongType = new Application("x2", app.enterprise(), app.creditCode(), app.applicant(), app.name(), UserType.OPERATOR,
                app.device(), app.custody(), app.algorithm());
        Application unknownEnterprise = new Application("x3", io.mshield.identity.EnterpriseId.of("ent-x"), app.creditCode(), app.applicant(), app.name(),
                app.userType(), app.device(), app.custody(), app.algorithm());
        refused(ErrorCode.FILING_MISMATCH, () -> w.sdk.enrollment().start(wrongName));
        refused(ErrorCode.FILING_MISMATCH, () -> w.sdk.enrollment().start(wrongType));
        refused(ErrorCode.FILING_MISMATCH, () -> w.sdk.enrollment().start(unknownEnterprise));
        Application wrongCreditCode = new Application("x4", app.enterprise(), World.CREDIT_CODE2, app.applicant(), app.name(),
                app.userType(), app.device(), app.custody(), app.algorithm());
        long entries = w.sdk.audit().verify().entriesChecked();
        refused(ErrorCode.FILING_MISMATCH, () -> w.sdk.enrollment().start(wrongCreditCode));
        assertThat(w.sdk.audit().verify().entriesChecked()).isEqualTo(entries);
        assertThat(w.sdk.enrollment().start(app).next()).isNotNull();
        refused(ErrorCode.FILING_MISMATCH, () -> w.sdk.enrollment().start(w.application(io.mshield.identity.ResidentIdNumber.of("320102198506151236"), "dev-3", "a")));
    }

    @Test
    @DisplayName("R2.5 a CSR without proof of possession, for another name, or for a wrong key is refused and nothing is issued")
    void badCsr() {
        EnrollmentSession s = upToAuthentication(OPERATOR2, "dev-3");
        w.sdk.enrollment().chooseAuthentication(s.id(), AuthMethod.PIN, Optional.of(World.pinBlock(w.sdk.enrollment().pinChallenge(s.id()), "135790")));
        w.sdk.enrollment().prepareKey(s.id(), new KeyProposal.DeviceKey());
        long issuedBefore = w.issuedCertificates();
        refused(ErrorCode.CSR_INVALID, () -> w.sdk.enrollment().complete(s.id(), new byte[]{0x30, 0x00}));
        refused(ErrorCode.CSR_INVALID, () -> w.sdk.enrollment().complete(s.id(), World.csr(World.phoneKeyPair(), "张三")));
        assertThat(w.issuedCertificates()).as("certificates issued").isEqualTo(issuedBefore);
        KeyPair keys = World.phoneKeyPair();
        assertThat(w.sdk.enrollment().complete(s.id(), World.csr(keys, "王五")).status()).isEqualTo(ShieldStatus.ACTIVE);
    }

    @Test
    @DisplayName("R2.2 a session expires; its pending shield gives its bindings back")
    void sessionExpiry() {
        EnrollmentSession s = w.sdk.enrollment().start(w.application(BOSS, "dev-1", "acct-boss"));
        w.clock.advance(Duration.ofMinutes(31));
        refused(ErrorCode.ENROLLMENT_EXPIRED, () -> w.sdk.enrollment().acceptAgreement(s.id(), "v1"));
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", "135790");
        assertThat(d.status()).isEqualTo(ShieldStatus.ACTIVE);
        assertThat(w.sdk.shields().details(s.shieldNumber()).status()).isEqualTo(ShieldStatus.REVOKED);
    }

    @Test
    @DisplayName("R2.5 HOSTED custody: the bank generates the whole key in its key storage and certifies it; no CSR from the phone")
    void hosted() {
        Application dev = w.application(BOSS, "dev-1", "acct-boss");
        Application app = new Application("hosted-1", dev.enterprise(), dev.creditCode(), dev.applicant(), dev.name(), dev.userType(), dev.device(),
                CustodyMode.HOSTED, KeyAlgorithm.EC_P256);
        EnrollmentSession s = w.sdk.enrollment().start(app);
        w.sdk.enrollment().acceptAgreement(s.id(), "v1");
        w.sdk.enrollment().sendSmsCode(s.id());
        w.sdk.enrollment().verifySmsCode(s.id(), w.lastCode(BOSS));
        w.sdk.enrollment().verifyFace(s.id(), FACE);
        w.sdk.enrollment().chooseAuthentication(s.id(), AuthMethod.PIN, Optional.of(World.pinBlock(w.sdk.enrollment().pinChallenge(s.id()), "135790")));
        refused(ErrorCode.INVALID_ARGUMENT, () -> w.sdk.enrollment().prepareKey(s.id(), new KeyProposal.DeviceKey()));
        var setup = w.sdk.enrollment().prepareKey(s.id(), new KeyProposal.HostedKey());
        assertThat(setup.publicKey()).isPresent();
        refused(ErrorCode.CSR_INVALID, () -> w.sdk.enrollment().complete(s.id(), new byte[]{1}));
        ShieldDetails d = w.sdk.enrollment().complete(s.id(), new byte[0]);
        assertThat(d.custody()).isEqualTo(CustodyMode.HOSTED);
        assertThat(d.status()).isEqualTo(ShieldStatus.ACTIVE);
        assertThat(w.sdk.shields().checkPin(d.number(), w.pin(d.number(), "135790"))).isInstanceOf(io.mshield.pin.PinCheck.Accepted.class);
        assertThat(w.sdk.shields().checkHealth(d.number(), false).status()).isEqualTo(ShieldStatus.ACTIVE);
    }

    @Test
    @DisplayName("R2.5 COLLABORATIVE custody is refused with a clear error when the key storage holds no two-party SM2 shares")
    void collaborativeNeedsSupport() {
        Application dev = w.application(BOSS, "dev-1", "acct-boss");
        refused(ErrorCode.ALGORITHM_NOT_SUPPORTED, () -> w.sdk.enrollment().start(new Application("c-1", dev.enterprise(), dev.creditCode(), dev.applicant(),
                dev.name(), dev.userType(), dev.device(), CustodyMode.COLLABORATIVE, KeyAlgorithm.SM2)));
    }

    @Test
    @DisplayName("R2.5 HOSTED custody in an algorithm the bank's key storage cannot hold is refused with a clear error")
    void hostedNeedsTheAlgorithm() {
        // the real key storages hold every algorithm; an HSM that holds P-256 only is forced with the TestCrypto double
        World p256Only = new World(b -> b.coolingOff(io.mshield.limit.CoolingOffPolicy.none()).crypto(new io.mshield.core.fixtures.TestCrypto()));
        Application dev = p256Only.application(BOSS, "dev-1", "acct-boss");
        refused(ErrorCode.ALGORITHM_NOT_SUPPORTED, () -> p256Only.sdk.enrollment().start(new Application("h-1", dev.enterprise(), dev.creditCode(),
                dev.applicant(), dev.name(), dev.userType(), dev.device(), CustodyMode.HOSTED, KeyAlgorithm.ED25519)));
    }

    @Test
    @DisplayName("R1.1 someone not entitled cannot apply")
    void notEntitled() {
        refused(ErrorCode.NOT_ENTITLED, () -> w.sdk.enrollment().start(w.application(OPERATOR, "dev-2", "acct-op")));
        assertThat(auditCount()).isZero();
    }

    private void grant(io.mshield.identity.ResidentIdNumber person) {
        w.sdk.permissions().grant(World.superAdmin(World.ENTERPRISE), World.ENTERPRISE, person);
    }

    private EnrollmentSession upToAuthentication(io.mshield.identity.ResidentIdNumber person, String device) {
        if (!person.equals(BOSS)) {
            w.sdk.permissions().grant(World.superAdmin(World.ENTERPRISE), World.ENTERPRISE, person);
        }
        EnrollmentSession s = w.sdk.enrollment().start(w.application(person, device, "acct-" + device));
        w.sdk.enrollment().acceptAgreement(s.id(), "v1");
        w.sdk.enrollment().sendSmsCode(s.id());
        w.sdk.enrollment().verifySmsCode(s.id(), w.lastCode(person));
        w.sdk.enrollment().verifyFace(s.id(), FACE);
        return s;
    }

    private ShieldDetails finish(EnrollmentSession s, io.mshield.identity.ResidentIdNumber person) {
        w.sdk.enrollment().prepareKey(s.id(), new KeyProposal.DeviceKey());
        return w.sdk.enrollment().complete(s.id(), World.csr(World.phoneKeyPair(), World.nameOf(person).value()));
    }
}
