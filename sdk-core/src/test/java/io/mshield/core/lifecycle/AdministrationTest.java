package io.mshield.core.lifecycle;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.certificate.CertificateStatus;
import io.mshield.certificate.RevocationReason;
import io.mshield.core.fixtures.World;
import io.mshield.crypto.RevocationStatus;
import io.mshield.identity.ShieldNumber;
import io.mshield.pin.PinCheck;
import io.mshield.pin.PinPolicy;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.shield.ShieldDetails;
import io.mshield.shield.ShieldStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static io.mshield.core.fixtures.World.BOSS;
import static io.mshield.core.fixtures.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;

class AdministrationTest {
    private final World w = new World();
    private final Actor legalRep = World.legalRep(World.ENTERPRISE);
    private final Actor staff = World.staff("teller-7");
    private final Actor holder = Actor.holder("acct-boss");

    private ShieldDetails open() {
        return w.open(BOSS, "dev-1", "acct-boss", "135790");
    }

    private RevocationStatus cert(ShieldDetails d) {
        return w.statusOf(new BigInteger(d.certificate().orElseThrow().serialHex(), 16));
    }

    @Test
    @DisplayName("R4.1 R4.2 R10.4 reporting loss stops the shield at once and holds the certificate; cancelling lifts the hold")
    void lossAndCancel() {
        ShieldDetails d = open();
        ShieldDetails lost = w.sdk.administration().reportLoss(d.number(), holder);
        assertThat(lost.status()).isEqualTo(ShieldStatus.LOST);
        assertThat(lost.certificate().orElseThrow().status()).isEqualTo(CertificateStatus.ON_HOLD);
        assertThat(cert(d).reason()).contains(RevocationReason.CERTIFICATE_HOLD);
        refused(ErrorCode.SHIELD_LOST, () -> w.sdk.shields().checkPin(d.number(), w.pin(d.number(), "135790")));
        ShieldDetails back = w.sdk.administration().cancelLoss(d.number(), holder);
        assertThat(back.status()).isEqualTo(ShieldStatus.ACTIVE);
        assertThat(cert(d).state()).isEqualTo(RevocationStatus.State.GOOD);
        assertThat(w.sdk.shields().checkPin(d.number(), w.pin(d.number(), "135790"))).isInstanceOf(PinCheck.Accepted.class);
    }

    @Test
    @DisplayName("R4.1 the legal representative freezes, unfreezes and voids by shield number; void revokes for good")
    void freezeAndVoid() {
        ShieldDetails d = open();
        assertThat(w.sdk.administration().freeze(d.number(), legalRep).status()).isEqualTo(ShieldStatus.FROZEN);
        refused(ErrorCode.SHIELD_FROZEN, () -> w.sdk.shields().checkPin(d.number(), w.pin(d.number(), "135790")));
        assertThat(w.sdk.administration().unfreeze(d.number(), legalRep).status()).isEqualTo(ShieldStatus.ACTIVE);
        assertThat(w.sdk.administration().voidShield(d.number(), legalRep).status()).isEqualTo(ShieldStatus.REVOKED);
        assertThat(cert(d).reason()).contains(RevocationReason.CESSATION_OF_OPERATION);
        refused(ErrorCode.ILLEGAL_STATE, () -> w.sdk.administration().freeze(d.number(), legalRep));
        refused(ErrorCode.SHIELD_REVOKED, () -> w.sdk.shields().checkPin(d.number(), w.pin(d.number(), "135790")));
    }

    @Test
    @DisplayName("R4.4 a holder cannot unfreeze what an administrator froze, nor lift bank staff's loss report; nothing changes on refusal")
    void whoMayDoWhat() {
        ShieldDetails d = open();
        refused(ErrorCode.FORBIDDEN, () -> w.sdk.administration().freeze(d.number(), holder));
        w.sdk.administration().freeze(d.number(), legalRep);
        long entries = w.sdk.audit().verify().entriesChecked();
        refused(ErrorCode.FORBIDDEN, () -> w.sdk.administration().unfreeze(d.number(), holder));
        assertThat(w.sdk.audit().verify().entriesChecked()).isEqualTo(entries);
        assertThat(w.sdk.shields().details(d.number()).status()).isEqualTo(ShieldStatus.FROZEN);
        w.sdk.administration().unfreeze(d.number(), staff);
        w.sdk.administration().reportLoss(d.number(), staff);
        refused(ErrorCode.FORBIDDEN, () -> w.sdk.administration().cancelLoss(d.number(), holder));
        refused(ErrorCode.FORBIDDEN, () -> w.sdk.administration().cancelLoss(d.number(), legalRep));
        refused(ErrorCode.FORBIDDEN, () -> w.sdk.administration().reportLoss(d.number(), Actor.holder("someone-else")));
        w.sdk.administration().cancelLoss(d.number(), staff);
    }

    @Test
    @DisplayName("R4.4 illegal transitions are refused with ILLEGAL_STATE and change nothing")
    void illegalTransitions() {
        ShieldDetails d = open();
        refused(ErrorCode.ILLEGAL_STATE, () -> w.sdk.administration().unfreeze(d.number(), legalRep));
        refused(ErrorCode.ILLEGAL_STATE, () -> w.sdk.administration().cancelLoss(d.number(), legalRep));
        w.sdk.administration().reportLoss(d.number(), legalRep);
        refused(ErrorCode.ILLEGAL_STATE, () -> w.sdk.administration().freeze(d.number(), legalRep));
        refused(ErrorCode.ILLEGAL_STATE, () -> w.sdk.administration().resetPin(d.number(), staff, w.pin(d.number(), "582946")));
        refused(ErrorCode.SHIELD_NOT_FOUND, () -> w.sdk.administration().freeze(ShieldNumber.of("MS00000000000"), legalRep));
        assertThat(w.sdk.shields().details(d.number()).status()).isEqualTo(ShieldStatus.LOST);
    }

    @Test
    @DisplayName("R4.3 R3.6 bank staff reset a locked PIN to a NEW PIN sent as a PIN block where the policy allows it (002); the old PIN stops working")
    void bankReset() {
        World w2 = new World(b -> b.coolingOff(CoolingOffPolicy.none()).pinPolicy(PinPolicy.seed002()));
        ShieldDetails d = w2.open(BOSS, "dev-1", "acct-boss", "135790");
        for (int i = 0; i < 6; i++) {
            w2.sdk.shields().checkPin(d.number(), w2.pin(d.number(), "246801"));
        }
        assertThat(w2.sdk.shields().details(d.number()).status()).isEqualTo(ShieldStatus.LOCKED);
        refused(ErrorCode.FORBIDDEN, () -> w2.sdk.administration().resetPin(d.number(), legalRep, w2.pin(d.number(), "582946")));
        refused(ErrorCode.WEAK_PIN, () -> w2.sdk.administration().resetPin(d.number(), staff, w2.pin(d.number(), "111111")));
        assertThat(w2.sdk.shields().details(d.number()).status()).isEqualTo(ShieldStatus.LOCKED);
        var block = w2.pin(d.number(), "582946");
        assertThat(w2.sdk.administration().resetPin(d.number(), staff, block).status()).isEqualTo(ShieldStatus.ACTIVE);
        refused(ErrorCode.PIN_BLOCK_INVALID, () -> w2.sdk.administration().resetPin(d.number(), staff, block));
        assertThat(w2.sdk.shields().checkPin(d.number(), w2.pin(d.number(), "135790"))).isEqualTo(new PinCheck.Rejected(5));
        assertThat(w2.sdk.shields().checkPin(d.number(), w2.pin(d.number(), "582946"))).isInstanceOf(PinCheck.Accepted.class);
        assertThat(w2.sdk.audit().read(1, 1000)).filteredOn(e -> e.action().equals("shield.pin_reset"))
                .singleElement().satisfies(e -> assertThat(e.details()).containsEntry("verification", "idv-teller-7"));

        ShieldDetails e = open();
        for (int i = 0; i < 5; i++) {
            w.sdk.shields().checkPin(e.number(), w.pin(e.number(), "246801"));
        }
        refused(ErrorCode.PIN_RESET_NOT_ALLOWED, () -> w.sdk.administration().resetPin(e.number(), staff, w.pin(e.number(), "582946")));
    }

    @Test
    @DisplayName("R3.6 R4.3 a forgotten (not yet locked) PIN is reset to a new one under 002, after the bank verified the holder")
    void bankResetOfAForgottenPin() {
        World w2 = new World(b -> b.coolingOff(CoolingOffPolicy.none()).pinPolicy(PinPolicy.seed002()));
        ShieldDetails d = w2.open(BOSS, "dev-1", "acct-boss", "135790");
        assertThat(w2.sdk.administration().resetPin(d.number(), staff, w2.pin(d.number(), "582946")).status()).isEqualTo(ShieldStatus.ACTIVE);
        assertThat(w2.sdk.shields().checkPin(d.number(), w2.pin(d.number(), "582946"))).isInstanceOf(PinCheck.Accepted.class);
        w2.sdk.administration().freeze(d.number(), staff);
        refused(ErrorCode.ILLEGAL_STATE, () -> w2.sdk.administration().resetPin(d.number(), staff, w2.pin(d.number(), "470258")));
    }
}
