package io.mshield.core.rules;

import io.mshield.ErrorCode;
import io.mshield.core.fixtures.World;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.pin.PinChallenge;
import io.mshield.pin.PinCheck;
import io.mshield.pin.PinPolicy;
import io.mshield.pin.PinProof;
import io.mshield.shield.ShieldDetails;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.mshield.core.fixtures.Refusals.refused;
import static io.mshield.core.fixtures.World.BOSS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * R5.3, R5.4: a PIN block that does not decrypt with the bank's PIN key (corrupted on the way, or made
 * up) is {@code PIN_BLOCK_INVALID}. Attacks the decryption failure of the PIN guard: it is an error of
 * the block, not a wrong PIN — nothing is counted or audited and the challenge stays usable for the
 * real block.
 */
class UndecryptablePinBlockIsNotCountedTest {
    private static final String PIN = "135790";

    @Test
    @DisplayName("bytes that are no PIN block: PIN_BLOCK_INVALID, not counted, not audited; the challenge then takes the real block")
    void notCounted() {
        World w = new World(b -> b.coolingOff(CoolingOffPolicy.none()).pinPolicy(PinPolicy.seed002()));
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        PinChallenge ch = w.sdk.shields().pinChallenge(d.number());
        int entries = w.sdk.audit().read(1, 1000).size();
        byte[] garbage = new byte[128];
        java.util.Arrays.fill(garbage, (byte) 7);
        refused(ErrorCode.PIN_BLOCK_INVALID, () -> w.sdk.shields().checkPin(d.number(), new PinProof.EncryptedPin(ch.id(), garbage)));
        assertThat(w.sdk.audit().read(1, 1000)).hasSize(entries);
        assertThat(w.sdk.shields().checkPin(d.number(), World.pinBlock(ch, PIN))).isInstanceOf(PinCheck.Accepted.class);
        assertThat(w.sdk.shields().checkPin(d.number(), w.pin(d.number(), "246801"))).isEqualTo(new PinCheck.Rejected(5));
    }
}
