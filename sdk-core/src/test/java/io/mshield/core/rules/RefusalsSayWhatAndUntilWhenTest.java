package io.mshield.core.rules;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.core.fixtures.World;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.pin.AuthMethod;
import io.mshield.pin.PinPolicy;
import io.mshield.shield.ShieldDetails;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.time.Instant;

import static io.mshield.core.fixtures.World.BOSS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Refusals name what was wrong: a missing argument of an administration call is named before
 * anything is read, and a timed PIN lock (seed 004) says until when, in the message and in the
 * error's details, so that the bank's app can show it.
 */
class RefusalsSayWhatAndUntilWhenTest {
    private static final String PIN = "135790";

    private static void namesArgument(String name, Executable call) {
        NullPointerException e = assertThrows(NullPointerException.class, call);
        assertThat(e.getMessage()).isEqualTo(name);
    }

    @Test
    @DisplayName("administration calls name the missing shield or actor")
    void missingArgumentsNamed() {
        World w = new World();
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        Actor staff = World.staff("s-1");
        namesArgument("shield", () -> w.sdk.administration().freeze(null, staff));
        namesArgument("by", () -> w.sdk.administration().freeze(d.number(), null));
        namesArgument("by", () -> w.sdk.administration().unfreeze(d.number(), null));
        namesArgument("by", () -> w.sdk.administration().reportLoss(d.number(), null));
        namesArgument("by", () -> w.sdk.administration().cancelLoss(d.number(), null));
        namesArgument("by", () -> w.sdk.administration().voidShield(d.number(), null));
        namesArgument("by", () -> w.sdk.administration().unlockPin(d.number(), null));
        namesArgument("by", () -> w.sdk.administration().resetPin(d.number(), null, w.pin(d.number(), "582946")));
        namesArgument("newPin", () -> w.sdk.administration().resetPin(d.number(), staff, null));
        assertThat(w.sdk.shields().details(d.number()).status()).isEqualTo(io.mshield.shield.ShieldStatus.ACTIVE);
    }

    @Test
    @DisplayName("seed 004: a timed PIN lock says until when; the last, permanent one says it is for good")
    void timedLockSaysUntilWhen() {
        World w = new World(b -> b.coolingOff(CoolingOffPolicy.none()).pinPolicy(PinPolicy.seed004()));
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        for (int i = 0; i < 6; i++) {
            w.sdk.shields().checkPin(d.number(), w.pin(d.number(), "246801"));
        }
        Instant until = w.clock.instant().plus(Duration.ofHours(24));
        ShieldException e = assertThrows(ShieldException.class, () -> w.sdk.shields().changeAuthMethod(d.number(), Actor.holder("acct-boss"),
                AuthMethod.FINGERPRINT, w.pin(d.number(), PIN)));
        assertThat(e.code()).isEqualTo(ErrorCode.PIN_LOCKED);
        assertThat(e.getMessage()).contains("frozen until " + until);
        assertThat(e.details()).containsEntry("until", until.toString());
        assertThat(e.attemptsLeft()).hasValue(0);
        assertThat(w.sdk.audit().read(1, 1000)).filteredOn(x -> x.action().equals("shield.pin_locked")).singleElement()
                .satisfies(x -> assertThat(x.details()).containsEntry("until", until.toString()));
    }

    @Test
    @DisplayName("voiding a revoked shield is refused with ILLEGAL_STATE and writes nothing")
    void voidTwice() {
        World w = new World();
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        Actor staff = World.staff("s-1");
        w.sdk.administration().voidShield(d.number(), staff);
        int entries = w.sdk.audit().read(1, 1000).size();
        ShieldException e = assertThrows(ShieldException.class, () -> w.sdk.administration().voidShield(d.number(), staff));
        assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_STATE);
        assertThat(w.sdk.audit().read(1, 1000)).hasSize(entries);
        assertThat(w.sdk.shields().details(d.number()).status()).isEqualTo(io.mshield.shield.ShieldStatus.REVOKED);
    }
}
