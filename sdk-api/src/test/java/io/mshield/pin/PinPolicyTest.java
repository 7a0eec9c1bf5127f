package io.mshield.pin;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static io.mshield.ShieldAssertions.assertShieldError;
import static org.assertj.core.api.Assertions.assertThat;

class PinPolicyTest {
    private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");

    @Test
    @DisplayName("R5.2 presets equal the seeds: 001 locks for good after 5 wrong PINs")
    void seed001() {
        PinPolicy p = PinPolicy.seed001();
        assertThat(p.maxAttempts()).isEqualTo(5);
        assertThat(p.lockoutAction()).isEqualTo(LockoutAction.LOCK_FOREVER);
        assertThat(p.freezeDuration()).isEmpty();
        assertThat(p.maxTimedFreezes()).isZero();
        assertThat(p.allowBankReset()).isFalse();
        assertThat(p.pinLength()).isEqualTo(6);
        assertThat(p.rejectWeakPins()).isTrue();
        assertThat(PinPolicy.defaults()).isEqualTo(p);
    }

    @Test
    @DisplayName("R5.2 presets equal the seeds: 002 locks until the bank resets after 6 wrong PINs")
    void seed002() {
        PinPolicy p = PinPolicy.seed002();
        assertThat(p.maxAttempts()).isEqualTo(6);
        assertThat(p.lockoutAction()).isEqualTo(LockoutAction.LOCK_UNTIL_BANK_RESET);
        assertThat(p.freezeDuration()).isEmpty();
        assertThat(p.allowBankReset()).isTrue();
        assertThat(p.pinLength()).isEqualTo(6);
    }

    @Test
    @DisplayName("R5.2 presets equal the seeds: 003 locks after 5 wrong PINs, contact the CA")
    void seed003() {
        PinPolicy p = PinPolicy.seed003();
        assertThat(p.maxAttempts()).isEqualTo(5);
        assertThat(p.lockoutAction()).isEqualTo(LockoutAction.LOCK_CONTACT_CA);
        assertThat(p.freezeDuration()).isEmpty();
        assertThat(p.allowBankReset()).isTrue();
        assertThat(p.pinLength()).isEqualTo(6);
    }

    @Test
    @DisplayName("R5.2 presets equal the seeds: 004 freezes 24 h after 6 wrong PINs, for good after repeated freezes")
    void seed004() {
        PinPolicy p = PinPolicy.seed004();
        assertThat(p.maxAttempts()).isEqualTo(6);
        assertThat(p.lockoutAction()).isEqualTo(LockoutAction.FREEZE_TIMED_THEN_PERMANENT);
        assertThat(p.freezeDuration()).contains(Duration.ofHours(24));
        assertThat(p.maxTimedFreezes()).isEqualTo(2);
        assertThat(p.allowBankReset()).isTrue();
        assertThat(p.pinLength()).isEqualTo(6);
    }

    @Test
    @DisplayName("R5.1 every wrong PIN says how many attempts remain, then 001 locks for good")
    void countsDownThenLocksForGood() {
        PinPolicy p = PinPolicy.seed001();
        for (int failures = 1; failures <= 4; failures++) {
            assertThat(p.afterFailure(failures, 0, NOW)).isEqualTo(new PinCheck.Rejected(5 - failures));
        }
        assertThat(p.afterFailure(5, 0, NOW)).isEqualTo(PinCheck.Locked.indefinitely(LockoutAction.LOCK_FOREVER));
        assertThat(p.afterFailure(6, 0, NOW)).isEqualTo(PinCheck.Locked.indefinitely(LockoutAction.LOCK_FOREVER));
        assertThat(p.attemptsLeft(0)).isEqualTo(5);
        assertThat(p.attemptsLeft(9)).isZero();
    }

    @Test
    @DisplayName("R5.2 002 and 003 lock on the 6th and 5th wrong PIN without an end time")
    void seed002And003Lock() {
        assertThat(PinPolicy.seed002().afterFailure(5, 0, NOW)).isEqualTo(new PinCheck.Rejected(1));
        assertThat(PinPolicy.seed002().afterFailure(6, 0, NOW))
                .isEqualTo(PinCheck.Locked.indefinitely(LockoutAction.LOCK_UNTIL_BANK_RESET));
        assertThat(PinPolicy.seed003().afterFailure(5, 0, NOW))
                .isEqualTo(PinCheck.Locked.indefinitely(LockoutAction.LOCK_CONTACT_CA));
    }

    @Test
    @DisplayName("R5.2 004 freezes 24 h twice, then the third lockout is permanent")
    void seed004FreezesThenPermanent() {
        PinPolicy p = PinPolicy.seed004();
        Instant in24h = NOW.plus(Duration.ofHours(24));
        assertThat(p.afterFailure(5, 0, NOW)).isEqualTo(new PinCheck.Rejected(1));
        assertThat(p.afterFailure(6, 0, NOW)).isEqualTo(PinCheck.Locked.frozenUntil(in24h));
        assertThat(p.lockout(1, NOW)).isEqualTo(PinCheck.Locked.frozenUntil(in24h));
        PinCheck.Locked permanent = p.lockout(2, NOW);
        assertThat(permanent.action()).isEqualTo(LockoutAction.FREEZE_TIMED_THEN_PERMANENT);
        assertThat(permanent.until()).isEmpty();
        assertThat(p.lockout(3, NOW).until()).isEmpty();
    }

    @Test
    @DisplayName("R5.2 a timed freeze is over at its end time, a permanent one never")
    void lockedIsOver() {
        PinCheck.Locked frozen = PinCheck.Locked.frozenUntil(NOW);
        assertThat(frozen.isOver(NOW.minusMillis(1))).isFalse();
        assertThat(frozen.isOver(NOW)).isTrue();
        assertThat(PinCheck.Locked.indefinitely(LockoutAction.LOCK_FOREVER).isOver(Instant.MAX)).isFalse();
    }

    @Test
    @DisplayName("R5.1 outcomes are validated: a rejection leaves at least one attempt, only freezes have an end")
    void outcomesValidated() {
        assertShieldError(ErrorCode.INVALID_ARGUMENT, () -> new PinCheck.Rejected(0));
        assertShieldError(ErrorCode.INVALID_ARGUMENT,
                () -> new PinCheck.Locked(LockoutAction.LOCK_FOREVER, Optional.of(NOW)));
        assertShieldError(ErrorCode.INVALID_ARGUMENT, () -> PinPolicy.seed001().afterFailure(0, 0, NOW));
        assertShieldError(ErrorCode.INVALID_ARGUMENT, () -> PinPolicy.seed001().lockout(-1, NOW));
        assertShieldError(ErrorCode.INVALID_ARGUMENT, () -> PinPolicy.seed001().attemptsLeft(-1));
        assertThat(new PinCheck.Accepted()).isInstanceOf(PinCheck.class);
    }

    @Test
    @DisplayName("R5.2 contradictory policies throw INVALID_POLICY with the rejected value")
    void contradictions() {
        assertRejected(() -> PinPolicy.builder().maxAttempts(0).build(), "0");
        assertRejected(() -> PinPolicy.builder().maxAttempts(101).build(), "101");
        assertRejected(() -> PinPolicy.builder().pinLength(3).build(), "3");
        assertRejected(() -> PinPolicy.builder().pinLength(13).build(), "13");
        assertRejected(() -> PinPolicy.builder().freezeDuration(Duration.ofHours(24)).build(), "PT24H");
        assertRejected(() -> PinPolicy.builder().lockoutAction(LockoutAction.FREEZE_TIMED_THEN_PERMANENT).build(),
                "freezeDuration");
        assertRejected(() -> PinPolicy.seed004().toBuilder().freezeDuration(Duration.ZERO).build(), "PT0S");
        assertRejected(() -> PinPolicy.seed004().toBuilder().freezeDuration(Duration.ofHours(-1)).build(), "PT-1H");
        assertRejected(() -> PinPolicy.seed004().toBuilder().freezeDuration(Duration.ofDays(367)).build(), "PT8808H");
        assertRejected(() -> PinPolicy.seed004().toBuilder().maxTimedFreezes(0).build(), "0");
        assertRejected(() -> PinPolicy.seed001().toBuilder().maxTimedFreezes(2).build(), "2");
        assertRejected(() -> PinPolicy.seed001().toBuilder().allowBankReset(true).build(), "true");
        assertRejected(() -> PinPolicy.seed002().toBuilder().allowBankReset(false).build(), "false");
        assertRejected(() -> PinPolicy.seed003().toBuilder().allowBankReset(false).build(), "false");
        assertRejected(() -> PinPolicy.seed004().toBuilder().lockoutAction(LockoutAction.LOCK_UNTIL_BANK_RESET).build(),
                "PT24H");
    }

    private static void assertRejected(io.mshield.ShieldAssertions.Call call, String value) {
        ShieldException e = assertShieldError(ErrorCode.INVALID_POLICY, call);
        assertThat(e.getMessage()).contains(value);
    }

    @Test
    @DisplayName("R5.2 the builder derives reset and timed freezes from the action unless set; toBuilder round-trips")
    void builderDefaultsAndRoundTrip() {
        PinPolicy freezing = PinPolicy.builder().maxAttempts(6).lockoutAction(LockoutAction.FREEZE_TIMED_THEN_PERMANENT)
                .freezeDuration(Duration.ofHours(24)).build();
        assertThat(freezing).isEqualTo(PinPolicy.seed004());
        PinPolicy bank = PinPolicy.builder().lockoutAction(LockoutAction.LOCK_UNTIL_BANK_RESET).build();
        assertThat(bank.allowBankReset()).isTrue();
        for (PinPolicy p : new PinPolicy[]{PinPolicy.seed001(), PinPolicy.seed002(), PinPolicy.seed003(), PinPolicy.seed004()}) {
            assertThat(p.toBuilder().build()).isEqualTo(p).hasSameHashCodeAs(p);
            assertThat(p.toString()).contains("maxAttempts=" + p.maxAttempts());
        }
        PinPolicy noReset004 = PinPolicy.seed004().toBuilder().allowBankReset(false).maxTimedFreezes(1).build();
        assertThat(noReset004.allowBankReset()).isFalse();
        assertThat(noReset004.lockout(1, NOW).until()).isEmpty();
        PinPolicy back = PinPolicy.seed004().toBuilder().lockoutAction(LockoutAction.LOCK_FOREVER).noFreezeDuration()
                .maxTimedFreezes(0).allowBankReset(false).maxAttempts(5).build();
        assertThat(back).isEqualTo(PinPolicy.seed001());
        assertThat(PinPolicy.seed001()).isNotEqualTo(PinPolicy.seed003()).isNotEqualTo(null).isNotEqualTo("x");
    }

    @Test
    @DisplayName("R2.4 the policy parses and checks its PIN length")
    void lengthFromPolicy() {
        PinPolicy eight = PinPolicy.builder().pinLength(8).build();
        assertThat(eight.parse("47021398".toCharArray()).length()).isEqualTo(8);
        assertShieldError(ErrorCode.INVALID_PIN_FORMAT, () -> eight.parse("470213".toCharArray()));
        assertShieldError(ErrorCode.INVALID_PIN_FORMAT, () -> eight.checkFormat(Pin.of("470213")));
        assertShieldError(ErrorCode.INVALID_PIN_FORMAT, () -> PinPolicy.defaults().checkStrength(Pin.of("47021398".toCharArray(), 8)));
        eight.checkStrength(Pin.of("47021398".toCharArray(), 8));
    }
}
