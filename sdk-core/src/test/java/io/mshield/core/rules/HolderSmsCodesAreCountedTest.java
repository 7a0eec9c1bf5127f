package io.mshield.core.rules;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.audit.AuditEntry;
import io.mshield.core.fixtures.World;
import io.mshield.enrollment.FaceVerifier;
import io.mshield.enrollment.OneTimeCode;
import io.mshield.enrollment.OtpPolicy;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.shield.HolderOperation;
import io.mshield.shield.ShieldDetails;
import io.mshield.shield.ShieldStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.mshield.core.fixtures.Refusals.refused;
import static io.mshield.core.fixtures.World.BOSS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * R3.4, R3.6: the SMS codes of a holder's operations are counted. Attacks the bookkeeping of
 * {@code HolderChecks}: the per-phone daily cap (shared with enrollment) holds for the day and starts
 * again the next day; a code the gateway failed to send gives its place in the day back; a right code
 * resets the count of wrong ones, so a later typo is a wrong code and not the end of the code; a code
 * ended by too many wrong entries stops the operation before the face is compared; and a renewal's
 * code is used up by the renewal it verified.
 */
class HolderSmsCodesAreCountedTest {
    private static final String PIN = "135790";
    private static final Actor HOLDER = Actor.holder("acct-boss");
    private static final FaceVerifier.FaceCapture FACE = new FaceVerifier.FaceCapture(new byte[]{1});

    /** Three codes a day per phone; the enrollment's code is the first of them. */
    private final World w = new World(b -> b.coolingOff(CoolingOffPolicy.none()).otpPolicy(OtpPolicy.builder().dailyCap(3).build()));

    private int smsSent() {
        return w.allCodes().size();
    }

    private void send(ShieldDetails d, HolderOperation op) {
        w.clock.advance(Duration.ofMinutes(1));
        w.sdk.shields().sendSmsCode(d.number(), HOLDER, op);
    }

    private List<AuditEntry> audited(String action) {
        return w.sdk.audit().read(1, 1000).stream().filter(e -> e.action().equals(action)).toList();
    }

    private static OneTimeCode wrongFor(OneTimeCode code) {
        return OneTimeCode.of(code.toUtf8Bytes()[0] == '9' ? "000000" : "999999");
    }

    @Test
    @DisplayName("the daily cap per phone counts the enrollment's code, gives back a code the gateway failed, and opens again the next day")
    void dailyCapPerPhone() {
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        send(d, HolderOperation.RENEWAL);
        w.smsDown = true;
        w.clock.advance(Duration.ofMinutes(1));
        refused(ErrorCode.ADAPTER_FAILURE, () -> w.sdk.shields().sendSmsCode(d.number(), HOLDER, HolderOperation.RENEWAL));
        w.smsDown = false;
        send(d, HolderOperation.RENEWAL);
        assertThat(smsSent()).isEqualTo(3);
        w.clock.advance(Duration.ofMinutes(1));
        refused(ErrorCode.OTP_RATE_LIMITED, () -> w.sdk.shields().sendSmsCode(d.number(), HOLDER, HolderOperation.RENEWAL));
        refused(ErrorCode.OTP_RATE_LIMITED, () -> w.sdk.shields().sendSmsCode(d.number(), HOLDER, HolderOperation.SELF_REVOCATION));
        assertThat(smsSent()).isEqualTo(3);
        int entries = audited("shield.otp_sent").size();

        w.clock.advance(Duration.ofDays(1));
        send(d, HolderOperation.RENEWAL);
        assertThat(smsSent()).isEqualTo(4);
        assertThat(audited("shield.otp_sent")).hasSize(entries + 1).last().satisfies(e -> assertThat(e.details())
                .containsEntry("for", "RENEWAL"));
    }

    @Test
    @DisplayName("a right code resets the count of wrong ones: four wrong, the right one (face failed), then a typo is only a wrong code")
    void aRightCodeResetsTheWrongCount() {
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        w.hardwareKeys.add(BOSS);
        send(d, HolderOperation.SELF_REVOCATION);
        OneTimeCode code = w.lastCode(BOSS);
        for (int i = 0; i < 4; i++) {
            refused(ErrorCode.OTP_INCORRECT, () -> w.sdk.shields().revokeWithoutPin(d.number(), HOLDER, wrongFor(code), FACE));
        }
        assertThat(audited("shield.otp_rejected")).hasSize(4).allSatisfy(e -> {
            assertThat(e.outcome()).isEqualTo(AuditEntry.Outcome.REFUSED);
            assertThat(e.details()).containsEntry("for", "SELF_REVOCATION");
        });
        w.faceScore = 0.2;
        refused(ErrorCode.FACE_MISMATCH, () -> w.sdk.shields().revokeWithoutPin(d.number(), HOLDER, code, FACE));
        w.faceScore = 0.95;
        // the fifth and sixth tries of this code: counted from the right answer, not from the first try
        refused(ErrorCode.OTP_INCORRECT, () -> w.sdk.shields().revokeWithoutPin(d.number(), HOLDER, wrongFor(code), FACE));
        refused(ErrorCode.OTP_INCORRECT, () -> w.sdk.shields().revokeWithoutPin(d.number(), HOLDER, wrongFor(code), FACE));
        assertThat(w.sdk.shields().details(d.number()).status()).isEqualTo(ShieldStatus.ACTIVE);
        w.sdk.shields().revokeWithoutPin(d.number(), HOLDER, code, FACE);
        assertThat(w.sdk.shields().details(d.number()).status()).isEqualTo(ShieldStatus.REVOKED);
        assertThat(audited("shield.self_revoked_without_pin")).singleElement().satisfies(e -> assertThat(e.details())
                .containsEntry("from", "ACTIVE").containsEntry("to", "REVOKED"));
    }

    @Test
    @DisplayName("a renewal uses its SMS code up: a second renewal (after another filing change) with the same code is OTP_EXPIRED")
    void aRenewalCodeIsUsedOnce() {
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        // a changed filing makes a renewal due at any time (R3.4)
        w.filingRevision.incrementAndGet();
        send(d, HolderOperation.RENEWAL);
        OneTimeCode code = w.lastCode(BOSS);
        ShieldDetails renewed = w.sdk.shields().renew(d.number(), HOLDER, w.pin(d.number(), PIN), code, World.csr(World.phoneKeyPair(), "张三"));
        assertThat(renewed.certificate().orElseThrow().serialHex()).isNotEqualTo(d.certificate().orElseThrow().serialHex());

        w.filingRevision.incrementAndGet();
        long issued = w.issuedCertificates();
        refused(ErrorCode.OTP_EXPIRED, () -> w.sdk.shields().renew(d.number(), HOLDER, w.pin(d.number(), PIN), code,
                World.csr(World.phoneKeyPair(), "张三")));
        assertThat(w.issuedCertificates()).isEqualTo(issued);
        assertThat(w.sdk.shields().details(d.number()).certificate()).isEqualTo(renewed.certificate());
        assertThat(audited("shield.renewed")).hasSize(1);
    }

    @Test
    @DisplayName("a code ended by its fifth wrong entry stops the self-revocation before the face is compared: OTP_EXPIRED, no face try used")
    void anEndedCodeStopsBeforeTheFace() {
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        w.hardwareKeys.add(BOSS);
        send(d, HolderOperation.SELF_REVOCATION);
        OneTimeCode code = w.lastCode(BOSS);
        for (int i = 0; i < 5; i++) {
            refused(ErrorCode.OTP_INCORRECT, () -> w.sdk.shields().revokeWithoutPin(d.number(), HOLDER, wrongFor(code), FACE));
        }
        w.faceScore = 0.2;
        refused(ErrorCode.OTP_EXPIRED, () -> w.sdk.shields().revokeWithoutPin(d.number(), HOLDER, code, FACE));
        assertThat(audited("shield.face_rejected")).isEmpty();
        assertThat(w.sdk.shields().details(d.number()).status()).isEqualTo(ShieldStatus.ACTIVE);
    }
}
