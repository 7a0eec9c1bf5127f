package io.mshield.identity;

import io.mshield.ErrorCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.mshield.ShieldAssertions.assertShieldError;
import static org.assertj.core.api.Assertions.assertThat;

class PersonNameTest {

    @Test
    @DisplayName("R1.3 accepts names as written on the document, up to 64 characters")
    void accepts() {
        assertThat(PersonName.of("张三").value()).isEqualTo("张三");
        assertThat(PersonName.of("阿沛·阿旺晋美").value()).isEqualTo("阿沛·阿旺晋美");
        assertThat(PersonName.of("ZHANG San").value()).isEqualTo("ZHANG San");
        assertThat(PersonName.of("名".repeat(64)).value()).hasSize(64);
        String extB = new String(Character.toChars(0x20000)); // a CJK Extension B character, two chars
        assertThat(PersonName.of(extB.repeat(64)).value()).hasSize(128);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", " 张三", "张三 ", "张\n三", "张\t三", "张\u200B三", "张\u202E三", "\u0000"})
    @DisplayName("R1.3 refuses blank names, control and format characters")
    void refuses(String text) {
        assertShieldError(ErrorCode.INVALID_ARGUMENT, () -> PersonName.of(text));
    }

    @Test
    @DisplayName("R1.3 refuses names over 64 characters")
    void refusesLong() {
        assertShieldError(ErrorCode.INVALID_ARGUMENT, () -> PersonName.of("名".repeat(65)));
    }

    @Test
    @DisplayName("the name is personal data: toString masks all but the first character")
    void masks() {
        assertThat(PersonName.of("张三丰")).hasToString("张**");
        assertThat(PersonName.of("张三丰").masked()).isEqualTo("张**");
    }
}
