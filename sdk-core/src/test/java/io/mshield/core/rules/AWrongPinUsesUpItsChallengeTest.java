package io.mshield.core.rules;

import io.mshield.ErrorCode;
import io.mshield.core.fixtures.World;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.SignatureScheme;
import io.mshield.crypto.bc.BouncyCastleCrypto;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.pin.PinChallenge;
import io.mshield.pin.PinCheck;
import io.mshield.pin.PinPolicy;
import io.mshield.pin.PinProof;
import io.mshield.pin.RoundProof;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.mshield.core.fixtures.Refusals.refused;
import static io.mshield.core.rules.CollaborativeHolder.PIN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * R5.3, R10.6: a COLLABORATIVE PIN challenge whose co-sign round was refused for a wrong PIN is used
 * up. Attacks the marking of that challenge: a joint signature presented for it afterwards (here one
 * made without the bank's half) is {@code PIN_BLOCK_INVALID} — not evaluated, not counted a second
 * time, not audited — so one wrong PIN costs exactly one attempt.
 */
class AWrongPinUsesUpItsChallengeTest {
    private static final BouncyCastleCrypto CRYPTO = BouncyCastleCrypto.create();

    @Test
    @DisplayName("after a wrong PIN in its round, a joint signature for the challenge is PIN_BLOCK_INVALID and counts nothing")
    void challengeUsedUp() {
        World w = new World(b -> b.crypto(CRYPTO).coolingOff(CoolingOffPolicy.none()).pinPolicy(PinPolicy.seed002()));
        CollaborativeHolder h = new CollaborativeHolder(w, World.BOSS, "acct-boss");
        h.open("phone-c");
        PinChallenge ch = w.sdk.shields().pinChallenge(h.shield.number());
        refused(ErrorCode.PIN_INCORRECT, () -> w.sdk.shields().coSignPinChallenge(h.shield.number(), new RoundProof(h.block(ch, "246801"),
                ++h.counter), h.phone.startRound().q1()));
        int entries = w.sdk.audit().read(1, 1000).size();
        byte[] alone = World.PHONE.sign(World.PHONE.generate(KeyAlgorithm.SM2), SignatureScheme.SM2_SM3, ch.nonce());
        refused(ErrorCode.PIN_BLOCK_INVALID, () -> w.sdk.shields().checkPin(h.shield.number(), new PinProof.JointSignature(ch.id(), alone)));
        assertThat(w.sdk.audit().read(1, 1000)).hasSize(entries);
        // the next PIN challenge, proven and signed jointly, is accepted: one wrong PIN, then the right one
        assertThat(h.proveAndCheck(PIN)).isInstanceOf(PinCheck.Accepted.class);
        assertThat(w.sdk.audit().read(1, 1000).stream().filter(e -> e.action().equals("pin.rejected")).count()).isEqualTo(1);
    }
}
