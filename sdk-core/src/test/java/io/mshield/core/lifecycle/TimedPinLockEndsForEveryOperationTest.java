package io.mshield.core.lifecycle;

import io.mshield.Actor;
import io.mshield.audit.AuditEntry;
import io.mshield.core.fixtures.World;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.pin.PinCheck;
import io.mshield.pin.PinPolicy;
import io.mshield.shield.HolderOperation;
import io.mshield.shield.ShieldDetails;
import io.mshield.shield.ShieldStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.mshield.core.fixtures.World.BOSS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * R5.2, seed 004: a 24-hour PIN lock ends for every operation when its time has come, not only for
 * the ones that check a PIN. The lock ends on the first read after its end; before the fix only the
 * PIN check, an authorization, a PIN round and the linked apps ended it, and binding an account,
 * asking for a renewal code, sealing an envelope or reading the shield's details still answered
 * "LOCKED" a day later (found by the PIT2 mutation work of issue 19).
 */
class TimedPinLockEndsForEveryOperationTest {
    private static final String PIN = "135790";
    private static final Actor HOLDER = Actor.holder("acct-boss");
    private final World w = new World(b -> b.coolingOff(CoolingOffPolicy.none()).pinPolicy(PinPolicy.seed004()));

    private ShieldDetails lockedThenADayLater() {
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        PinCheck last;
        do {
            last = w.sdk.shields().checkPin(d.number(), w.pin(d.number(), "246801"));
        } while (last instanceof PinCheck.Rejected);
        assertThat(last).isInstanceOf(PinCheck.Locked.class);
        assertThat(w.sdk.shields().details(d.number()).status()).isEqualTo(ShieldStatus.LOCKED);
        w.clock.advance(Duration.ofHours(25));
        return d;
    }

    private long lockEndings() {
        return w.sdk.audit().read(1, 1000).stream().map(AuditEntry::action).filter("shield.pin_lock_ended"::equals).count();
    }

    @Test
    @DisplayName("seed 004 a day after the lock, the shield's details say ACTIVE, and the lock's end is audited once")
    void detailsAfterTheLock() {
        ShieldDetails d = lockedThenADayLater();
        assertThat(w.sdk.shields().details(d.number()).status()).isEqualTo(ShieldStatus.ACTIVE);
        assertThat(w.sdk.shields().details(d.number()).status()).isEqualTo(ShieldStatus.ACTIVE);
        assertThat(lockEndings()).isEqualTo(1);
    }

    @Test
    @DisplayName("seed 004 a day after the lock, the holder binds an account with the right PIN")
    void bindAfterTheLock() {
        ShieldDetails d = lockedThenADayLater();
        assertThat(w.sdk.shields().bindAccount(d.number(), HOLDER, "e-banking", "user-1", w.pin(d.number(), PIN)).account()).isEqualTo("user-1");
        assertThat(lockEndings()).isEqualTo(1);
    }

    @Test
    @DisplayName("seed 004 a day after the lock, the holder gets a renewal code, and the bank seals an envelope to the shield")
    void renewalCodeAndEnvelopeAfterTheLock() {
        ShieldDetails d = lockedThenADayLater();
        w.sdk.shields().sendSmsCode(d.number(), HOLDER, HolderOperation.RENEWAL);
        assertThat(w.lastCode(BOSS)).isNotNull();
        ShieldDetails e = lockedAgainElsewhere();
        assertThat(w.sdk.shields().sealEnvelope(e.number(), new byte[]{1})).isNotEmpty();
    }

    /** A second shield (another enterprise's), locked and then a day later, for the envelope. */
    private ShieldDetails lockedAgainElsewhere() {
        ShieldDetails d = w.open(w.application(World.ENTERPRISE2, World.BOSS2, "dev-2", "acct-boss2"), PIN);
        PinCheck last;
        do {
            last = w.sdk.shields().checkPin(d.number(), w.pin(d.number(), "246801"));
        } while (last instanceof PinCheck.Rejected);
        w.clock.advance(Duration.ofHours(25));
        return d;
    }
}
