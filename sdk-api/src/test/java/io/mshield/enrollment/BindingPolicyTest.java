package io.mshield.enrollment;

import io.mshield.ErrorCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.mshield.ShieldAssertions.assertShieldError;
import static org.assertj.core.api.Assertions.assertThat;

class BindingPolicyTest {

    @Test
    @DisplayName("R2.7 defaults combine seeds 000 and 001: one per enterprise, one per device, 5 per device, 6 devices")
    void defaults() {
        BindingPolicy p = BindingPolicy.defaults();
        assertThat(p.onePerPersonPerEnterprise()).isTrue();
        assertThat(p.onePerPersonPerDevice()).isTrue();
        assertThat(p.maxShieldsPerDevice()).isEqualTo(5);
        assertThat(p.maxDevicesPerPerson()).isEqualTo(6);
        assertThat(p.duplicateAction()).isEqualTo(DuplicateAction.REJECT);
        assertThat(p.toBuilder().build()).isEqualTo(p).hasSameHashCodeAs(p);
        assertThat(p.toString()).contains("maxShieldsPerDevice=5", "maxDevicesPerPerson=6");
    }

    @Test
    @DisplayName("R2.8 a duplicate application can also suspend the existing shield, by policy")
    void suspendExisting() {
        BindingPolicy p = BindingPolicy.builder().duplicateAction(DuplicateAction.REJECT_AND_SUSPEND_EXISTING).build();
        assertThat(p.duplicateAction()).isEqualTo(DuplicateAction.REJECT_AND_SUSPEND_EXISTING);
        assertThat(p).isNotEqualTo(BindingPolicy.defaults());
    }

    @Test
    @DisplayName("R2.7 contradictory binding policies throw INVALID_POLICY with the rejected value")
    void contradictions() {
        assertThat(assertShieldError(ErrorCode.INVALID_POLICY,
                () -> BindingPolicy.builder().maxShieldsPerDevice(0).build()).getMessage()).contains("0");
        assertThat(assertShieldError(ErrorCode.INVALID_POLICY,
                () -> BindingPolicy.builder().maxDevicesPerPerson(1001).build()).getMessage()).contains("1001");
        assertThat(assertShieldError(ErrorCode.INVALID_POLICY, () -> BindingPolicy.builder().onePerPersonPerDevice(false)
                .duplicateAction(DuplicateAction.REJECT_AND_SUSPEND_EXISTING).build()).getMessage())
                .contains("REJECT_AND_SUSPEND_EXISTING");
        assertThat(BindingPolicy.builder().onePerPersonPerDevice(false).onePerPersonPerEnterprise(false).build()
                .onePerPersonPerDevice()).isFalse();
    }
}
