package io.mshield.core.rules;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.audit.AuditEntry;
import io.mshield.core.fixtures.World;
import io.mshield.crypto.bc.BouncyCastleCrypto;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.pin.PinChallenge;
import io.mshield.pin.PinPolicy;
import io.mshield.pin.RoundProof;
import io.mshield.shield.ShieldStatus;
import io.mshield.signature.SignatureRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.mshield.core.rules.CollaborativeHolder.PIN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * R5.3, R10.6: in COLLABORATIVE custody a PIN challenge's round keeps its attempt counted until the
 * joint signature over the challenge is checked. Attacks the lock taken when such rounds, co-signed
 * with the right PIN but never finished, have used up the policy's attempts: the next round is refused
 * with {@code PIN_LOCKED} before its PIN is looked at, the shield moves to LOCKED (audited with the
 * policy's lockout), so that bank staff can unlock it — and after the unlock it signs again.
 */
class UnfinishedRoundsUseUpTheAttemptsTest {
    private static final BouncyCastleCrypto CRYPTO = BouncyCastleCrypto.create();

    @Test
    @DisplayName("six PIN-challenge rounds left unfinished: the seventh is PIN_LOCKED and the shield LOCKED, until bank staff unlock it")
    void unfinishedRoundsLock() {
        World w = new World(b -> b.crypto(CRYPTO).coolingOff(CoolingOffPolicy.none()).pinPolicy(PinPolicy.seed002()));
        CollaborativeHolder h = new CollaborativeHolder(w, World.BOSS, "acct-boss");
        h.open("phone-c");
        for (int i = 0; i < 6; i++) {
            PinChallenge ch = w.sdk.shields().pinChallenge(h.shield.number());
            assertThat(w.sdk.shields().coSignPinChallenge(h.shield.number(), new RoundProof(h.block(ch, PIN), ++h.counter),
                    h.phone.startRound().q1())).isNotNull();
        }
        assertThat(w.sdk.shields().details(h.shield.number()).status()).isEqualTo(ShieldStatus.ACTIVE);

        PinChallenge seventh = w.sdk.shields().pinChallenge(h.shield.number());
        ShieldException e = org.junit.jupiter.api.Assertions.assertThrows(ShieldException.class, () -> w.sdk.shields()
                .coSignPinChallenge(h.shield.number(), new RoundProof(h.block(seventh, PIN), ++h.counter), h.phone.startRound().q1()));
        assertThat(e.code()).isEqualTo(ErrorCode.PIN_LOCKED);
        assertThat(w.sdk.shields().details(h.shield.number()).status()).isEqualTo(ShieldStatus.LOCKED);
        List<AuditEntry> locked = w.sdk.audit().read(1, 1000).stream().filter(x -> x.action().equals("shield.pin_locked")).toList();
        assertThat(locked).singleElement().satisfies(x -> assertThat(x.details()).containsEntry("lockout", "LOCK_UNTIL_BANK_RESET")
                .containsEntry("to", "LOCKED"));

        w.sdk.administration().unlockPin(h.shield.number(), World.staff("s-1"));
        assertThat(h.pay("1.00", PIN).record().outcome()).isEqualTo(SignatureRecord.Outcome.ACCEPTED);
    }
}
