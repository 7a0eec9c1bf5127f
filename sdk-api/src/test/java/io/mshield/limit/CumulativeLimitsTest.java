package io.mshield.limit;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.mshield.ShieldAssertions.assertShieldError;
import static org.assertj.core.api.Assertions.assertThat;

class CumulativeLimitsTest {
    private static final Money ZERO = Money.cny("0");

    @Test
    @DisplayName("R6.1 cumulative limits: none by default")
    void noneByDefault() {
        CumulativeLimits d = CumulativeLimits.defaults();
        assertThat(d.isNone()).isTrue();
        assertThat(d.dailyPerShield()).isEmpty();
        assertThat(d.monthlyPerShield()).isEmpty();
        assertThat(d.dailyPerEnterprise()).isEmpty();
        assertThat(d.monthlyPerEnterprise()).isEmpty();
        assertThat(d.checkShield(Money.cny("99999999"), ZERO, ZERO)).isEqualTo(new LimitDecision.Allowed());
        assertThat(d).isEqualTo(CumulativeLimits.none());
    }

    @Test
    @DisplayName("R6.1 daily and monthly limits per shield and per enterprise deny with LIMIT_EXCEEDED")
    void limits() {
        CumulativeLimits c = CumulativeLimits.builder().dailyPerShield(Money.cny("5000")).monthlyPerShield(Money.cny("20000"))
                .dailyPerEnterprise(Money.cny("50000")).monthlyPerEnterprise(Money.cny("100000")).build();
        assertThat(c.checkShield(Money.cny("1000"), Money.cny("4000"), Money.cny("4000")).allowed()).isTrue();
        LimitDecision daily = c.checkShield(Money.cny("1000.01"), Money.cny("4000"), Money.cny("4000"));
        assertThat(daily).isInstanceOfSatisfying(LimitDecision.Denied.class, d -> {
            assertThat(d.reason()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
            assertThat(d.explanation()).contains("daily", "5000.00 CNY");
            ShieldException e = d.toException();
            assertThat(e.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
        });
        LimitDecision monthly = c.checkShield(Money.cny("100"), ZERO, Money.cny("19900.01"));
        assertThat(monthly).isInstanceOfSatisfying(LimitDecision.Denied.class,
                d -> assertThat(d.explanation()).contains("monthly"));
        assertThat(c.checkEnterprise(Money.cny("50000"), ZERO, ZERO).allowed()).isTrue();
        assertThat(c.checkEnterprise(Money.cny("1"), Money.cny("50000"), ZERO).allowed()).isFalse();
        assertThat(c.checkEnterprise(Money.cny("1"), ZERO, Money.cny("100000")).allowed()).isFalse();
        assertShieldError(ErrorCode.INVALID_AMOUNT, () -> c.checkShield(Money.of("1", "USD"), ZERO, ZERO));
        assertThat(c.toBuilder().build()).isEqualTo(c).hasSameHashCodeAs(c);
        assertThat(c.toBuilder().noDailyPerShield().noMonthlyPerShield().noDailyPerEnterprise().noMonthlyPerEnterprise()
                .build().isNone()).isTrue();
        assertThat(c.toString()).contains("dailyPerShield=5000.00 CNY");
    }

    @Test
    @DisplayName("R6.1 contradictory cumulative limits throw INVALID_POLICY with the rejected values")
    void contradictions() {
        ShieldException e = assertShieldError(ErrorCode.INVALID_POLICY, () -> CumulativeLimits.builder()
                .dailyPerShield(Money.cny("6000")).monthlyPerShield(Money.cny("5000")).build());
        assertThat(e.getMessage()).contains("6000.00 CNY", "5000.00 CNY");
        assertShieldError(ErrorCode.INVALID_POLICY, () -> CumulativeLimits.builder()
                .dailyPerEnterprise(Money.cny("1")).monthlyPerEnterprise(Money.of("5", "USD")).build());
    }

    @Test
    @DisplayName("R6.2 decisions are validated")
    void decisionValidation() {
        assertShieldError(ErrorCode.INVALID_ARGUMENT, () -> new LimitDecision.Denied(ErrorCode.LIMIT_EXCEEDED, " "));
        assertThat(new LimitDecision.HardwareKeyRequired(Money.cny("1")).allowed()).isFalse();
    }
}
