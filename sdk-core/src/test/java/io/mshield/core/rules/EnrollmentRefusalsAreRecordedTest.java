package io.mshield.core.rules;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.audit.AuditEntry;
import io.mshield.core.fixtures.World;
import io.mshield.enrollment.EnrollmentId;
import io.mshield.enrollment.EnrollmentSession;
import io.mshield.enrollment.FaceVerifier;
import io.mshield.enrollment.KeyProposal;
import io.mshield.enrollment.OneTimeCode;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.pin.AuthMethod;
import io.mshield.shield.ShieldDetails;
import io.mshield.shield.ShieldStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static io.mshield.core.fixtures.Refusals.refused;
import static io.mshield.core.fixtures.World.BOSS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * R2.1, R2.2, R3.5: an enrollment's refusals say what was wrong — an unknown session, an agreement
 * version out of bounds, a code checked before one was sent — and the ones that count (a wrong SMS
 * code, a failed face comparison) are audited as refusals; a reissue is recorded as replacing the old
 * shield, takes the holder's place in the enterprise, and completes even when the old shield was
 * voided meanwhile.
 */
class EnrollmentRefusalsAreRecordedTest {
    private static final String PIN = "135790";
    private static final FaceVerifier.FaceCapture FACE = new FaceVerifier.FaceCapture(new byte[]{1});
    private final World w = new World(b -> b.coolingOff(CoolingOffPolicy.none()));

    private List<AuditEntry> audited(String action) {
        return w.sdk.audit().read(1, 1000).stream().filter(e -> e.action().equals(action)).toList();
    }

    @Test
    @DisplayName("an unknown session is ENROLLMENT_EXPIRED; the agreement version is 1-32 characters; no code was sent yet is OTP_EXPIRED")
    void boundaries() {
        refused(ErrorCode.ENROLLMENT_EXPIRED, () -> w.sdk.enrollment().acceptAgreement(new EnrollmentId("0123456789abcdef0123456789abcdef"), "v1"));
        EnrollmentSession s = w.sdk.enrollment().start(w.application(BOSS, "dev-1", "acct-boss"));
        refused(ErrorCode.AGREEMENT_NOT_ACCEPTED, () -> w.sdk.enrollment().acceptAgreement(s.id(), "v".repeat(33)));
        w.sdk.enrollment().acceptAgreement(s.id(), "v".repeat(32));
        assertThat(audited("enrollment.agreement_accepted")).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("version", "v".repeat(32)));
        refused(ErrorCode.OTP_EXPIRED, () -> w.sdk.enrollment().verifySmsCode(s.id(), OneTimeCode.of("000000")));
    }

    @Test
    @DisplayName("a wrong SMS code and a failed face comparison are audited as refusals, with the attempts left and the vendor's reference")
    void refusalsAudited() {
        EnrollmentSession s = w.sdk.enrollment().start(w.application(BOSS, "dev-1", "acct-boss"));
        w.sdk.enrollment().acceptAgreement(s.id(), "v1");
        w.sdk.enrollment().sendSmsCode(s.id());
        OneTimeCode right = w.lastCode(BOSS);
        OneTimeCode wrong = OneTimeCode.of(right.toUtf8Bytes()[0] == '9' ? "000000" : "999999");
        ShieldException e = assertThrows(ShieldException.class, () -> w.sdk.enrollment().verifySmsCode(s.id(), wrong));
        assertThat(e.code()).isEqualTo(ErrorCode.OTP_INCORRECT);
        assertThat(audited("enrollment.otp_rejected")).singleElement().satisfies(x -> {
            assertThat(x.outcome()).isEqualTo(AuditEntry.Outcome.REFUSED);
            assertThat(x.subject()).isEqualTo(s.shieldNumber().value());
            assertThat(x.details()).containsEntry("attemptsLeft", Integer.toString(e.attemptsLeft().orElseThrow()));
        });
        w.sdk.enrollment().verifySmsCode(s.id(), right);
        w.faceScore = 0.2;
        refused(ErrorCode.FACE_MISMATCH, () -> w.sdk.enrollment().verifyFace(s.id(), FACE));
        assertThat(audited("enrollment.face_rejected")).singleElement().satisfies(x -> {
            assertThat(x.outcome()).isEqualTo(AuditEntry.Outcome.REFUSED);
            assertThat(x.details()).containsKey("reference").containsEntry("live", "true");
        });
    }

    @Test
    @DisplayName("a reissue is audited as replacing the old shield, completes when the old one was voided meanwhile, and holds the enterprise place")
    void reissue() {
        ShieldDetails old = w.open(BOSS, "dev-1", "acct-boss", PIN);
        EnrollmentSession s = w.sdk.enrollment().startReissue(old.number(), w.application(BOSS, "dev-2", "acct-boss"));
        assertThat(audited("enrollment.reissue_started")).singleElement().satisfies(x -> {
            assertThat(x.subject()).isEqualTo(s.shieldNumber().value());
            assertThat(x.details()).containsEntry("replaces", old.number().value());
        });
        w.sdk.administration().voidShield(old.number(), World.legalRep(World.ENTERPRISE));
        refused(ErrorCode.ILLEGAL_STATE, () -> w.sdk.enrollment().startReissue(old.number(), w.application(BOSS, "dev-3", "acct-boss")));
        w.sdk.enrollment().acceptAgreement(s.id(), "v1");
        w.sdk.enrollment().sendSmsCode(s.id());
        w.sdk.enrollment().verifySmsCode(s.id(), w.lastCode(BOSS));
        w.sdk.enrollment().verifyFace(s.id(), FACE);
        w.sdk.enrollment().chooseAuthentication(s.id(), AuthMethod.PIN, Optional.of(World.pinBlock(w.sdk.enrollment().pinChallenge(s.id()), PIN)));
        w.sdk.enrollment().prepareKey(s.id(), new KeyProposal.DeviceKey());
        ShieldDetails fresh = w.sdk.enrollment().complete(s.id(), World.csr(World.phoneKeyPair(), "张三"));
        assertThat(fresh.status()).isEqualTo(ShieldStatus.ACTIVE);
        assertThat(w.sdk.shields().details(old.number()).status()).isEqualTo(ShieldStatus.REVOKED);
        refused(ErrorCode.BINDING_LIMIT_REACHED, () -> w.sdk.enrollment().start(w.application(BOSS, "dev-3", "acct-boss")));
    }
}
