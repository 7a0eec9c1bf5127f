package io.mshield.core.linked;

import io.mshield.ErrorCode;
import io.mshield.core.fixtures.World;
import io.mshield.enrollment.OneTimeCode;
import io.mshield.identity.DeviceId;
import io.mshield.limit.Channel;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.limit.Money;
import io.mshield.limit.Scenario;
import io.mshield.linked.IdentityChallenge;
import io.mshield.linked.LinkedAppPolicy;
import io.mshield.pin.PinPolicy;
import io.mshield.shield.ShieldDetails;
import io.mshield.signature.SignatureRecord;
import io.mshield.transaction.Authenticator;
import io.mshield.transaction.Authorization;
import io.mshield.transaction.Party;
import io.mshield.transaction.Transaction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.mshield.core.fixtures.Refusals.refused;
import static io.mshield.core.fixtures.World.BOSS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Payments through linked apps (R6.5, R9.3): a channel the policy maps to an app is that app's;
 * its cooling-off holds back high-risk payments, and a credential disabled there authorizes and
 * signs nothing more through it.
 */
class LinkedAppPaymentsTest {
    private static final String PIN = "135790";
    private static final String BANKING = "mobile-banking";
    private static final String INVEST = "invest";
    private static final DeviceId DEVICE = DeviceId.of("dev-1");
    private static final Party PAYER = new Party("厦门测试有限公司", "6222000000000001", "厦门银行");
    private static final Party PAYEE = new Party("上海供应商有限公司", "6222000000000002", "工商银行");
    static final LinkedAppPolicy POLICY = LinkedAppPolicy.seed004().withChannel(Channel.of("investment"), INVEST);

    private final World w = new World(b -> b.pinPolicy(PinPolicy.seed004()).coolingOff(CoolingOffPolicy.none()).linkedAppPolicy(POLICY));
    private final ShieldDetails shield = w.open(BOSS, "dev-1", "acct-boss", PIN);

    static Transaction payment(Scenario scenario, String amount, String channel) {
        return new Transaction("ref-" + channel + "-" + amount, scenario, Money.cny(amount), PAYER, Optional.of(PAYEE), List.of(), channel,
                scenario + " " + amount + " 元 给 上海供应商有限公司");
    }

    private OneTimeCode sms() {
        w.clock.advance(Duration.ofMinutes(2));
        w.sdk.linkedApps().sendSmsCode(shield.number());
        return w.lastCode(BOSS);
    }

    private void enableBanking() {
        IdentityChallenge c = w.sdk.linkedApps().identityChallenge(shield.number());
        StringBuilder digits = new StringBuilder();
        c.positions().forEach(p -> digits.append(BOSS.value().charAt(p - 1)));
        w.sdk.linkedApps().enable(shield.number(), BANKING, DEVICE, c.id(), digits.toString(), sms(), w.pin(shield.number(), PIN));
    }

    private Authorization authorize(Transaction t) {
        return w.sdk.transactions().authorize(shield.number(), t, Authenticator.SHIELD);
    }

    private static ErrorCode denial(Authorization a) {
        assertThat(a).isInstanceOf(Authorization.Denied.class);
        return ((Authorization.Denied) a).code();
    }

    private SignatureRecord.Outcome sign(Authorization a) {
        Authorization.Allowed allowed = (Authorization.Allowed) a;
        return w.sdk.transactions().complete(allowed.id(), w.deviceSign(shield.number(), allowed.signedContent()),
                Optional.of(w.pin(shield.number(), PIN))).record().outcome();
    }

    @Test
    @DisplayName("R6.5 a transfer through a newly linked app's channel is refused with COOLING_OFF for 6 h, a low-risk payment is not; after 6 h it is signed")
    void coolingOffInAuthorize() {
        enableBanking();
        w.sdk.linkedApps().sync(shield.number(), BANKING, INVEST, DEVICE, w.pin(shield.number(), PIN));
        long audit = w.sdk.audit().read(1, 1000).size();
        assertThat(denial(authorize(payment(Scenario.TRANSFER, "100.00", "mobile_banking")))).isEqualTo(ErrorCode.COOLING_OFF);
        assertThat(denial(authorize(payment(Scenario.PAYROLL, "100.00", "mobile_banking")))).isEqualTo(ErrorCode.COOLING_OFF);
        assertThat(w.sdk.audit().read(1, 1000)).hasSize((int) audit);
        // limited as the seed says: only high-risk payments wait; the investment app has no cooling-off
        assertThat(sign(authorize(payment(Scenario.OTHER, "100.00", "mobile_banking")))).isEqualTo(SignatureRecord.Outcome.ACCEPTED);
        assertThat(sign(authorize(payment(Scenario.TRANSFER, "100.00", "investment")))).isEqualTo(SignatureRecord.Outcome.ACCEPTED);
        // a channel that is no linked app's is not held back by the app's cooling-off
        assertThat(authorize(payment(Scenario.TRANSFER, "100.00", "counter"))).isInstanceOf(Authorization.Allowed.class);
        w.clock.advance(Duration.ofHours(6).minusMinutes(1));   // enabled 2 min after t0: one minute short of 6 h
        assertThat(denial(authorize(payment(Scenario.TRANSFER, "200.00", "mobile_banking")))).isEqualTo(ErrorCode.COOLING_OFF);
        w.clock.advance(Duration.ofMinutes(1));
        assertThat(sign(authorize(payment(Scenario.TRANSFER, "200.00", "mobile_banking")))).isEqualTo(SignatureRecord.Outcome.ACCEPTED);
    }

    @Test
    @DisplayName("R9.3 a payment through the channel of an app the credential is not enabled in is refused with LINKED_APP_DISABLED")
    void notEnabled() {
        assertThat(denial(authorize(payment(Scenario.OTHER, "10.00", "mobile_banking")))).isEqualTo(ErrorCode.LINKED_APP_DISABLED);
        assertThat(denial(authorize(payment(Scenario.OTHER, "10.00", "investment")))).isEqualTo(ErrorCode.LINKED_APP_DISABLED);
        enableBanking();
        assertThat(authorize(payment(Scenario.OTHER, "10.00", "mobile_banking"))).isInstanceOf(Authorization.Allowed.class);
        assertThat(denial(authorize(payment(Scenario.OTHER, "10.00", "investment")))).isEqualTo(ErrorCode.LINKED_APP_DISABLED);
    }

    @Test
    @DisplayName("R9.3 once disabled (in the other app), an open authorization of the app can no longer be signed and no new one is allowed; re-enabling restarts the cooling-off")
    void disabledAtOnce() {
        enableBanking();
        w.sdk.linkedApps().sync(shield.number(), BANKING, INVEST, DEVICE, w.pin(shield.number(), PIN));
        w.clock.advance(Duration.ofHours(6));
        Authorization open = authorize(payment(Scenario.TRANSFER, "300.00", "mobile_banking"));
        Authorization.Allowed allowed = (Authorization.Allowed) open;
        w.sdk.linkedApps().disable(shield.number(), INVEST, sms());
        byte[] signature = w.deviceSign(shield.number(), allowed.signedContent());
        refused(ErrorCode.LINKED_APP_DISABLED, () -> w.sdk.transactions().complete(allowed.id(), signature,
                Optional.of(w.pin(shield.number(), PIN))));
        // released: it stays refused, and nothing was recorded as signed
        refused(ErrorCode.LINKED_APP_DISABLED, () -> w.sdk.transactions().complete(allowed.id(), signature,
                Optional.of(w.pin(shield.number(), PIN))));
        assertThat(w.sdk.signatures().history(shield.number(), 0, 10)).isEmpty();
        assertThat(denial(authorize(payment(Scenario.TRANSFER, "300.00", "mobile_banking")))).isEqualTo(ErrorCode.LINKED_APP_DISABLED);
        assertThat(denial(authorize(payment(Scenario.OTHER, "1.00", "investment")))).isEqualTo(ErrorCode.LINKED_APP_DISABLED);
        // seed 004: enabling again in mobile banking takes effect for high-risk payments 6 h later
        enableBanking();
        assertThat(denial(authorize(payment(Scenario.TRANSFER, "300.00", "mobile_banking")))).isEqualTo(ErrorCode.COOLING_OFF);
    }

    @Test
    @DisplayName("R6.5 the policy maps channels to apps; a malformed mapping is refused")
    void policy() {
        assertThat(LinkedAppPolicy.seed004().appOf(Channel.of("mobile_banking"))).contains(BANKING);
        assertThat(LinkedAppPolicy.seed004().appOf(Channel.of("counter"))).isEmpty();
        assertThat(LinkedAppPolicy.seed004().coolingOff(BANKING)).isEqualTo(Duration.ofHours(6));
        assertThat(LinkedAppPolicy.seed004().isHighRisk(Scenario.TRANSFER)).isTrue();
        assertThat(LinkedAppPolicy.seed004().isHighRisk(Scenario.OTHER)).isFalse();
        refused(ErrorCode.INVALID_IDENTIFIER, () -> LinkedAppPolicy.none().withChannel(Channel.of("x"), "Not_An_App"));
        refused(ErrorCode.INVALID_POLICY, () -> LinkedAppPolicy.none().withHighRisk(java.util.Set.of()));
        assertThat(POLICY).isEqualTo(LinkedAppPolicy.seed004().withChannel(Channel.of("investment"), INVEST)).isNotEqualTo(LinkedAppPolicy.seed004());
    }
}
