package io.mshield.identity;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;

import static io.mshield.ShieldAssertions.assertShieldError;
import static org.assertj.core.api.Assertions.assertThat;

class ResidentIdNumberTest {
    /** A published sample with check character X. */
    static final String SAMPLE = "11010519491231002X";

    @ParameterizedTest
    @ValueSource(strings = {SAMPLE, "44030419900307123X", "320106200002294562", "110101200012310000"})
    @DisplayName("R1.2 accepts numbers with a correct GB 11643 check character")
    void acceptsValid(String number) {
        assertThat(ResidentIdNumber.of(number).value()).isEqualTo(number);
        assertThat(ResidentIdNumber.of(IdDocumentType.MAINLAND_RESIDENT_ID, number).value()).isEqualTo(number);
    }

    @Test
    @DisplayName("R1.2 computes the ISO 7064 MOD 11-2 check character")
    void computesCheckCharacter() {
        assertThat(ResidentIdNumber.checkCharacter("11010519491231002")).isEqualTo('X');
        assertThat(ResidentIdNumber.checkCharacter("32010620000229456")).isEqualTo('2');
        assertThat(ResidentIdNumber.checkCharacter("11010120001231000")).isEqualTo('0');
    }

    @Test
    @DisplayName("R1.2 refuses a wrong GB 11643 check digit")
    void refusesWrongCheckDigit() {
        for (char c : "0123456789".toCharArray()) {
            String wrong = SAMPLE.substring(0, 17) + c;
            ShieldException e = assertShieldError(ErrorCode.INVALID_ID_NUMBER, () -> ResidentIdNumber.of(wrong));
            assertThat(e.getMessage()).doesNotContain(wrong).doesNotContain(SAMPLE.substring(0, 17));
        }
        assertShieldError(ErrorCode.INVALID_ID_NUMBER, () -> ResidentIdNumber.of("320106200002294563"));
    }

    @Test
    @DisplayName("R1.2 refuses a single changed digit (the check character catches it)")
    void refusesChangedDigit() {
        String changed = "11010519491231012X";
        assertShieldError(ErrorCode.INVALID_ID_NUMBER, () -> ResidentIdNumber.of(changed));
    }

    @Test
    @DisplayName("R1.2 accepts a lower-case x and stores it upper-case")
    void normalizesLowerCaseX() {
        ResidentIdNumber id = ResidentIdNumber.of("11010519491231002x");
        assertThat(id.value()).isEqualTo(SAMPLE);
        assertThat(id).isEqualTo(ResidentIdNumber.of(SAMPLE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "11010519491231002", "11010519491231002XX", "1101051949123100AX",
            "11010519491231002Y", "110105194912310 2X", "110105194913310020", "110105194902300020",
            "110105179901010020", "１1010519491231002X"})
    @DisplayName("R1.2 refuses malformed numbers and impossible birth dates with INVALID_ID_NUMBER")
    void refusesMalformed(String text) {
        ShieldException e = assertShieldError(ErrorCode.INVALID_ID_NUMBER, () -> ResidentIdNumber.of(text));
        if (!text.isEmpty()) {
            assertThat(e.getMessage()).doesNotContain(text);
        }
    }

    @Test
    @DisplayName("R1.2 refuses a 29 February in a non-leap year even with a matching check character")
    void refusesFebruary29InCommonYear() {
        String first17 = "32010620010229456";
        String number = first17 + ResidentIdNumber.checkCharacter(first17);
        assertShieldError(ErrorCode.INVALID_ID_NUMBER, () -> ResidentIdNumber.of(number));
    }

    @ParameterizedTest
    @EnumSource(value = IdDocumentType.class, names = "MAINLAND_RESIDENT_ID", mode = EnumSource.Mode.EXCLUDE)
    @DisplayName("R1.2 refuses non-mainland documents with UNSUPPORTED_ID_DOCUMENT")
    void refusesOtherDocuments(IdDocumentType type) {
        assertShieldError(ErrorCode.UNSUPPORTED_ID_DOCUMENT, () -> ResidentIdNumber.of(type, SAMPLE));
        assertShieldError(ErrorCode.UNSUPPORTED_ID_DOCUMENT, () -> ResidentIdNumber.of(type, "H12345678"));
    }

    @Test
    @DisplayName("R1.2 the ID number is personal data: toString masks the birth date")
    void masks() {
        ResidentIdNumber id = ResidentIdNumber.of(SAMPLE);
        assertThat(id.masked()).isEqualTo("110105********002X");
        assertThat(id).hasToString("110105********002X");
        assertThat(id.toString()).doesNotContain("19491231");
    }

    @Test
    @DisplayName("R9.4 gives the character at a 1-based position for the identity challenge")
    void digitAt() {
        ResidentIdNumber id = ResidentIdNumber.of(SAMPLE);
        assertThat(id.digitAt(1)).isEqualTo('1');
        assertThat(id.digitAt(7)).isEqualTo('1');
        assertThat(id.digitAt(10)).isEqualTo('9');
        assertThat(id.digitAt(18)).isEqualTo('X');
        assertShieldError(ErrorCode.INVALID_ARGUMENT, () -> id.digitAt(0));
        assertShieldError(ErrorCode.INVALID_ARGUMENT, () -> id.digitAt(19));
    }

    @Test
    @DisplayName("R1.2 gives the birth date")
    void birthDate() {
        assertThat(ResidentIdNumber.of(SAMPLE).birthDate()).isEqualTo(LocalDate.of(1949, 12, 31));
        assertThat(ResidentIdNumber.of("320106200002294562").birthDate()).isEqualTo(LocalDate.of(2000, 2, 29));
    }
}
