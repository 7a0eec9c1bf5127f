package io.mshield.identity;

import io.mshield.ErrorCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.mshield.ShieldAssertions.assertShieldError;
import static org.assertj.core.api.Assertions.assertThat;

class OpaqueIdsTest {

    @Test
    @DisplayName("enterprise, user and device ids accept 1-64 characters of [A-Za-z0-9._-]")
    void accepts() {
        assertThat(EnterpriseId.of("ent-001").value()).isEqualTo("ent-001");
        assertThat(UserId.of("u.A_9").value()).isEqualTo("u.A_9");
        assertThat(DeviceId.of("d".repeat(64)).value()).hasSize(64);
        assertThat(UserId.of("x")).hasToString("x");
        assertThat(UserId.of("Ab")).isNotEqualTo(UserId.of("ab"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "a/b", "ä", "a\nb", "a@b", "1234567890123456789012345678901234567890123456789012345678901234X"})
    @DisplayName("malformed ids are refused with INVALID_IDENTIFIER")
    void refuses(String text) {
        assertShieldError(ErrorCode.INVALID_IDENTIFIER, () -> EnterpriseId.of(text));
        assertShieldError(ErrorCode.INVALID_IDENTIFIER, () -> UserId.of(text));
        assertShieldError(ErrorCode.INVALID_IDENTIFIER, () -> DeviceId.of(text));
    }
}
