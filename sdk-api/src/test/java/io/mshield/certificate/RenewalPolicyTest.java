package io.mshield.certificate;

import io.mshield.ErrorCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static io.mshield.ShieldAssertions.assertShieldError;
import static org.assertj.core.api.Assertions.assertThat;

class RenewalPolicyTest {
    // 2031-03-01T00:00 in Beijing
    private static final Instant NOT_AFTER = Instant.parse("2031-02-28T16:00:00Z");

    @Test
    @DisplayName("R3.4 defaults: valid 5 years (002), renewable in the last 6 months (001), reminder a month earlier (002)")
    void defaults() {
        RenewalPolicy p = RenewalPolicy.defaults();
        assertThat(p.validity()).isEqualTo(Period.ofYears(5));
        assertThat(p.renewalWindow()).isEqualTo(Period.ofMonths(6));
        assertThat(p.reminderLead()).isEqualTo(Period.ofMonths(1));
        assertThat(p.zone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(p).isEqualTo(RenewalPolicy.seed001And002()).hasSameHashCodeAs(RenewalPolicy.seed001And002());
        assertThat(p.toBuilder().build()).isEqualTo(p);
        assertThat(p.toString()).contains("P5Y", "P6M", "P1M");
    }

    @Test
    @DisplayName("R3.4 certificates are valid 5 calendar years")
    void notAfter() {
        RenewalPolicy p = RenewalPolicy.defaults();
        assertThat(p.notAfter(Instant.parse("2026-02-28T16:00:00Z"))).isEqualTo(NOT_AFTER);
        // 29 February 2028 (Beijing) + 5 years = 28 February 2033
        assertThat(p.notAfter(Instant.parse("2028-02-28T16:00:00Z"))).isEqualTo(Instant.parse("2033-02-27T16:00:00Z"));
    }

    @Test
    @DisplayName("R3.4 renewal is possible from 6 months before notAfter until notAfter, not after expiry")
    void renewalWindow() {
        RenewalPolicy p = RenewalPolicy.defaults();
        Instant windowStart = Instant.parse("2030-08-31T16:00:00Z"); // 2030-09-01T00:00 Beijing
        assertThat(p.renewalWindowStart(NOT_AFTER)).isEqualTo(windowStart);
        assertThat(p.inRenewalWindow(NOT_AFTER, windowStart.minusSeconds(1))).isFalse();
        assertThat(p.inRenewalWindow(NOT_AFTER, windowStart)).isTrue();
        assertThat(p.inRenewalWindow(NOT_AFTER, NOT_AFTER.minusSeconds(1))).isTrue();
        assertThat(p.inRenewalWindow(NOT_AFTER, NOT_AFTER)).isFalse();
        assertThat(p.inRenewalWindow(NOT_AFTER, NOT_AFTER.plusSeconds(86400))).isFalse();
    }

    @Test
    @DisplayName("R3.4 the reminder is due a month before the window opens, until expiry")
    void reminder() {
        RenewalPolicy p = RenewalPolicy.defaults();
        Instant reminder = Instant.parse("2030-07-31T16:00:00Z"); // 2030-08-01T00:00 Beijing
        assertThat(p.reminderAt(NOT_AFTER)).isEqualTo(reminder);
        assertThat(p.reminderDue(NOT_AFTER, reminder.minusSeconds(1))).isFalse();
        assertThat(p.reminderDue(NOT_AFTER, reminder)).isTrue();
        assertThat(p.reminderDue(NOT_AFTER, NOT_AFTER)).isFalse();
    }

    @Test
    @DisplayName("R3.4 the zone is configurable")
    void zone() {
        RenewalPolicy utc = RenewalPolicy.builder().zone(ZoneOffset.UTC).build();
        assertThat(utc.notAfter(Instant.parse("2026-01-01T00:00:00Z"))).isEqualTo(Instant.parse("2031-01-01T00:00:00Z"));
    }

    @Test
    @DisplayName("R3.4 contradictory renewal policies throw INVALID_POLICY with the rejected value")
    void contradictions() {
        assertThat(assertShieldError(ErrorCode.INVALID_POLICY,
                () -> RenewalPolicy.builder().validity(Period.ZERO).build()).getMessage()).contains("P0D");
        assertThat(assertShieldError(ErrorCode.INVALID_POLICY,
                () -> RenewalPolicy.builder().renewalWindow(Period.ofMonths(-1)).build()).getMessage()).contains("P-1M");
        assertThat(assertShieldError(ErrorCode.INVALID_POLICY,
                () -> RenewalPolicy.builder().reminderLead(Period.ofDays(-1)).build()).getMessage()).contains("P-1D");
        assertThat(assertShieldError(ErrorCode.INVALID_POLICY,
                () -> RenewalPolicy.builder().validity(Period.ofMonths(6)).build()).getMessage()).contains("P6M");
        assertThat(assertShieldError(ErrorCode.INVALID_POLICY,
                () -> RenewalPolicy.builder().validity(Period.ofMonths(7)).build()).getMessage()).contains("P7M");
        assertThat(RenewalPolicy.builder().validity(Period.ofMonths(8)).build().validity()).isEqualTo(Period.ofMonths(8));
    }
}
