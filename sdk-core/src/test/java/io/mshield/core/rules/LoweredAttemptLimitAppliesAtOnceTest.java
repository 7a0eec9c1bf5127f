package io.mshield.core.rules;

import io.mshield.Actor;
import io.mshield.core.fixtures.World;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.SignatureScheme;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.pin.AuthMethod;
import io.mshield.pin.BiometricKey;
import io.mshield.pin.LockoutAction;
import io.mshield.pin.PinChallenge;
import io.mshield.pin.PinCheck;
import io.mshield.pin.PinPolicy;
import io.mshield.pin.PinProof;
import io.mshield.shield.ShieldDetails;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;

import static io.mshield.core.fixtures.World.BOSS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * R5.2, R5.3: the failure count lives in the bank's store, the limit in its policy. Attacks the PIN
 * guard's refusal when the count already stands at the limit before a check: a bank that restarts
 * with fewer attempts allowed (six, then two) refuses a shield that already failed three times as
 * locked — the right PIN and the registered fingerprint alike, neither evaluated nor accepted — until
 * bank staff reset the PIN.
 */
class LoweredAttemptLimitAppliesAtOnceTest {
    private static final String PIN = "135790";
    private static final String WRONG = "246801";
    private static final Actor HOLDER = Actor.holder("acct-boss");

    @Test
    @DisplayName("three failures under six allowed, then a restart allowing two: the right PIN and fingerprint are refused as locked")
    void loweredLimit() {
        World before = new World(b -> b.coolingOff(CoolingOffPolicy.none()).pinPolicy(PinPolicy.seed002()));
        ShieldDetails d = before.open(BOSS, "dev-1", "acct-boss", PIN);
        KeyPair finger = World.phoneKeyPair();
        PinChallenge reg = before.sdk.shields().pinChallenge(d.number());
        byte[] spki = finger.getPublic().getEncoded();
        before.sdk.shields().registerBiometric(d.number(), HOLDER, new BiometricKey(AuthMethod.FINGERPRINT, KeyAlgorithm.EC_P256, spki, reg.id(),
                World.PHONE.sign(finger, SignatureScheme.ECDSA_SHA256, BiometricKey.registrationMessage(reg, d.number(), AuthMethod.FINGERPRINT,
                        spki))), before.pin(d.number(), PIN));
        for (int left = 5; left >= 3; left--) {
            assertThat(before.sdk.shields().checkPin(d.number(), before.pin(d.number(), WRONG))).isEqualTo(new PinCheck.Rejected(left));
        }

        World after = World.reopen(before, before.persistence, before.crypto.keyStorage(), b -> b.coolingOff(CoolingOffPolicy.none())
                .pinPolicy(PinPolicy.builder().maxAttempts(2).lockoutAction(LockoutAction.LOCK_UNTIL_BANK_RESET).allowBankReset(true).build()));
        long accepted = after.sdk.audit().read(1, 1000).stream().filter(e -> e.action().equals("pin.accepted")).count();
        assertThat(after.sdk.shields().checkPin(d.number(), after.pin(d.number(), PIN))).isInstanceOf(PinCheck.Locked.class);
        PinChallenge ch = after.sdk.shields().pinChallenge(d.number());
        PinProof.BiometricSignature touch = new PinProof.BiometricSignature(ch.id(), AuthMethod.FINGERPRINT, World.PHONE.sign(finger,
                SignatureScheme.ECDSA_SHA256, PinProof.BiometricSignature.message(ch, d.number(), AuthMethod.FINGERPRINT)));
        assertThat(after.sdk.shields().checkPin(d.number(), touch)).isInstanceOf(PinCheck.Locked.class);
        assertThat(after.sdk.audit().read(1, 1000).stream().filter(e -> e.action().equals("pin.accepted")).count()).isEqualTo(accepted);

        after.sdk.administration().resetPin(d.number(), World.staff("s-1"), after.pin(d.number(), "582946"));
        assertThat(after.sdk.shields().checkPin(d.number(), touch)).as("its challenge was not used").isInstanceOf(PinCheck.Accepted.class);
    }
}
