package io.mshield.audit;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.mshield.ShieldAssertions.assertShieldError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditCheckpointTest {
    private static final String HASH = "ab".repeat(32);

    @Test
    @DisplayName("R10.5 the checkpoint policy defaults to every 100 entries or 5 minutes and round-trips through its builder")
    void policyDefaults() {
        CheckpointPolicy p = CheckpointPolicy.defaults();
        assertThat(p.everyEntries()).isEqualTo(100);
        assertThat(p.maxInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.toBuilder().build()).isEqualTo(p).hasSameHashCodeAs(p);
        assertThat(CheckpointPolicy.builder().everyEntries(7).build().everyEntries()).isEqualTo(7);
    }

    @Test
    @DisplayName("R10.5 a checkpoint policy out of range throws INVALID_POLICY naming the rejected value")
    void policyRefusals() {
        ShieldException e = assertShieldError(ErrorCode.INVALID_POLICY, () -> CheckpointPolicy.builder().everyEntries(0).build());
        assertThat(e.getMessage()).contains("0");
        assertShieldError(ErrorCode.INVALID_POLICY, () -> CheckpointPolicy.builder().everyEntries(CheckpointPolicy.MAX_ENTRIES + 1).build());
        assertThat(assertShieldError(ErrorCode.INVALID_POLICY,
                () -> CheckpointPolicy.builder().maxInterval(Duration.ofMillis(10)).build()).getMessage()).contains("PT0.01S");
        assertShieldError(ErrorCode.INVALID_POLICY, () -> CheckpointPolicy.builder().maxInterval(Duration.ofDays(2)).build());
    }

    @Test
    @DisplayName("R10.5 a checkpoint validates its numbers and hex fields")
    void checkpointValidation() {
        Instant t = Instant.parse("2026-12-06T00:00:00Z");
        AuditCheckpoint ok = new AuditCheckpoint(1, 4, HASH, t, AuditCheckpoint.FIRST_PREVIOUS, HASH);
        assertThat(ok.sequence()).isEqualTo(4);
        assertThatThrownBy(() -> new AuditCheckpoint(0, 4, HASH, t, HASH, HASH)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuditCheckpoint(1, 0, HASH, t, HASH, HASH)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuditCheckpoint(1, 4, "AB".repeat(32), t, HASH, HASH)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuditCheckpoint(1, 4, HASH, t, HASH, "zz")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("R10.5 a verdict carries a finding exactly when it is not intact")
    void verdicts() {
        assertThat(AuditVerification.intact(3, 1).finding()).isEmpty();
        AuditVerification broken = AuditVerification.broken(3, 1, 2, AuditVerification.Finding.TRUNCATED, "gone");
        assertThat(broken.intact()).isFalse();
        assertThat(broken.finding()).contains(AuditVerification.Finding.TRUNCATED);
        assertThatThrownBy(() -> new AuditVerification(1, 0, true, java.util.Optional.of(1L), java.util.Optional.empty(),
                java.util.Optional.empty())).isInstanceOf(IllegalArgumentException.class);
    }
}
