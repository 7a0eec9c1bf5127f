package io.mshield.core.rules;

import io.mshield.ErrorCode;
import io.mshield.audit.AuditEntry;
import io.mshield.core.fixtures.World;
import io.mshield.crypto.bc.BouncyCastleCrypto;
import io.mshield.identity.DeviceId;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.limit.CumulativeLimits;
import io.mshield.linked.LinkedAppPolicy;
import io.mshield.limit.Money;
import io.mshield.limit.Scenario;
import io.mshield.linked.IdentityChallenge;
import io.mshield.pin.LockoutAction;
import io.mshield.pin.PinPolicy;
import io.mshield.shield.ShieldDetails;
import io.mshield.shield.ShieldStatus;
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
 * R6.6: what an authorization reserves of the day's limit comes back when it ends unsigned — cancelled,
 * expired, stopped by a PIN lock, or stopped because the credential was disabled in the linked app it
 * came through — at once, not only when it would have lapsed, and each such end is audited once.
 *
 * <p>Every test holds a whole daily limit of 100.00 CNY in one authorization, ends it, and then
 * authorizes the whole limit again, within the authorization's five minutes or from another shield of
 * the enterprise, so only a reservation given back when it ended makes room.
 */
class ReservedAmountsComeBackTest {
    private static final String PIN = "135790";
    private static final String WRONG = "246801";
    private static final String BANKING = "mobile-banking";
    private static final Party PAYER = new Party("厦门测试有限公司", "6222000000000001", "厦门银行");
    private static final Party PAYEE = new Party("上海供应商有限公司", "6222000000000002", "工商银行");
    private static final Money LIMIT = Money.cny("100.00");
    private static final BouncyCastleCrypto CRYPTO = BouncyCastleCrypto.create();

    private final World w = new World(b -> b.coolingOff(CoolingOffPolicy.none())
            .cumulativeLimits(CumulativeLimits.builder().dailyPerShield(LIMIT).build())
            .pinPolicy(PinPolicy.builder().maxAttempts(2).lockoutAction(LockoutAction.LOCK_UNTIL_BANK_RESET).allowBankReset(true).build())
            .linkedAppPolicy(LinkedAppPolicy.seed004()));

    private static Transaction transfer(String channel) {
        return new Transaction("ref-" + channel, Scenario.OTHER, LIMIT, PAYER, Optional.of(PAYEE), List.of(), channel, "付款 100.00 元");
    }

    private Authorization.Allowed holdTheWholeLimit(ShieldDetails d, String channel) {
        return (Authorization.Allowed) w.sdk.transactions().authorize(d.number(), transfer(channel), Authenticator.SHIELD);
    }

    private void assertTheLimitIsFree(ShieldDetails d) {
        assertThat(w.sdk.transactions().authorize(d.number(), transfer("mobile"), Authenticator.SHIELD))
                .as("the whole daily limit is free again").isInstanceOf(Authorization.Allowed.class);
    }

    private void assertTheLimitIsHeld(ShieldDetails d) {
        assertThat(w.sdk.transactions().authorize(d.number(), transfer("mobile"), Authenticator.SHIELD))
                .isInstanceOfSatisfying(Authorization.Denied.class, x -> assertThat(x.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED));
    }

    private List<AuditEntry> audited(String action) {
        return w.sdk.audit().read(1, 1000).stream().filter(e -> e.action().equals(action)).toList();
    }

    private void enableInBanking(ShieldDetails d) {
        IdentityChallenge c = w.sdk.linkedApps().identityChallenge(d.number());
        StringBuilder digits = new StringBuilder();
        c.positions().forEach(p -> digits.append(BOSS.value().charAt(p - 1)));
        w.sdk.linkedApps().sendSmsCode(d.number());
        w.sdk.linkedApps().enable(d.number(), BANKING, DeviceId.of(d.device().value()), c.id(), digits.toString(), w.lastCode(BOSS),
                w.pin(d.number(), PIN));
    }

    private void disableInBanking(ShieldDetails d) {
        w.clock.advance(Duration.ofMinutes(2));
        w.sdk.linkedApps().sendSmsCode(d.number());
        w.sdk.linkedApps().disable(d.number(), BANKING, w.lastCode(BOSS));
    }

    @Test
    @DisplayName("a cancelled authorization gives its amount back and is audited once, however often it is cancelled")
    void cancelled() {
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        Authorization.Allowed a = holdTheWholeLimit(d, "mobile");
        assertTheLimitIsHeld(d);
        w.sdk.transactions().cancel(a.id());
        w.sdk.transactions().cancel(a.id());
        assertThat(audited("transaction.cancelled")).singleElement().satisfies(e -> {
            assertThat(e.subject()).isEqualTo(d.number().value());
            assertThat(e.details()).containsEntry("authorization", a.id().value());
        });
        assertTheLimitIsFree(d);
        refused(ErrorCode.CHALLENGE_INVALID, () -> w.sdk.transactions().complete(a.id(), w.deviceSign(d.number(), a.signedContent()),
                Optional.of(w.pin(d.number(), PIN))));
    }

    @Test
    @DisplayName("an authorization found expired at its signature gives the enterprise's limit back then, not when its shield next authorizes")
    void expiredAtTheSignature() {
        World ew = new World(b -> b.coolingOff(CoolingOffPolicy.none())
                .cumulativeLimits(CumulativeLimits.builder().dailyPerEnterprise(LIMIT).build()));
        ew.sdk.permissions().grant(World.superAdmin(World.ENTERPRISE), World.ENTERPRISE, World.OPERATOR);
        ShieldDetails boss = ew.open(BOSS, "dev-1", "acct-boss", PIN);
        ShieldDetails operator = ew.open(World.OPERATOR, "dev-2", "acct-op", PIN);
        Authorization.Allowed a = (Authorization.Allowed) ew.sdk.transactions().authorize(boss.number(), transfer("mobile"), Authenticator.SHIELD);
        ew.clock.advance(Duration.ofMinutes(5));
        refused(ErrorCode.CHALLENGE_INVALID, () -> ew.sdk.transactions().complete(a.id(), ew.deviceSign(boss.number(), a.signedContent()),
                Optional.of(ew.pin(boss.number(), PIN))));
        assertThat(ew.sdk.transactions().authorize(operator.number(), transfer("mobile"), Authenticator.SHIELD))
                .as("the other shield of the enterprise has the whole limit").isInstanceOf(Authorization.Allowed.class);
        ew.sdk.transactions().cancel(a.id());
        assertThat(ew.sdk.audit().read(1, 1000)).as("it was closed when it was found expired")
                .noneMatch(e -> e.action().equals("transaction.cancelled"));
    }

    @Test
    @DisplayName("COLLABORATIVE: found expired at its co-sign round, an authorization gives the enterprise's limit back, and no PIN is counted")
    void expiredAtTheCoSignRound() {
        World cw = new World(b -> b.crypto(CRYPTO).coolingOff(CoolingOffPolicy.none()).pinPolicy(PinPolicy.seed002())
                .cumulativeLimits(CumulativeLimits.builder().dailyPerEnterprise(LIMIT).build()));
        cw.sdk.permissions().grant(World.superAdmin(World.ENTERPRISE), World.ENTERPRISE, World.OPERATOR);
        CollaborativeHolder h = new CollaborativeHolder(cw, BOSS, "acct-boss");
        h.open("phone-c");
        ShieldDetails operator = cw.open(World.OPERATOR, "dev-2", "acct-op", PIN);
        Authorization.Allowed a = h.authorize("100.00");
        cw.clock.advance(Duration.ofMinutes(5));
        refused(ErrorCode.CHALLENGE_INVALID, () -> cw.sdk.transactions().coSign(a.id(), h.proof(PIN), h.phone.startRound().q1()));
        assertThat(cw.sdk.transactions().authorize(operator.number(), transfer("mobile"), Authenticator.SHIELD))
                .as("the other shield of the enterprise has the whole limit").isInstanceOf(Authorization.Allowed.class);
        assertThat(cw.sdk.audit().read(1, 1000)).noneMatch(e -> e.action().equals("pin.rejected") || e.action().equals("cosign.payment"));
    }

    @Test
    @DisplayName("a wrong PIN that locks the shield at the signature gives the authorization's amount back")
    void lockedAtTheSignature() {
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        Authorization.Allowed a = holdTheWholeLimit(d, "mobile");
        byte[] signature = w.deviceSign(d.number(), a.signedContent());
        refused(ErrorCode.PIN_INCORRECT, () -> w.sdk.transactions().complete(a.id(), signature, Optional.of(w.pin(d.number(), WRONG))));
        refused(ErrorCode.PIN_LOCKED, () -> w.sdk.transactions().complete(a.id(), signature, Optional.of(w.pin(d.number(), WRONG))));
        assertThat(w.sdk.shields().details(d.number()).status()).isEqualTo(ShieldStatus.LOCKED);
        w.sdk.administration().resetPin(d.number(), World.staff("s-1"), w.pin(d.number(), "864202"));
        assertTheLimitIsFree(d);
        assertThat(w.sdk.signatures().history(d.number(), 0, 10)).isEmpty();
    }

    @Test
    @DisplayName("disabled in the linked app it came through: the authorization is refused, gives its amount back, and the refusal is audited")
    void disabledInTheLinkedApp() {
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        enableInBanking(d);
        Authorization.Allowed a = holdTheWholeLimit(d, "mobile_banking");
        disableInBanking(d);
        refused(ErrorCode.LINKED_APP_DISABLED, () -> w.sdk.transactions().complete(a.id(), w.deviceSign(d.number(), a.signedContent()),
                Optional.of(w.pin(d.number(), PIN))));
        assertThat(audited("transaction.app_disabled")).singleElement().satisfies(e -> {
            assertThat(e.subject()).isEqualTo(d.number().value());
            assertThat(e.outcome()).isEqualTo(AuditEntry.Outcome.REFUSED);
            assertThat(e.details()).containsEntry("authorization", a.id().value()).containsEntry("app", BANKING);
        });
        assertTheLimitIsFree(d);
        // closed: a second try is refused the same way and audits nothing more
        refused(ErrorCode.LINKED_APP_DISABLED, () -> w.sdk.transactions().complete(a.id(), w.deviceSign(d.number(), a.signedContent()),
                Optional.of(w.pin(d.number(), PIN))));
        assertThat(audited("transaction.app_disabled")).hasSize(1);
    }

    @Test
    @DisplayName("HOSTED, disabled in the linked app: the bank signs nothing and gives the amount back")
    void hostedDisabledInTheLinkedApp() {
        ShieldDetails d = Enrollments.openHosted(w, w.application(BOSS, "dev-h", "acct-boss"), "h-1", PIN);
        enableInBanking(d);
        Authorization.Allowed a = holdTheWholeLimit(d, "mobile_banking");
        disableInBanking(d);
        refused(ErrorCode.LINKED_APP_DISABLED, () -> w.sdk.transactions().signHosted(a.id(), w.pin(d.number(), PIN)));
        assertThat(audited("transaction.app_disabled")).hasSize(1);
        assertTheLimitIsFree(d);
        assertThat(w.sdk.signatures().history(d.number(), 0, 10)).isEmpty();
    }
}
