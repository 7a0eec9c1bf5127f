package io.mshield.enrollment;

import io.mshield.ErrorCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.mshield.ShieldAssertions.assertShieldError;
import static org.assertj.core.api.Assertions.assertThat;

class OtpPolicyTest {

    @Test
    @DisplayName("R2.2 OTP defaults: 6 digits, 5 minutes, 5 attempts, 60 s between sends, 10 a day")
    void defaults() {
        OtpPolicy p = OtpPolicy.defaults();
        assertThat(p.length()).isEqualTo(6);
        assertThat(p.ttl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.maxAttempts()).isEqualTo(5);
        assertThat(p.resendCooldown()).isEqualTo(Duration.ofSeconds(60));
        assertThat(p.dailyCap()).isEqualTo(10);
        assertThat(p.toBuilder().build()).isEqualTo(p).hasSameHashCodeAs(p);
        Instant t = Instant.parse("2026-03-01T08:00:00Z");
        assertThat(p.expiresAt(t)).isEqualTo(t.plusSeconds(300));
        assertThat(p.nextSendAllowedAt(t)).isEqualTo(t.plusSeconds(60));
        assertThat(p.toString()).contains("PT5M");
    }

    @Test
    @DisplayName("R2.2 out-of-range OTP policies throw INVALID_POLICY with the rejected value")
    void contradictions() {
        assertThat(assertShieldError(ErrorCode.INVALID_POLICY, () -> OtpPolicy.builder().length(3).build()).getMessage()).contains("3");
        assertThat(assertShieldError(ErrorCode.INVALID_POLICY, () -> OtpPolicy.builder().length(11).build()).getMessage()).contains("11");
        assertThat(assertShieldError(ErrorCode.INVALID_POLICY,
                () -> OtpPolicy.builder().ttl(Duration.ofSeconds(5)).build()).getMessage()).contains("PT5S");
        assertThat(assertShieldError(ErrorCode.INVALID_POLICY,
                () -> OtpPolicy.builder().ttl(Duration.ofHours(2)).build()).getMessage()).contains("PT2H");
        assertThat(assertShieldError(ErrorCode.INVALID_POLICY, () -> OtpPolicy.builder().maxAttempts(0).build()).getMessage()).contains("0");
        assertThat(assertShieldError(ErrorCode.INVALID_POLICY,
                () -> OtpPolicy.builder().resendCooldown(Duration.ofSeconds(-1)).build()).getMessage()).contains("PT-1S");
        assertThat(assertShieldError(ErrorCode.INVALID_POLICY, () -> OtpPolicy.builder().dailyCap(0).build()).getMessage()).contains("0");
        assertThat(OtpPolicy.builder().resendCooldown(Duration.ZERO).build().resendCooldown()).isZero();
    }
}
