package io.mshield.pin;

import io.mshield.ErrorCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static io.mshield.ShieldAssertions.assertShieldError;
import static org.assertj.core.api.Assertions.assertThat;

class PinTest {

    @Test
    @DisplayName("R2.4 accepts exactly 6 ASCII digits")
    void acceptsSixDigits() {
        try (Pin pin = Pin.of("470213")) {
            assertThat(pin.length()).isEqualTo(6);
            assertThat(pin.toUtf8Bytes()).isEqualTo("470213".getBytes(StandardCharsets.UTF_8));
            assertThat(pin.toChars()).containsExactly('4', '7', '0', '2', '1', '3');
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "47021", "4702139", "47021a", "47 213", "４70213", "-47021", "47021\u0000"})
    @DisplayName("R2.4 refuses anything but exactly 6 ASCII digits with INVALID_PIN_FORMAT")
    void refusesMalformed(String text) {
        assertShieldError(ErrorCode.INVALID_PIN_FORMAT, () -> Pin.of(text));
        assertShieldError(ErrorCode.INVALID_PIN_FORMAT, () -> Pin.of(text.toCharArray()));
    }

    @Test
    @DisplayName("R2.4 accepts other lengths only through the explicit length a policy allows")
    void otherLengths() {
        assertThat(Pin.of("4702".toCharArray(), 4).length()).isEqualTo(4);
        assertThat(Pin.of("470213470213".toCharArray(), 12).length()).isEqualTo(12);
        assertShieldError(ErrorCode.INVALID_PIN_FORMAT, () -> Pin.of("4702".toCharArray()));
        assertShieldError(ErrorCode.INVALID_ARGUMENT, () -> Pin.of("470".toCharArray(), 3));
        assertShieldError(ErrorCode.INVALID_ARGUMENT, () -> Pin.of("4702134702134".toCharArray(), 13));
    }

    @Test
    @DisplayName("R5.4 copies the caller's array: changing or wiping it does not change the PIN")
    void copiesInput() {
        char[] input = "470213".toCharArray();
        Pin pin = Pin.of(input);
        input[0] = '9';
        assertThat(pin.matches(Pin.of("470213"))).isTrue();
        char[] copy = pin.toChars();
        copy[0] = '9';
        assertThat(pin.matches(Pin.of("470213"))).isTrue();
    }

    @Test
    @DisplayName("R5.4 matches compares digits and lengths")
    void matches() {
        Pin pin = Pin.of("470213");
        assertThat(pin.matches(Pin.of("470213"))).isTrue();
        assertThat(pin.matches(Pin.of("470214"))).isFalse();
        assertThat(pin.matches(Pin.of("970213"))).isFalse();
        assertThat(pin.matches(Pin.of("4702".toCharArray(), 4))).isFalse();
    }

    @Test
    @DisplayName("R5.4 equality is identity, not digits, so PINs cannot be compared in variable time by accident")
    void identityEquality() {
        Pin a = Pin.of("470213");
        Pin b = Pin.of("470213");
        assertThat(a).isNotEqualTo(b).isEqualTo(a);
        assertThat(a.hashCode()).isEqualTo(System.identityHashCode(a));
    }

    @Test
    @DisplayName("R5.4 wipe zeroes the PIN and every later use throws ILLEGAL_STATE")
    void wipe() {
        Pin pin = Pin.of("470213");
        Pin other = Pin.of("470213");
        assertThat(pin.isWiped()).isFalse();
        pin.wipe();
        assertThat(pin.isWiped()).isTrue();
        pin.wipe();
        assertShieldError(ErrorCode.ILLEGAL_STATE, pin::length);
        assertShieldError(ErrorCode.ILLEGAL_STATE, pin::toUtf8Bytes);
        assertShieldError(ErrorCode.ILLEGAL_STATE, pin::toChars);
        assertShieldError(ErrorCode.ILLEGAL_STATE, () -> pin.matches(other));
        assertShieldError(ErrorCode.ILLEGAL_STATE, () -> other.matches(pin));
        assertThat(pin).hasToString("Pin[******]");
    }

    @Test
    @DisplayName("R5.4 close wipes, for try-with-resources")
    void closeWipes() {
        Pin escaped;
        try (Pin pin = Pin.of("470213")) {
            escaped = pin;
        }
        assertThat(escaped.isWiped()).isTrue();
    }
}
