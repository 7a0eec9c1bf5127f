package io.mshield.core.rules;

import io.mshield.Actor;
import io.mshield.certificate.RevocationReason;
import io.mshield.core.fixtures.World;
import io.mshield.crypto.RevocationStatus;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.limit.Money;
import io.mshield.limit.Scenario;
import io.mshield.shield.ShieldDetails;
import io.mshield.signature.SignatureRecord;
import io.mshield.transaction.Authenticator;
import io.mshield.transaction.Authorization;
import io.mshield.transaction.Party;
import io.mshield.transaction.SignatureReceipt;
import io.mshield.transaction.Transaction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.mshield.core.fixtures.World.BOSS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * R4.1, R4.2, R10.4: a loss report and a freeze put the shield's certificate on hold, and lifting them
 * releases it at the CA. Attacks the certificate effect of the shield's transitions back to ACTIVE: after
 * a cancelled loss report and after an unfreeze, the CA says GOOD again, and a payment signed then is
 * accepted and its evidence verifies against the certificate's status at signing time.
 */
class AHoldIsLiftedAtTheCaTest {
    private static final String PIN = "135790";
    private static final Actor HOLDER = Actor.holder("acct-boss");

    private final World w = new World(b -> b.coolingOff(CoolingOffPolicy.none()));

    private SignatureReceipt pay(ShieldDetails d, String reference) {
        Authorization.Allowed a = (Authorization.Allowed) w.sdk.transactions().authorize(d.number(), new Transaction(reference, Scenario.TRANSFER,
                Money.cny("10.00"), new Party("厦门测试有限公司", "6222000000000001", "厦门银行"),
                Optional.of(new Party("上海供应商有限公司", "6222000000000002", "工商银行")), List.of(), "mobile", "转账 10.00 元"),
                Authenticator.SHIELD);
        return w.sdk.transactions().complete(a.id(), w.deviceSign(d.number(), a.signedContent()), Optional.of(w.pin(d.number(), PIN)));
    }

    @Test
    @DisplayName("a cancelled loss report and an unfreeze release the hold: the CA says GOOD, and a payment signed then verifies")
    void holdReleased() {
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        w.sdk.administration().reportLoss(d.number(), HOLDER);
        assertThat(w.statusOf(d).state()).isEqualTo(RevocationStatus.State.REVOKED);
        assertThat(w.statusOf(d).reason()).contains(RevocationReason.CERTIFICATE_HOLD);
        w.clock.advance(Duration.ofMinutes(1));
        w.sdk.administration().cancelLoss(d.number(), HOLDER);
        assertThat(w.statusOf(d).state()).isEqualTo(RevocationStatus.State.GOOD);

        w.sdk.administration().freeze(d.number(), World.legalRep(World.ENTERPRISE));
        assertThat(w.statusOf(d).reason()).contains(RevocationReason.CERTIFICATE_HOLD);
        w.clock.advance(Duration.ofMinutes(1));
        w.sdk.administration().unfreeze(d.number(), World.legalRep(World.ENTERPRISE));
        assertThat(w.statusOf(d).state()).isEqualTo(RevocationStatus.State.GOOD);

        w.clock.advance(Duration.ofMinutes(1));
        SignatureReceipt receipt = pay(d, "after-unfreeze");
        assertThat(receipt.record().outcome()).isEqualTo(SignatureRecord.Outcome.ACCEPTED);
        assertThat(w.sdk.signatures().verifyEvidence(w.sdk.signatures().evidence(receipt.record().id()).orElseThrow()).valid()).isTrue();
    }
}
