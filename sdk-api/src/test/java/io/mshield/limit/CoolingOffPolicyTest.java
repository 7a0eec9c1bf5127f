package io.mshield.limit;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static io.mshield.ShieldAssertions.assertShieldError;
import static org.assertj.core.api.Assertions.assertThat;

class CoolingOffPolicyTest {
    private static final Instant ENABLED = Instant.parse("2026-03-01T08:00:00Z");
    private static final Channel APP = Channel.of("mobile-app");

    @Test
    @DisplayName("R6.5 seed004: 6 hours for transfer, payroll and loan in every channel; it is the default")
    void seed004() {
        CoolingOffPolicy p = CoolingOffPolicy.seed004();
        assertThat(p.duration()).isEqualTo(Duration.ofHours(6));
        assertThat(p.scenarios()).containsExactlyInAnyOrder(Scenario.TRANSFER, Scenario.PAYROLL, Scenario.LOAN);
        assertThat(p.channels()).isEmpty();
        assertThat(CoolingOffPolicy.defaults()).isEqualTo(p).hasSameHashCodeAs(p);
        assertThat(p.endsAt(ENABLED)).isEqualTo(ENABLED.plus(Duration.ofHours(6)));
    }

    @Test
    @DisplayName("R6.5 high-risk transactions are denied with COOLING_OFF until 6 hours have passed")
    void decisions() {
        CoolingOffPolicy p = CoolingOffPolicy.seed004();
        Instant justBefore = ENABLED.plus(Duration.ofHours(6)).minusSeconds(1);
        LimitDecision early = p.check(ENABLED, justBefore, Scenario.TRANSFER, APP);
        assertThat(early).isInstanceOfSatisfying(LimitDecision.Denied.class, d -> {
            assertThat(d.reason()).isEqualTo(ErrorCode.COOLING_OFF);
            assertThat(d.explanation()).contains("2026-03-01T14:00:00Z");
        });
        assertThat(p.check(ENABLED, ENABLED.plus(Duration.ofHours(6)), Scenario.TRANSFER, APP).allowed()).isTrue();
        assertThat(p.check(ENABLED, ENABLED, Scenario.OTHER, APP).allowed()).isTrue();
    }

    @Test
    @DisplayName("R6.5 cooling-off can be limited to some channels")
    void channels() {
        CoolingOffPolicy p = CoolingOffPolicy.seed004().toBuilder().channels(Set.of(APP)).build();
        assertThat(p.appliesTo(Scenario.TRANSFER, APP)).isTrue();
        assertThat(p.appliesTo(Scenario.TRANSFER, Channel.of("investment-app"))).isFalse();
        assertThat(p.check(ENABLED, ENABLED, Scenario.TRANSFER, Channel.of("investment-app")).allowed()).isTrue();
        assertThat(p.toBuilder().allChannels().build()).isEqualTo(CoolingOffPolicy.seed004());
        assertThat(p.toString()).contains("mobile-app", "PT6H");
    }

    @Test
    @DisplayName("R6.5 none() never cools off")
    void none() {
        CoolingOffPolicy none = CoolingOffPolicy.none();
        assertThat(none.isNone()).isTrue();
        assertThat(none.check(ENABLED, ENABLED, Scenario.TRANSFER, APP).allowed()).isTrue();
        assertThat(CoolingOffPolicy.builder().duration(Duration.ofHours(1)).addScenario(Scenario.of("fx")).build()
                .appliesTo(Scenario.of("fx"), APP)).isTrue();
    }

    @Test
    @DisplayName("R6.5 contradictory cooling-off policies throw INVALID_POLICY with the rejected value")
    void contradictions() {
        ShieldException e = assertShieldError(ErrorCode.INVALID_POLICY,
                () -> CoolingOffPolicy.builder().duration(Duration.ofHours(6)).build());
        assertThat(e.getMessage()).contains("PT6H");
        assertThat(assertShieldError(ErrorCode.INVALID_POLICY,
                () -> CoolingOffPolicy.seed004().toBuilder().duration(Duration.ZERO).build()).getMessage()).contains("transfer");
        assertThat(assertShieldError(ErrorCode.INVALID_POLICY,
                () -> CoolingOffPolicy.builder().channels(Set.of(APP)).build()).getMessage()).contains("mobile-app");
        assertThat(assertShieldError(ErrorCode.INVALID_POLICY,
                () -> CoolingOffPolicy.seed004().toBuilder().duration(Duration.ofHours(-1)).build()).getMessage()).contains("PT-1H");
        assertThat(assertShieldError(ErrorCode.INVALID_POLICY,
                () -> CoolingOffPolicy.seed004().toBuilder().duration(Duration.ofDays(31)).build()).getMessage()).contains("PT744H");
    }
}
