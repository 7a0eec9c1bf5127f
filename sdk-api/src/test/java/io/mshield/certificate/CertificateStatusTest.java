package io.mshield.certificate;

import io.mshield.ErrorCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.mshield.ShieldAssertions.assertShieldError;
import static io.mshield.certificate.CertificateStatus.ACTIVE;
import static io.mshield.certificate.CertificateStatus.EXPIRED;
import static io.mshield.certificate.CertificateStatus.ON_HOLD;
import static io.mshield.certificate.CertificateStatus.REVOKED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class CertificateStatusTest {
    /** The table, written independently of the enum. */
    private static final Map<CertificateStatus, Set<CertificateStatus>> ALLOWED = Map.of(
            ACTIVE, Set.of(ON_HOLD, REVOKED, EXPIRED),
            ON_HOLD, Set.of(ACTIVE, REVOKED, EXPIRED),
            REVOKED, Set.of(),
            EXPIRED, Set.of());

    static List<Arguments> allPairs() {
        List<Arguments> out = new ArrayList<>();
        for (CertificateStatus from : CertificateStatus.values()) {
            for (CertificateStatus to : CertificateStatus.values()) {
                out.add(Arguments.of(from, to, ALLOWED.get(from).contains(to)));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @MethodSource("allPairs")
    @DisplayName("R10.4 certificate transitions follow the table (every pair)")
    void transitions(CertificateStatus from, CertificateStatus to, boolean allowed) {
        assertThat(from.canBecome(to)).isEqualTo(allowed);
        if (allowed) {
            assertThatCode(() -> from.requireCanBecome(to)).doesNotThrowAnyException();
        } else {
            assertThat(assertShieldError(ErrorCode.ILLEGAL_STATE, () -> from.requireCanBecome(to)).getMessage())
                    .contains(from.name(), to.name());
        }
    }

    @Test
    @DisplayName("R3.4 revoked and expired certificates are terminal")
    void terminal() {
        assertThat(REVOKED.isTerminal()).isTrue();
        assertThat(EXPIRED.isTerminal()).isTrue();
        assertThat(ACTIVE.isTerminal()).isFalse();
        assertThat(ON_HOLD.isTerminal()).isFalse();
        for (CertificateStatus s : CertificateStatus.values()) {
            assertThat(s.next()).isEqualTo(ALLOWED.get(s)).doesNotContain(s);
        }
    }
}
