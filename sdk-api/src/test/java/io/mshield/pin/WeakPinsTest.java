package io.mshield.pin;

import io.mshield.ErrorCode;
import io.mshield.identity.PhoneNumber;
import io.mshield.identity.ResidentIdNumber;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.mshield.ShieldAssertions.assertShieldError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class WeakPinsTest {
    private static final ResidentIdNumber ID = ResidentIdNumber.of("11010519491231002X");
    private static final PhoneNumber PHONE = PhoneNumber.of("13812345678");
    private static final PinPolicy POLICY = PinPolicy.defaults();

    @ParameterizedTest
    @ValueSource(strings = {"000000", "111111", "555555", "999999"})
    @DisplayName("R3.3 weak PINs: one repeated digit is refused")
    void repeatedDigit(String digits) {
        assertShieldError(ErrorCode.WEAK_PIN, () -> POLICY.checkStrength(Pin.of(digits), ID, PHONE));
        assertShieldError(ErrorCode.WEAK_PIN, () -> POLICY.checkStrength(Pin.of(digits)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"012345", "123456", "456789", "678901", "890123", "901234",
            "543210", "654321", "987654", "210987", "109876"})
    @DisplayName("R3.3 weak PINs: ascending and descending runs, also wrapping around 9-0, are refused")
    void runs(String digits) {
        assertShieldError(ErrorCode.WEAK_PIN, () -> POLICY.checkStrength(Pin.of(digits)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"110105", "101051", "194912", "491231", "123100", "231002", "138123", "812345", "345678"})
    @DisplayName("R3.3 weak PINs: 6 consecutive digits of the ID number or the phone number are refused")
    void personalDigits(String digits) {
        assertShieldError(ErrorCode.WEAK_PIN, () -> POLICY.checkStrength(Pin.of(digits), ID, PHONE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"470213", "135790", "112233", "121212", "102938", "310021", "864200"})
    @DisplayName("R3.3 other PINs pass the weak-PIN rules")
    void strongPins(String digits) {
        assertThatCode(() -> POLICY.checkStrength(Pin.of(digits), ID, PHONE)).doesNotThrowAnyException();
    }

    @Test
    @DisplayName("R3.3 a policy with the weak-PIN rules off accepts weak PINs but still checks the length")
    void rulesOff() {
        PinPolicy lax = PinPolicy.defaults().toBuilder().rejectWeakPins(false).build();
        assertThatCode(() -> lax.checkStrength(Pin.of("123456"), ID, PHONE)).doesNotThrowAnyException();
        assertThatCode(() -> lax.checkStrength(Pin.of("111111"))).doesNotThrowAnyException();
        assertShieldError(ErrorCode.INVALID_PIN_FORMAT, () -> lax.checkStrength(Pin.of("4702".toCharArray(), 4)));
        assertThat(lax.rejectWeakPins()).isFalse();
    }

    @Test
    @DisplayName("R3.3 the rules apply to the policy's PIN length")
    void otherLength() {
        PinPolicy four = PinPolicy.builder().pinLength(4).build();
        assertShieldError(ErrorCode.WEAK_PIN, () -> four.checkStrength(Pin.of("7890".toCharArray(), 4)));
        assertShieldError(ErrorCode.WEAK_PIN, () -> four.checkStrength(Pin.of("1949".toCharArray(), 4), ID, PHONE));
        assertThatCode(() -> four.checkStrength(Pin.of("4702".toCharArray(), 4), ID, PHONE)).doesNotThrowAnyException();
    }
}
