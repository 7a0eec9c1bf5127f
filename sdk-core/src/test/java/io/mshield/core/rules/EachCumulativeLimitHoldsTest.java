package io.mshield.core.rules;

import io.mshield.ErrorCode;
import io.mshield.core.fixtures.World;
import io.mshield.identity.ShieldNumber;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.limit.CumulativeLimits;
import io.mshield.limit.Money;
import io.mshield.limit.Scenario;
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

import static io.mshield.core.fixtures.World.BOSS;
import static io.mshield.core.fixtures.World.ENTERPRISE;
import static io.mshield.core.fixtures.World.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * R6.6: each of the four cumulative limits — daily and monthly, per shield and per enterprise — is
 * enforced when it is the only one configured, counts what was signed before, and names itself in
 * the refusal; a limit in another currency than the payment refuses it rather than comparing.
 *
 * <p>The world's clock starts on 22 November 2026, 10:00 in the bank's zone (Asia/Shanghai).
 */
class EachCumulativeLimitHoldsTest {
    private static final String PIN = "135790";
    private static final Party PAYER = new Party("厦门测试有限公司", "6222000000000001", "厦门银行");
    private static final Party PAYEE = new Party("上海供应商有限公司", "6222000000000002", "工商银行");
    private static final Money LIMIT = Money.cny("100.00");

    private static World world(CumulativeLimits limits) {
        return new World(b -> b.coolingOff(CoolingOffPolicy.none()).cumulativeLimits(limits));
    }

    private static Transaction transfer(String amount) {
        return new Transaction("ref-" + amount, Scenario.OTHER, Money.cny(amount), PAYER, Optional.of(PAYEE), List.of(), "mobile",
                "付款 " + amount + " 元");
    }

    private static Authorization authorize(World w, ShieldNumber shield, String amount) {
        return w.sdk.transactions().authorize(shield, transfer(amount), Authenticator.SHIELD);
    }

    /** Authorizes and signs a payment: what it reserved is then used for good. */
    private static void pay(World w, ShieldNumber shield, String amount) {
        Authorization.Allowed a = (Authorization.Allowed) authorize(w, shield, amount);
        assertThat(w.sdk.transactions().complete(a.id(), w.deviceSign(shield, a.signedContent()), Optional.of(w.pin(shield, PIN)))
                .record().outcome()).isEqualTo(SignatureRecord.Outcome.ACCEPTED);
    }

    private static void assertRefusedBy(Authorization a, String limit) {
        assertThat(a).isInstanceOfSatisfying(Authorization.Denied.class, d -> {
            assertThat(d.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
            assertThat(d.explanation()).contains(limit).contains("100.00");
        });
    }

    /** Two holders of the same enterprise, each with a shield. */
    private static ShieldNumber[] twoHolders(World w) {
        w.sdk.permissions().grant(World.superAdmin(ENTERPRISE), ENTERPRISE, OPERATOR);
        ShieldDetails boss = w.open(BOSS, "dev-1", "acct-boss", PIN);
        ShieldDetails operator = w.open(OPERATOR, "dev-2", "acct-op", PIN);
        return new ShieldNumber[]{boss.number(), operator.number()};
    }

    @Test
    @DisplayName("a monthly limit per shield counts the month's earlier days and starts again next month")
    void monthlyPerShield() {
        World w = world(CumulativeLimits.builder().monthlyPerShield(LIMIT).build());
        ShieldNumber s = w.open(BOSS, "dev-1", "acct-boss", PIN).number();
        pay(w, s, "60.00");
        w.clock.advance(Duration.ofDays(1));
        assertRefusedBy(authorize(w, s, "60.00"), "monthly limit of the shield");
        assertThat(authorize(w, s, "40.00")).isInstanceOf(Authorization.Allowed.class);
        w.clock.advance(Duration.ofDays(10));
        assertThat(authorize(w, s, "60.00")).as("December").isInstanceOf(Authorization.Allowed.class);
    }

    @Test
    @DisplayName("a daily limit per enterprise counts every shield of the enterprise, and starts again the next day")
    void dailyPerEnterprise() {
        World w = world(CumulativeLimits.builder().dailyPerEnterprise(LIMIT).build());
        ShieldNumber[] s = twoHolders(w);
        pay(w, s[0], "60.00");
        assertRefusedBy(authorize(w, s[1], "60.00"), "daily limit of the enterprise");
        w.clock.advance(Duration.ofDays(1));
        assertThat(authorize(w, s[1], "60.00")).isInstanceOf(Authorization.Allowed.class);
    }

    @Test
    @DisplayName("a monthly limit per enterprise counts every shield of the enterprise across the month's days")
    void monthlyPerEnterprise() {
        World w = world(CumulativeLimits.builder().monthlyPerEnterprise(LIMIT).build());
        ShieldNumber[] s = twoHolders(w);
        pay(w, s[0], "60.00");
        w.clock.advance(Duration.ofDays(1));
        assertRefusedBy(authorize(w, s[1], "60.00"), "monthly limit of the enterprise");
        w.clock.advance(Duration.ofDays(10));
        assertThat(authorize(w, s[1], "60.00")).as("December").isInstanceOf(Authorization.Allowed.class);
    }

    @Test
    @DisplayName("a limit in another currency refuses the payment with INVALID_AMOUNT and reserves nothing")
    void otherCurrency() {
        World w = world(CumulativeLimits.builder().dailyPerShield(Money.of("100.00", "USD")).build());
        ShieldNumber s = w.open(BOSS, "dev-1", "acct-boss", PIN).number();
        assertThat(authorize(w, s, "1.00")).isInstanceOfSatisfying(Authorization.Denied.class, d -> {
            assertThat(d.code()).isEqualTo(ErrorCode.INVALID_AMOUNT);
            assertThat(d.explanation()).contains("USD").contains("CNY");
        });
    }
}
