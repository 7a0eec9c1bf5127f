package io.mshield.enrollment;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OneTimeCodeTest {

    @Test
    @DisplayName("R2.2 a one-time code never shows its digits in toString or in an error message")
    void redacted() {
        OneTimeCode code = OneTimeCode.of("493817");
        assertThat(code.toString()).doesNotContain("493817").doesNotContainPattern("\\d{2}");
        assertThatThrownBy(() -> OneTimeCode.of("49381x")).isInstanceOfSatisfying(ShieldException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).doesNotContain("49381");
        });
        assertThatThrownBy(() -> OneTimeCode.of("12")).isInstanceOf(ShieldException.class).hasMessageNotContaining("12 ");
    }

    @Test
    @DisplayName("codes compare by value and are unusable once wiped")
    void compareAndWipe() {
        char[] typed = "493817".toCharArray();
        OneTimeCode a = OneTimeCode.of(typed);
        typed[0] = '0';
        assertThat(a.matches(OneTimeCode.of("493817"))).isTrue();
        assertThat(a.matches(OneTimeCode.of("493818"))).isFalse();
        assertThat(a.matches(OneTimeCode.of("4938170"))).isFalse();
        assertThat(new String(a.digits())).isEqualTo("493817");
        a.close();
        assertThatThrownBy(a::digits).isInstanceOfSatisfying(ShieldException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_STATE));
    }
}
