package io.mshield.core.lifecycle;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.core.fixtures.SecretSearch;
import io.mshield.core.fixtures.World;
import io.mshield.core.persistence.AbstractPersistenceContractTest;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.pin.LockoutAction;
import io.mshield.pin.PinCheck;
import io.mshield.pin.PinPolicy;
import io.mshield.pin.PinProof;
import io.mshield.shield.ShieldDetails;
import io.mshield.shield.ShieldStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.mshield.core.fixtures.World.BOSS;
import static io.mshield.core.fixtures.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;

class PinTest {
    private static final String PIN = "135790";
    private static final String WRONG = "246801";

    private static World world(PinPolicy policy) {
        return new World(b -> b.coolingOff(CoolingOffPolicy.none()).pinPolicy(policy));
    }

    private static List<PinCheck> wrongTimes(World w, ShieldDetails d, int n) {
        List<PinCheck> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(w.sdk.shields().checkPin(d.number(), w.pin(d.number(), WRONG)));
        }
        return out;
    }

    @Test
    @DisplayName("R5.1 every wrong PIN says how many attempts remain; a right PIN resets the count")
    void attemptsLeft() {
        World w = world(PinPolicy.seed001());
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        assertThat(wrongTimes(w, d, 3)).containsExactly(new PinCheck.Rejected(4), new PinCheck.Rejected(3), new PinCheck.Rejected(2));
        assertThat(w.sdk.shields().checkPin(d.number(), w.pin(d.number(), PIN))).isInstanceOf(PinCheck.Accepted.class);
        assertThat(wrongTimes(w, d, 1)).containsExactly(new PinCheck.Rejected(4));
    }

    @Test
    @DisplayName("R5.2 seed 001: 5 wrong → locked for good; only revoke and apply again")
    void seed001() {
        World w = world(PinPolicy.seed001());
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        List<PinCheck> checks = wrongTimes(w, d, 5);
        assertThat(checks.get(4)).isEqualTo(PinCheck.Locked.indefinitely(LockoutAction.LOCK_FOREVER));
        assertThat(w.sdk.shields().details(d.number()).status()).isEqualTo(ShieldStatus.LOCKED);
        assertThat(w.sdk.shields().checkPin(d.number(), w.pin(d.number(), PIN))).isInstanceOf(PinCheck.Locked.class);
        w.clock.advance(Duration.ofDays(30));
        assertThat(w.sdk.shields().checkPin(d.number(), w.pin(d.number(), PIN))).isInstanceOf(PinCheck.Locked.class);
        refused(ErrorCode.PIN_RESET_NOT_ALLOWED, () -> w.sdk.administration().resetPin(d.number(), World.staff("s"), w.pin(d.number(), "582946")));
    }

    @Test
    @DisplayName("R5.2 seed 002: 6 wrong → locked until the bank resets it to a new PIN")
    void seed002() {
        World w = world(PinPolicy.seed002());
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        List<PinCheck> checks = wrongTimes(w, d, 6);
        assertThat(checks.get(4)).isEqualTo(new PinCheck.Rejected(1));
        assertThat(checks.get(5)).isEqualTo(PinCheck.Locked.indefinitely(LockoutAction.LOCK_UNTIL_BANK_RESET));
        w.sdk.administration().resetPin(d.number(), World.staff("s"), w.pin(d.number(), "582946"));
        assertThat(w.sdk.shields().checkPin(d.number(), w.pin(d.number(), "582946"))).isInstanceOf(PinCheck.Accepted.class);
    }

    @Test
    @DisplayName("R5.2 seed 003: 5 wrong → locked, contact the CA")
    void seed003() {
        World w = world(PinPolicy.seed003());
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        assertThat(wrongTimes(w, d, 5).get(4)).isEqualTo(PinCheck.Locked.indefinitely(LockoutAction.LOCK_CONTACT_CA));
        assertThatLockedMessage(w, d, "contact the CA");
    }

    @Test
    @DisplayName("R5.2 seed 004: 6 wrong → 24-hour freeze that ends by itself; repeated freezes → permanent")
    void seed004() {
        World w = world(PinPolicy.seed004());
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        PinCheck first = wrongTimes(w, d, 6).get(5);
        assertThat(first).isEqualTo(PinCheck.Locked.frozenUntil(w.clock.instant().plus(Duration.ofHours(24))));
        w.clock.advance(Duration.ofHours(23));
        assertThat(w.sdk.shields().checkPin(d.number(), w.pin(d.number(), PIN))).isInstanceOf(PinCheck.Locked.class);
        w.clock.advance(Duration.ofHours(1));
        assertThat(w.sdk.shields().checkPin(d.number(), w.pin(d.number(), PIN))).isInstanceOf(PinCheck.Accepted.class);
        for (int round = 2; round <= PinPolicy.seed004().maxTimedFreezes(); round++) {
            assertThat(wrongTimes(w, d, 6).get(5)).isInstanceOfSatisfying(PinCheck.Locked.class, l -> assertThat(l.until()).isPresent());
            w.clock.advance(Duration.ofHours(24));
        }
        PinCheck last = wrongTimes(w, d, 6).get(5);
        assertThat(last).isEqualTo(PinCheck.Locked.indefinitely(LockoutAction.FREEZE_TIMED_THEN_PERMANENT));
        w.clock.advance(Duration.ofDays(10));
        assertThat(w.sdk.shields().checkPin(d.number(), w.pin(d.number(), PIN))).isInstanceOf(PinCheck.Locked.class);
    }

    private static void assertThatLockedMessage(World w, ShieldDetails d, String text) {
        try {
            w.sdk.shields().changeAuthMethod(d.number(), io.mshield.Actor.holder("acct-boss"), io.mshield.pin.AuthMethod.FINGERPRINT,
                    w.pin(d.number(), PIN));
            throw new AssertionError("expected PIN_LOCKED");
        } catch (ShieldException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.PIN_LOCKED);
            assertThat(e.getMessage()).contains(text);
        }
    }

    @Test
    @DisplayName("R5.3 64 threads guessing PINs on one SDK get exactly the policy's number of evaluations")
    void concurrentGuesses() throws Exception {
        World w = world(PinPolicy.seed001());
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        List<PinProof> blocks = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            blocks.add(w.pin(d.number(), WRONG));
        }
        AtomicInteger evaluated = new AtomicInteger();
        AtomicInteger locked = new AtomicInteger();
        AbstractPersistenceContractTest.race(64, i -> {
            PinCheck c = w.sdk.shields().checkPin(d.number(), blocks.get(i));
            if (c instanceof PinCheck.Rejected) {
                evaluated.incrementAndGet();
            } else if (c instanceof PinCheck.Locked l && l.action() == LockoutAction.LOCK_FOREVER) {
                locked.incrementAndGet();
            }
            return true;
        });
        long lockingEvaluations = w.sdk.audit().read(1, 1000).stream().filter(e -> e.action().equals("pin.rejected")).count();
        assertThat(lockingEvaluations).as("PIN evaluations recorded").isEqualTo(5);
        assertThat(evaluated.get()).as("rejections with attempts left").isEqualTo(4);
        assertThat(locked.get()).isEqualTo(60);
        assertThat(w.sdk.shields().details(d.number()).status()).isEqualTo(ShieldStatus.LOCKED);
        assertThat(w.sdk.audit().verify().intact()).isTrue();
    }

    @Test
    @DisplayName("R5.4 the PIN never rests in clear: the bank keeps a keyed hash only, and a tampered block is refused")
    void pinAtRest() {
        World w = world(PinPolicy.seed001());
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        String stored = w.persistence.inTransaction(s -> new String(s.get("shields", d.number().value()).orElseThrow().body(),
                java.nio.charset.StandardCharsets.UTF_8));
        assertThat(SecretSearch.withoutHashes(stored)).doesNotContain(PIN);
        assertThat(stored).contains("pinMac");
        PinProof.EncryptedPin block = w.pin(d.number(), PIN);
        byte[] ct = block.ciphertext();
        ct[ct.length - 1] ^= 1;
        refused(ErrorCode.PIN_BLOCK_INVALID, () -> w.sdk.shields().checkPin(d.number(), new PinProof.EncryptedPin(block.challengeId(), ct)));
        refused(ErrorCode.PIN_BLOCK_INVALID, () -> w.sdk.shields().checkPin(d.number(), new PinProof.EncryptedPin("0".repeat(32), ct)));
        // a block that does not decrypt counts no attempt and leaves its challenge unused
        assertThat(w.sdk.shields().checkPin(d.number(), block)).isEqualTo(new PinCheck.Accepted());
        assertThat(wrongTimes(w, d, 1)).containsExactly(new PinCheck.Rejected(PinPolicy.seed001().maxAttempts() - 1));
        PinProof.EncryptedPin late = w.pin(d.number(), PIN);
        w.clock.advance(Duration.ofMinutes(6));
        refused(ErrorCode.PIN_BLOCK_INVALID, () -> w.sdk.shields().checkPin(d.number(), late));
    }
}
