package io.mshield.core.rules;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.core.fixtures.World;
import io.mshield.crypto.bc.BouncyCastleCrypto;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.pin.PinPolicy;
import io.mshield.shield.ShieldStatus;
import io.mshield.transaction.Authorization;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.mshield.core.fixtures.Refusals.refused;
import static io.mshield.core.rules.CollaborativeHolder.PIN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * R5.1, R10.6: a COLLABORATIVE round refused for its co-sign counter is no wrong PIN. Attacks where the
 * counter is checked against the round's attempt: a counter running more than 1,000 ahead is refused
 * before the attempt is counted, and a counter that does not grow (a copied share) freezes the shield
 * and gives the attempt back — so after either, the holder's next wrong PIN still has all but one
 * attempt left.
 */
class RefusedCoSignCountersAreNotCountedTest {
    private static final BouncyCastleCrypto CRYPTO = BouncyCastleCrypto.create();
    private static final String WRONG = "246801";

    private final CollaborativeHolder h;

    RefusedCoSignCountersAreNotCountedTest() {
        World w = new World(b -> b.crypto(CRYPTO).coolingOff(CoolingOffPolicy.none()).pinPolicy(PinPolicy.seed002()));
        h = new CollaborativeHolder(w, World.BOSS, "acct-boss");
        h.open("phone-c");
    }

    /** The attempts left after one wrong PIN in an envelope round (a round that does not hold its attempt). */
    private int leftAfterAWrongPin() {
        ShieldException e = org.junit.jupiter.api.Assertions.assertThrows(ShieldException.class, () -> h.world.sdk.shields()
                .openEnvelopeHalf(h.shield.number(), h.proof(WRONG), h.phone.startRound().q1()));
        assertThat(e.code()).isEqualTo(ErrorCode.PIN_INCORRECT);
        return e.attemptsLeft().orElseThrow();
    }

    @Test
    @DisplayName("a counter more than 1,000 ahead in an envelope round: COSIGN_COUNTER_INVALID, and the attempt is not counted")
    void tooFarAhead() {
        long last = h.counter;
        refused(ErrorCode.COSIGN_COUNTER_INVALID, () -> h.world.sdk.shields().openEnvelopeHalf(h.shield.number(), h.proof(PIN, last + 1001),
                h.phone.startRound().q1()));
        assertThat(leftAfterAWrongPin()).isEqualTo(5);
    }

    @Test
    @DisplayName("a counter that does not grow, with the right PIN: frozen as a clone, and the attempt given back")
    void notGrowing() {
        long last = h.counter;
        Authorization.Allowed a = h.authorize("1.00");
        refused(ErrorCode.CLONE_SUSPECTED, () -> h.world.sdk.transactions().coSign(a.id(), h.proof(PIN, last), h.phone.startRound().q1()));
        assertThat(h.world.sdk.shields().details(h.shield.number()).status()).isEqualTo(ShieldStatus.FROZEN);
        h.world.sdk.administration().unfreeze(h.shield.number(), World.staff("s-1"));
        assertThat(leftAfterAWrongPin()).isEqualTo(5);
    }
}
