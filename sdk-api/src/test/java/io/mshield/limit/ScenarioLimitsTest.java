package io.mshield.limit;

import io.mshield.ErrorCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.mshield.ShieldAssertions.assertShieldError;
import static org.assertj.core.api.Assertions.assertThat;

class ScenarioLimitsTest {
    private static final Money MILLION = Money.cny("1000000.00");

    @Test
    @DisplayName("R6.1 seed000 caps transfer, payroll and loan at 1,000,000.00 CNY, other scenarios uncapped")
    void seed000Caps() {
        ScenarioLimits limits = ScenarioLimits.seed000();
        assertThat(limits.cap(Scenario.TRANSFER)).contains(MILLION);
        assertThat(limits.cap(Scenario.PAYROLL)).contains(MILLION);
        assertThat(limits.cap(Scenario.LOAN)).contains(MILLION);
        assertThat(limits.cap(Scenario.OTHER)).isEmpty();
        assertThat(limits.cap(Scenario.of("fx"))).isEmpty();
        assertThat(limits.defaultCap()).isEmpty();
        assertThat(ScenarioLimits.defaults()).isEqualTo(limits).hasSameHashCodeAs(limits);
    }

    @Test
    @DisplayName("R6.2 above the cap a hardware key is required; exactly the cap is allowed")
    void decisions() {
        ScenarioLimits limits = ScenarioLimits.seed000();
        assertThat(limits.check(Scenario.TRANSFER, MILLION)).isEqualTo(new LimitDecision.Allowed());
        assertThat(limits.check(Scenario.TRANSFER, Money.cny("1000000.01")))
                .isEqualTo(new LimitDecision.HardwareKeyRequired(MILLION));
        assertThat(limits.check(Scenario.PAYROLL, Money.cny("2000000"))).isInstanceOf(LimitDecision.HardwareKeyRequired.class);
        assertThat(limits.check(Scenario.OTHER, Money.cny("99999999999"))).isEqualTo(new LimitDecision.Allowed());
        assertThat(limits.check(Scenario.LOAN, Money.cny("1")).allowed()).isTrue();
        assertShieldError(ErrorCode.INVALID_AMOUNT, () -> limits.check(Scenario.LOAN, Money.of("1", "USD")));
    }

    @Test
    @DisplayName("R6.1 a default cap applies to scenarios without entry unless explicitly uncapped")
    void defaultCap() {
        Money tenK = Money.cny("10000");
        ScenarioLimits limits = ScenarioLimits.seed000().toBuilder().defaultCap(tenK).uncapped(Scenario.of("fx"))
                .build();
        assertThat(limits.cap(Scenario.OTHER)).contains(tenK);
        assertThat(limits.cap(Scenario.of("fx"))).isEmpty();
        assertThat(limits.cap(Scenario.TRANSFER)).contains(MILLION);
        ScenarioLimits moved = limits.toBuilder().uncapped(Scenario.TRANSFER).useDefault(Scenario.of("fx")).build();
        assertThat(moved.cap(Scenario.TRANSFER)).isEmpty();
        assertThat(moved.cap(Scenario.of("fx"))).contains(tenK);
        assertThat(moved.toBuilder().cap(Scenario.TRANSFER, tenK).build().cap(Scenario.TRANSFER)).contains(tenK);
        assertThat(limits.toBuilder().build()).isEqualTo(limits);
        assertThat(limits.toString()).contains("transfer", "1000000.00 CNY", "10000.00 CNY");
        assertThat(ScenarioLimits.none().cap(Scenario.TRANSFER)).isEmpty();
        assertThat(limits.caps()).containsEntry(Scenario.LOAN, MILLION);
        assertThat(limits.uncapped()).containsExactly(Scenario.of("fx"));
    }

    @Test
    @DisplayName("R6.1 scenarios are open-ended lower-case names")
    void scenarios() {
        assertThat(Scenario.of("transfer")).isEqualTo(Scenario.TRANSFER).hasToString("transfer");
        assertThat(Scenario.of("cross_border-2").name()).isEqualTo("cross_border-2");
        assertThat(Channel.of("mobile-app")).hasToString("mobile-app");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Transfer", "a b", "转账", "x23456789012345678901234567890123"})
    @DisplayName("R6.1 malformed scenario and channel names are refused")
    void badScenarioNames(String name) {
        assertShieldError(ErrorCode.INVALID_ARGUMENT, () -> Scenario.of(name));
        assertShieldError(ErrorCode.INVALID_ARGUMENT, () -> Channel.of(name));
    }
}
