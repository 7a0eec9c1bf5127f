package io.mshield.core.rules;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.core.fixtures.World;
import io.mshield.enrollment.EnrollmentSession;
import io.mshield.enrollment.KeyProposal;
import io.mshield.enrollment.OneTimeCode;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.pin.AuthMethod;
import io.mshield.shield.HolderOperation;
import io.mshield.shield.ShieldDetails;
import io.mshield.shield.ShieldStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.time.Duration;
import java.util.Optional;

import static io.mshield.core.fixtures.Refusals.refused;
import static io.mshield.core.fixtures.World.BOSS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * R1.3, R3.4: the bank's CA certifies a shield only for an enterprise whose filing it can read at
 * that moment, and renews it only for a holder that filing still lists as they applied. Attacks the
 * filing look-ups made when a certificate is made: the enterprise's filing gone between the start of
 * an application and its completion, or before a renewal, and a holder no longer on the filing or on
 * it under another user type, are {@code FILING_MISMATCH} — no certificate is issued, the shield
 * stays as it was, and the step can be taken again (with the same SMS code, for the renewal) once the
 * filing is back.
 */
class NoCertificateWithoutAFilingTest {
    private static final String PIN = "135790";
    private static final Actor HOLDER = Actor.holder("acct-boss");

    private final SwitchableFiling filing = new SwitchableFiling();
    private final World w = new World(b -> b.coolingOff(CoolingOffPolicy.none()).identityRegistry(filing));

    /** Moves the clock into the shield's renewal window and sends the holder a renewal code. */
    private OneTimeCode dueWithARenewalCode(ShieldDetails d) {
        w.clock.set(d.certificate().orElseThrow().notAfter().minus(Duration.ofDays(100)));
        w.sdk.shields().sendSmsCode(d.number(), HOLDER, HolderOperation.RENEWAL);
        return w.lastCode(BOSS);
    }

    @Test
    @DisplayName("a filing gone before the application completes: FILING_MISMATCH, no certificate, the shield still PENDING; completed once it is back")
    void enrollment() {
        EnrollmentSession s = Enrollments.upToAuthentication(w, w.application(BOSS, "dev-1", "acct-boss"));
        w.sdk.enrollment().chooseAuthentication(s.id(), AuthMethod.PIN, Optional.of(World.pinBlock(w.sdk.enrollment().pinChallenge(s.id()), PIN)));
        w.sdk.enrollment().prepareKey(s.id(), new KeyProposal.DeviceKey());
        byte[] csr = World.csr(World.phoneKeyPair(), "张三");
        long issued = w.issuedCertificates();

        filing.gone = true;
        refused(ErrorCode.FILING_MISMATCH, () -> w.sdk.enrollment().complete(s.id(), csr));
        assertThat(w.issuedCertificates()).isEqualTo(issued);
        assertThat(w.sdk.shields().details(s.shieldNumber()).status()).isEqualTo(ShieldStatus.PENDING);
        assertThat(w.sdk.shields().details(s.shieldNumber()).certificate()).isEmpty();

        filing.gone = false;
        ShieldDetails d = w.sdk.enrollment().complete(s.id(), csr);
        assertThat(d.status()).isEqualTo(ShieldStatus.ACTIVE);
        assertThat(w.issuedCertificates()).isEqualTo(issued + 1);
    }

    @Test
    @DisplayName("a filing gone before a renewal: FILING_MISMATCH before the code or PIN is looked at; renewed with the same code once it is back")
    void renewal() {
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        OneTimeCode code = dueWithARenewalCode(d);
        KeyPair keys = World.phoneKeyPair();
        long issued = w.issuedCertificates();

        filing.gone = true;
        refused(ErrorCode.FILING_MISMATCH, () -> w.sdk.shields().renew(d.number(), HOLDER, w.pin(d.number(), PIN), code, World.csr(keys, "张三")));
        assertThat(w.issuedCertificates()).isEqualTo(issued);
        assertThat(w.sdk.shields().details(d.number()).certificate()).isEqualTo(d.certificate());
        assertThat(w.sdk.audit().read(1, 1000)).noneSatisfy(e -> assertThat(e.action()).isIn("shield.renewed", "pin.accepted", "pin.rejected",
                "shield.otp_rejected"));

        filing.gone = false;
        ShieldDetails renewed = w.sdk.shields().renew(d.number(), HOLDER, w.pin(d.number(), PIN), code, World.csr(keys, "张三"));
        assertThat(renewed.certificate().orElseThrow().serialHex()).isNotEqualTo(d.certificate().orElseThrow().serialHex());
        assertThat(w.issuedCertificates()).isEqualTo(issued + 1);
    }

    @Test
    @DisplayName("a holder no longer on the filing, or on it under another user type, renews nothing: FILING_MISMATCH")
    void holderNotOnTheFilingAsBefore() {
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        OneTimeCode code = dueWithARenewalCode(d);
        KeyPair keys = World.phoneKeyPair();
        long issued = w.issuedCertificates();

        filing.retyped.put(BOSS, io.mshield.identity.UserType.OPERATOR);
        refused(ErrorCode.FILING_MISMATCH, () -> w.sdk.shields().renew(d.number(), HOLDER, w.pin(d.number(), PIN), code, World.csr(keys, "张三")));
        filing.retyped.clear();
        filing.left.add(BOSS);
        refused(ErrorCode.FILING_MISMATCH, () -> w.sdk.shields().renew(d.number(), HOLDER, w.pin(d.number(), PIN), code, World.csr(keys, "张三")));
        assertThat(w.issuedCertificates()).isEqualTo(issued);
        assertThat(w.sdk.shields().details(d.number()).certificate()).isEqualTo(d.certificate());

        filing.left.clear();
        assertThat(w.sdk.shields().renew(d.number(), HOLDER, w.pin(d.number(), PIN), code, World.csr(keys, "张三")).certificate().orElseThrow()
                .serialHex()).isNotEqualTo(d.certificate().orElseThrow().serialHex());
    }
}
