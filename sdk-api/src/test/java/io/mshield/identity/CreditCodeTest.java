package io.mshield.identity;

import io.mshield.ErrorCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.mshield.ShieldAssertions.assertShieldError;
import static org.assertj.core.api.Assertions.assertThat;

class CreditCodeTest {

    @ParameterizedTest
    @ValueSource(strings = {"91350100M000100Y43", "91110000600037341L", "91440300708461136T"})
    @DisplayName("R1.3 accepts credit codes with a correct GB 32100 check character")
    void acceptsValid(String code) {
        assertThat(CreditCode.of(code).value()).isEqualTo(code);
        assertThat(CreditCode.of(code)).hasToString(code);
    }

    @Test
    @DisplayName("R1.3 computes the GB 32100 check character (weights 3^i mod 31)")
    void computesCheckCharacter() {
        assertThat(CreditCode.checkCharacter("91350100M000100Y4")).isEqualTo('3');
        assertThat(CreditCode.checkCharacter("91110000600037341")).isEqualTo('L');
        assertThat(CreditCode.CHARSET).hasSize(31).doesNotContain("I", "O", "S", "V", "Z");
    }

    @Test
    @DisplayName("R1.3 refuses a credit code with a wrong check character")
    void refusesWrongCheck() {
        for (char c : CreditCode.CHARSET.toCharArray()) {
            if (c != '3') {
                assertShieldError(ErrorCode.INVALID_CREDIT_CODE, () -> CreditCode.of("91350100M000100Y4" + c));
            }
        }
    }

    @Test
    @DisplayName("R1.3 accepts lower case and stores the credit code upper-case")
    void normalizesCase() {
        assertThat(CreditCode.of("91350100m000100y43").value()).isEqualTo("91350100M000100Y43");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "91350100M000100Y4", "91350100M000100Y433", "91350100I000100Y43",
            "91350100O000100Y43", "91350100S000100Y43", "91350100V000100Y43", "91350100Z000100Y43",
            "91350100M000100Y4 ", "9135010-M000100Y43"})
    @DisplayName("R1.3 refuses malformed credit codes with INVALID_CREDIT_CODE")
    void refusesMalformed(String text) {
        assertShieldError(ErrorCode.INVALID_CREDIT_CODE, () -> CreditCode.of(text));
    }
}
