package io.mshield.pin;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AuthMethodTest {
    @Test
    @DisplayName("R2.3 the methods are certificate + PIN, fingerprint or face; only PIN is not biometric")
    void methods() {
        assertThat(AuthMethod.values()).containsExactly(AuthMethod.PIN, AuthMethod.FINGERPRINT, AuthMethod.FACE);
        assertThat(AuthMethod.PIN.biometric()).isFalse();
        assertThat(AuthMethod.FINGERPRINT.biometric()).isTrue();
        assertThat(AuthMethod.FACE.biometric()).isTrue();
    }
}
