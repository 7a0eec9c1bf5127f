package io.mshield.identity;

import io.mshield.ErrorCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import static io.mshield.ShieldAssertions.assertShieldError;
import static org.assertj.core.api.Assertions.assertThat;

class ShieldNumberTest {

    @Test
    @DisplayName("R2.6 accepts MS followed by 11 digits")
    void acceptsWellFormed() {
        ShieldNumber n = ShieldNumber.of("MS00012345678");
        assertThat(n.value()).isEqualTo("MS00012345678");
        assertThat(n).hasToString("MS00012345678").isEqualTo(new ShieldNumber("MS00012345678"));
        assertThat(ShieldNumber.LENGTH).isEqualTo(13);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "MS", "MS0001234567", "MS000123456789", "ms00012345678", "MX00012345678",
            "MS0001234567A", "MS 0012345678", "00012345678MS", "MS０0012345678", "MS-0012345678"})
    @DisplayName("R2.6 refuses anything else with INVALID_SHIELD_NUMBER")
    void refusesMalformed(String text) {
        assertShieldError(ErrorCode.INVALID_SHIELD_NUMBER, () -> ShieldNumber.of(text));
    }

    @Test
    @DisplayName("R2.6 random numbers are well formed and vary with the random source")
    void randomNumbers() {
        SplittableRandom rng = new SplittableRandom(42);
        Set<ShieldNumber> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            ShieldNumber n = ShieldNumber.random(rng);
            assertThat(n.value()).matches("MS\\d{11}");
            seen.add(n);
        }
        assertThat(seen).hasSize(1000);
        assertThat(ShieldNumber.random(new SplittableRandom(7))).isEqualTo(ShieldNumber.random(new SplittableRandom(7)));
    }
}
