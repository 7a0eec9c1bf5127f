package io.mshield.core.rules;

import io.mshield.ErrorCode;
import io.mshield.audit.AuditEntry;
import io.mshield.core.fixtures.World;
import io.mshield.crypto.CollaborativeSm2;
import io.mshield.crypto.bc.BouncyCastleCrypto;
import io.mshield.crypto.twoparty.Sm2TwoPartyPhone;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.limit.Money;
import io.mshield.limit.Scenario;
import io.mshield.pin.PinPolicy;
import io.mshield.shield.ShieldDetails;
import io.mshield.shield.ShieldStatus;
import io.mshield.signature.SignatureRecord;
import io.mshield.transaction.Authenticator;
import io.mshield.transaction.Authorization;
import io.mshield.transaction.AuthorizationId;
import io.mshield.transaction.Party;
import io.mshield.transaction.SignatureReceipt;
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
 * R6.1, R6.6: a signature is accepted only for an authorization the bank issued, with the proof its
 * custody mode needs, and only while the shield can still sign at the moment it is recorded; an
 * accepted signature is audited with its certificate; a COLLABORATIVE round that could not be
 * co-signed leaves the authorization waiting for another.
 */
class SignatureAcceptedOnlyIfStillValidTest {
    private static final String PIN = "135790";
    private static final Party PAYER = new Party("厦门测试有限公司", "6222000000000001", "厦门银行");
    private static final Party PAYEE = new Party("上海供应商有限公司", "6222000000000002", "工商银行");
    private static final BouncyCastleCrypto CRYPTO = BouncyCastleCrypto.create();
    private final World w = new World(b -> b.coolingOff(CoolingOffPolicy.none()));

    private static Transaction transfer(String amount) {
        return new Transaction("ref-" + amount, Scenario.TRANSFER, Money.cny(amount), PAYER, Optional.of(PAYEE), List.of(), "mobile",
                "转账 " + amount + " 元");
    }

    private Authorization.Allowed authorize(ShieldDetails d, String amount) {
        return (Authorization.Allowed) w.sdk.transactions().authorize(d.number(), transfer(amount), Authenticator.SHIELD);
    }

    @Test
    @DisplayName("an authorization the bank never issued is CHALLENGE_INVALID; a DEVICE signature without its PIN proof is INVALID_ARGUMENT")
    void unknownAuthorizationAndMissingPin() {
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        AuthorizationId unknown = new AuthorizationId("0123456789abcdef0123456789abcdef");
        refused(ErrorCode.CHALLENGE_INVALID, () -> w.sdk.transactions().complete(unknown, new byte[64], Optional.of(w.pin(d.number(), PIN))));
        refused(ErrorCode.CHALLENGE_INVALID, () -> w.sdk.transactions().cancel(unknown));
        Authorization.Allowed a = authorize(d, "5.00");
        byte[] signature = w.deviceSign(d.number(), a.signedContent());
        refused(ErrorCode.INVALID_ARGUMENT, () -> w.sdk.transactions().complete(a.id(), signature, Optional.empty()));
        assertThat(w.sdk.transactions().complete(a.id(), signature, Optional.of(w.pin(d.number(), PIN))).record().outcome())
                .as("the refusal closed nothing").isEqualTo(SignatureRecord.Outcome.ACCEPTED);
    }

    @Test
    @DisplayName("an accepted signature is audited on the shield with its authorization and certificate serial")
    void acceptedIsAudited() {
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        Authorization.Allowed a = authorize(d, "5.00");
        SignatureReceipt r = w.sdk.transactions().complete(a.id(), w.deviceSign(d.number(), a.signedContent()),
                Optional.of(w.pin(d.number(), PIN)));
        List<AuditEntry> signed = w.sdk.audit().read(1, 1000).stream().filter(e -> e.action().equals("transaction.signed")).toList();
        assertThat(signed).singleElement().satisfies(e -> {
            assertThat(e.subject()).isEqualTo(d.number().value());
            assertThat(e.outcome()).isEqualTo(AuditEntry.Outcome.SUCCEEDED);
            assertThat(e.details()).containsEntry("authorization", a.id().value())
                    .containsEntry("serial", d.certificate().orElseThrow().serialHex());
        });
        assertThat(r.record().id()).isEqualTo(a.id().value());
    }

    @Test
    @DisplayName("a certificate that expires between the authorization and the signature: CERTIFICATE_EXPIRED, nothing recorded")
    void expiresBeforeTheSignature() {
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        w.clock.set(d.certificate().orElseThrow().notAfter().minus(Duration.ofMinutes(1)));
        Authorization.Allowed a = authorize(d, "5.00");
        w.clock.advance(Duration.ofMinutes(2));
        byte[] signature = w.deviceSign(d.number(), a.signedContent());
        refused(ErrorCode.CERTIFICATE_EXPIRED, () -> w.sdk.transactions().complete(a.id(), signature, Optional.of(w.pin(d.number(), PIN))));
        assertThat(w.sdk.signatures().history(d.number(), 0, 10)).isEmpty();
        assertThat(w.sdk.shields().details(d.number()).status()).isEqualTo(ShieldStatus.EXPIRED);
    }

    @Test
    @DisplayName("COLLABORATIVE: a bad Q1 is refused, and the authorization waits for another co-sign round")
    void badQ1LeavesTheAuthorizationWaiting() {
        World cw = new World(b -> b.crypto(CRYPTO).coolingOff(CoolingOffPolicy.none()).pinPolicy(PinPolicy.seed002()));
        CollaborativeHolder h = new CollaborativeHolder(cw, BOSS, "acct-boss");
        h.open("phone-c");
        Authorization.Allowed a = h.authorize("7.00");
        org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> cw.sdk.transactions().coSign(a.id(), h.proof(PIN), new byte[65]));
        Sm2TwoPartyPhone.Round round = h.phone.startRound();
        CollaborativeSm2.CoSignature c = cw.sdk.transactions().coSign(a.id(), h.proof(PIN), round.q1());
        assertThat(cw.sdk.transactions().complete(a.id(), h.finish(round, c), Optional.empty()).record().outcome())
                .isEqualTo(SignatureRecord.Outcome.ACCEPTED);
    }
}
