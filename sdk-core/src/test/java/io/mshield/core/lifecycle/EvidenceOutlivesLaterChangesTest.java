package io.mshield.core.lifecycle;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.certificate.RevocationReason;
import io.mshield.core.fixtures.World;
import io.mshield.crypto.RevocationStatus;
import io.mshield.crypto.SignatureVerification;
import io.mshield.limit.Money;
import io.mshield.limit.Scenario;
import io.mshield.shield.HolderOperation;
import io.mshield.shield.ShieldDetails;
import io.mshield.transaction.Authenticator;
import io.mshield.transaction.Authorization;
import io.mshield.transaction.Party;
import io.mshield.transaction.SignatureReceipt;
import io.mshield.transaction.Transaction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import static io.mshield.core.fixtures.World.BOSS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * R6.6, R10.4: evidence stays valid. A payment accepted a moment before the shield is frozen,
 * reported lost, revoked or renewed — in the same second, as the soak of issue 19 found them —
 * keeps evidence that verifies afterwards, while the change itself takes effect at once: the
 * shield refuses to sign, and the CA answers "revoked" from the change's exact time.
 *
 * <p>Before the fix the CA dated every change at the start of its second (the engine's clock is
 * truncated to seconds), so a payment time-stamped earlier in that second read as signed after the
 * change; 58 of 7,072 accepted signatures of a soak failed so. On the real crypto (with its
 * time-stamping unit), in memory and on H2.
 */
class EvidenceOutlivesLaterChangesTest {
    private static final String PIN = "135790";
    private static final Actor HOLDER = Actor.holder("acct-boss");
    private static final Actor STAFF = World.staff("teller-9");
    private final World w = new World();

    private static Transaction transfer(String amount) {
        return new Transaction("ref-" + amount, Scenario.TRANSFER, Money.cny(amount), new Party("厦门测试有限公司", "6222000000000001", "厦门银行"),
                Optional.of(new Party("上海供应商有限公司", "6222000000000002", "工商银行")), List.of(), "mobile", "转账 " + amount + " 元");
    }

    private SignatureReceipt pay(ShieldDetails d, String amount) {
        Authorization.Allowed a = (Authorization.Allowed) w.sdk.transactions().authorize(d.number(), transfer(amount), Authenticator.SHIELD);
        return w.sdk.transactions().complete(a.id(), w.deviceSign(d.number(), a.signedContent()), Optional.of(w.pin(d.number(), PIN)));
    }

    private SignatureVerification verify(SignatureReceipt r) {
        return w.sdk.signatures().verifyEvidence(w.sdk.signatures().evidence(r.record().id()).orElseThrow());
    }

    private static BigInteger serial(ShieldDetails d) {
        return new BigInteger(d.certificate().orElseThrow().serialHex(), 16);
    }

    /**
     * Pays at .100 of a second, applies the change at .700 of the same second, and checks that
     * the payment's evidence still verifies on its time-stamp, that the CA's answer changed at the
     * change's exact time, and that the shield no longer signs (where the change stops it).
     */
    private void paymentThenChangeInTheSameSecond(ShieldDetails d, Consumer<ShieldDetails> change, RevocationReason reason) {
        Instant second = w.clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(60);
        w.clock.set(second.plusMillis(100));
        SignatureReceipt before = pay(d, "12.00");
        w.clock.set(second.plusMillis(700));
        change.accept(d);

        SignatureVerification v = verify(before);
        assertThat(v.failure()).as("why the evidence of the payment before the change fails").isEmpty();
        assertThat(v.valid()).isTrue();
        assertThat(v.timeSource()).isEqualTo(SignatureVerification.TimeSource.TIME_STAMP_TOKEN);
        assertThat(v.revocation().state()).isEqualTo(RevocationStatus.State.GOOD);
        // the change itself took effect at once: the CA answers "revoked" from its exact time on
        RevocationStatus now = w.statusOf(serial(d));
        assertThat(now.reason()).contains(reason);
        assertThat(now.revokedAt()).contains(second.plusMillis(700));
    }

    @Test
    @DisplayName("R10.4 a freeze in the same second as a payment: the payment's evidence verifies, the freeze stops the next one at once")
    void freeze() {
        ShieldDetails d = w.open(BOSS, "dev-ev-1", "acct-boss", PIN);
        paymentThenChangeInTheSameSecond(d, s -> w.sdk.administration().freeze(s.number(), STAFF), RevocationReason.CERTIFICATE_HOLD);
        assertThat(w.sdk.transactions().authorize(d.number(), transfer("1.00"), Authenticator.SHIELD))
                .isInstanceOfSatisfying(Authorization.Denied.class, den -> assertThat(den.code()).isEqualTo(ErrorCode.SHIELD_FROZEN));
    }

    @Test
    @DisplayName("R10.4 a loss report in the same second as a payment: the payment's evidence verifies")
    void lossReport() {
        ShieldDetails d = w.open(BOSS, "dev-ev-2", "acct-boss", PIN);
        paymentThenChangeInTheSameSecond(d, s -> w.sdk.administration().reportLoss(s.number(), HOLDER), RevocationReason.CERTIFICATE_HOLD);
    }

    @Test
    @DisplayName("R10.4 a revocation for good in the same second as a payment, after a freeze and its release: every payment's evidence verifies")
    void voidedAfterAFreezeAndRelease() {
        ShieldDetails d = w.open(BOSS, "dev-ev-3", "acct-boss", PIN);
        Instant second = w.clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(30);
        w.clock.set(second.plusMillis(100));
        SignatureReceipt first = pay(d, "3.00");
        w.clock.set(second.plusMillis(300));
        w.sdk.administration().freeze(d.number(), STAFF);
        w.clock.set(second.plusMillis(500));
        w.sdk.administration().unfreeze(d.number(), STAFF);
        w.clock.set(second.plusMillis(600));
        SignatureReceipt between = pay(d, "4.00");
        assertThat(verify(first).valid()).isTrue();
        assertThat(verify(between).valid()).isTrue();
        paymentThenChangeInTheSameSecond(d, s -> w.sdk.administration().voidShield(s.number(), STAFF), RevocationReason.CESSATION_OF_OPERATION);
        assertThat(verify(first).valid()).isTrue();
        assertThat(verify(between).valid()).isTrue();
    }

    @Test
    @DisplayName("R3.4 a renewal in the same second as a payment: the old certificate is superseded after it, and the payment's evidence verifies")
    void renewal() {
        ShieldDetails d = w.open(BOSS, "dev-ev-4", "acct-boss", PIN);
        Instant notAfter = d.certificate().orElseThrow().notAfter();
        w.clock.set(notAfter.minus(Duration.ofDays(100)));
        Instant second = w.clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(60);
        w.clock.set(second.plusMillis(100));
        w.sdk.shields().sendSmsCode(d.number(), HOLDER, HolderOperation.RENEWAL);
        SignatureReceipt before = pay(d, "12.00");
        w.clock.set(second.plusMillis(700));
        ShieldDetails renewed = w.sdk.shields().renew(d.number(), HOLDER, w.pin(d.number(), PIN), w.lastCode(BOSS),
                World.csr(w.deviceKey(d.number()), "张三"));

        assertThat(renewed.certificate().orElseThrow().serialHex()).isNotEqualTo(d.certificate().orElseThrow().serialHex());
        SignatureVerification v = verify(before);
        assertThat(v.failure()).as("why the evidence of the payment before the renewal fails").isEmpty();
        assertThat(v.valid()).isTrue();
        RevocationStatus old = w.statusOf(serial(d));
        assertThat(old.reason()).contains(RevocationReason.SUPERSEDED);
        assertThat(old.revokedAt()).contains(second.plusMillis(700));
    }
}
