package io.mshield.core.rules;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.ShieldException;
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
import io.mshield.shield.HolderOperation;
import io.mshield.shield.ShieldDetails;
import io.mshield.shield.ShieldStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.security.KeyPair;

import static io.mshield.core.fixtures.Refusals.refused;
import static io.mshield.core.fixtures.World.BOSS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * R5.2, R7.5, R2.3: a shield locked by its PIN policy (seed 002's kind: until the bank resets the PIN)
 * is refused for what it is — a shield that cannot be used now — before the PIN, the key or the
 * challenge of a holder's change is looked at. Attacks the state checks that open {@code bindAccount},
 * {@code registerBiometric}, a renewal's SMS code and an envelope: each is {@code ILLEGAL_STATE} naming
 * the lock, binds, registers, sends and seals nothing, writes nothing to the audit log, and leaves the
 * holder's PIN challenge unused, so that the same registration goes through once the bank has reset
 * the PIN; a lost shield is refused as lost the same way.
 */
class PinLockedShieldChangesNothingTest {
    private static final String PIN = "135790";
    private static final String WRONG = "246801";
    private static final String NEW_PIN = "582946";
    private static final Actor HOLDER = Actor.holder("acct-boss");
    private static final Actor STAFF = World.staff("s-1");

    /** Two wrong PINs lock until the bank resets the PIN. */
    private final World w = new World(b -> b.coolingOff(CoolingOffPolicy.none()).pinPolicy(PinPolicy.builder().maxAttempts(2)
            .lockoutAction(LockoutAction.LOCK_UNTIL_BANK_RESET).allowBankReset(true).build()));

    private ShieldDetails locked() {
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        assertThat(w.sdk.shields().checkPin(d.number(), w.pin(d.number(), WRONG))).isEqualTo(new PinCheck.Rejected(1));
        assertThat(w.sdk.shields().checkPin(d.number(), w.pin(d.number(), WRONG))).isInstanceOf(PinCheck.Locked.class);
        assertThat(w.sdk.shields().details(d.number()).status()).isEqualTo(ShieldStatus.LOCKED);
        return d;
    }

    private int audited() {
        return w.sdk.audit().read(1, 1000).size();
    }

    private static void refusedAsLocked(Executable call) {
        ShieldException e = org.junit.jupiter.api.Assertions.assertThrows(ShieldException.class, call);
        assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_STATE);
        assertThat(e.getMessage()).contains("LOCKED");
    }

    private BiometricKey fingerprintKey(ShieldDetails d, PinChallenge ch, KeyPair key) {
        byte[] spki = key.getPublic().getEncoded();
        return new BiometricKey(AuthMethod.FINGERPRINT, KeyAlgorithm.EC_P256, spki, ch.id(), World.PHONE.sign(key, SignatureScheme.ECDSA_SHA256,
                BiometricKey.registrationMessage(ch, d.number(), AuthMethod.FINGERPRINT, spki)));
    }

    @Test
    @DisplayName("a PIN-locked shield binds no account and registers no key: ILLEGAL_STATE, nothing recorded, the challenge still unused")
    void bindAndRegister() {
        ShieldDetails d = locked();
        PinChallenge ch = w.sdk.shields().pinChallenge(d.number());
        BiometricKey key = fingerprintKey(d, ch, World.phoneKeyPair());
        int entries = audited();
        refusedAsLocked(() -> w.sdk.shields().bindAccount(d.number(), HOLDER, "e-banking", "user-1", w.pin(d.number(), PIN)));
        refusedAsLocked(() -> w.sdk.shields().registerBiometric(d.number(), HOLDER, key, w.pin(d.number(), PIN)));
        assertThat(audited()).isEqualTo(entries);
        assertThat(w.sdk.shields().accountBindings(d.number())).isEmpty();
        assertThat(w.sdk.shields().details(d.number()).authMethod()).isEqualTo(AuthMethod.PIN);

        // the bank resets the PIN; the registration made while locked now goes through with its challenge
        w.sdk.administration().resetPin(d.number(), STAFF, w.pin(d.number(), NEW_PIN));
        assertThat(w.sdk.shields().registerBiometric(d.number(), HOLDER, key, w.pin(d.number(), NEW_PIN)).authMethod())
                .isEqualTo(AuthMethod.FINGERPRINT);
        assertThat(w.sdk.shields().bindAccount(d.number(), HOLDER, "e-banking", "user-1", w.pin(d.number(), NEW_PIN)).account())
                .isEqualTo("user-1");
    }

    @Test
    @DisplayName("a PIN-locked shield gets no renewal code and seals no envelope: ILLEGAL_STATE, nothing sent")
    void renewalCodeAndEnvelope() {
        ShieldDetails d = locked();
        int sent = w.allCodes().size();
        int entries = audited();
        refusedAsLocked(() -> w.sdk.shields().sendSmsCode(d.number(), HOLDER, HolderOperation.RENEWAL));
        refusedAsLocked(() -> w.sdk.shields().sealEnvelope(d.number(), new byte[]{1, 2, 3}));
        assertThat(w.allCodes()).hasSize(sent);
        assertThat(audited()).isEqualTo(entries);
    }

    @Test
    @DisplayName("a lost shield binds no account and registers no key: SHIELD_LOST before its PIN is counted")
    void lost() {
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        PinChallenge ch = w.sdk.shields().pinChallenge(d.number());
        BiometricKey key = fingerprintKey(d, ch, World.phoneKeyPair());
        w.sdk.administration().reportLoss(d.number(), HOLDER);
        refused(ErrorCode.SHIELD_LOST, () -> w.sdk.shields().bindAccount(d.number(), HOLDER, "e-banking", "user-1", w.pin(d.number(), WRONG)));
        refused(ErrorCode.SHIELD_LOST, () -> w.sdk.shields().registerBiometric(d.number(), HOLDER, key, w.pin(d.number(), WRONG)));
        w.sdk.administration().cancelLoss(d.number(), HOLDER);
        // neither wrong PIN was counted: the next one has both attempts but one left
        assertThat(w.sdk.shields().checkPin(d.number(), w.pin(d.number(), WRONG))).isEqualTo(new PinCheck.Rejected(1));
        assertThat(w.sdk.shields().accountBindings(d.number())).isEmpty();
    }
}
