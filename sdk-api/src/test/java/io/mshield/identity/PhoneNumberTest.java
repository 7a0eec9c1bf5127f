package io.mshield.identity;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.mshield.ShieldAssertions.assertShieldError;
import static org.assertj.core.api.Assertions.assertThat;

class PhoneNumberTest {

    @Test
    @DisplayName("accepts mainland mobile numbers and removes a +86 prefix")
    void accepts() {
        assertThat(PhoneNumber.of("13812345678").value()).isEqualTo("13812345678");
        assertThat(PhoneNumber.of("+8613812345678")).isEqualTo(PhoneNumber.of("13812345678"));
        assertThat(PhoneNumber.of("19912345678").value()).isEqualTo("19912345678");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "12812345678", "10812345678", "1381234567", "138123456789", "+86 13812345678",
            "8613812345678", "+8612812345678", "1381234567a", "23812345678", "+85213812345678"})
    @DisplayName("refuses other numbers with INVALID_PHONE_NUMBER and never echoes them")
    void refuses(String text) {
        ShieldException e = assertShieldError(ErrorCode.INVALID_PHONE_NUMBER, () -> PhoneNumber.of(text));
        if (!text.isEmpty()) {
            assertThat(e.getMessage()).doesNotContain(text);
        }
    }

    @Test
    @DisplayName("the phone number is personal data: toString masks the middle digits")
    void masks() {
        PhoneNumber p = PhoneNumber.of("13812345678");
        assertThat(p.masked()).isEqualTo("138****5678");
        assertThat(p).hasToString("138****5678");
    }
}
