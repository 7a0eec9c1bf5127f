package io.mshield.enrollment;

import io.mshield.ErrorCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.mshield.ShieldAssertions.assertShieldError;
import static org.assertj.core.api.Assertions.assertThat;

class FacePolicyTest {

    @Test
    @DisplayName("R2.2 face defaults: score 0.8, liveness required, 5 tries a day")
    void defaults() {
        FacePolicy p = FacePolicy.defaults();
        assertThat(p.scoreThreshold()).isEqualTo(0.8);
        assertThat(p.livenessRequired()).isTrue();
        assertThat(p.maxTriesPerDay()).isEqualTo(5);
        assertThat(p.toBuilder().build()).isEqualTo(p).hasSameHashCodeAs(p);
        assertThat(p.toString()).contains("0.8");
    }

    @Test
    @DisplayName("R2.2 a comparison passes at the threshold with liveness")
    void passes() {
        FacePolicy p = FacePolicy.defaults();
        assertThat(p.passes(0.8, true)).isTrue();
        assertThat(p.passes(0.79, true)).isFalse();
        assertThat(p.passes(0.99, false)).isFalse();
        assertThat(p.toBuilder().livenessRequired(false).build().passes(0.99, false)).isTrue();
        assertShieldError(ErrorCode.INVALID_ARGUMENT, () -> p.passes(1.1, true));
        assertShieldError(ErrorCode.INVALID_ARGUMENT, () -> p.passes(Double.NaN, true));
    }

    @Test
    @DisplayName("R2.2 out-of-range face policies throw INVALID_POLICY with the rejected value")
    void contradictions() {
        assertThat(assertShieldError(ErrorCode.INVALID_POLICY,
                () -> FacePolicy.builder().scoreThreshold(0).build()).getMessage()).contains("0.0");
        assertThat(assertShieldError(ErrorCode.INVALID_POLICY,
                () -> FacePolicy.builder().scoreThreshold(1.5).build()).getMessage()).contains("1.5");
        assertThat(assertShieldError(ErrorCode.INVALID_POLICY,
                () -> FacePolicy.builder().scoreThreshold(Double.NaN).build()).getMessage()).contains("NaN");
        assertThat(assertShieldError(ErrorCode.INVALID_POLICY,
                () -> FacePolicy.builder().maxTriesPerDay(0).build()).getMessage()).contains("0");
    }
}
