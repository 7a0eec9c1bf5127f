package io.mshield.shield;

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
import static io.mshield.shield.ShieldStatus.ACTIVE;
import static io.mshield.shield.ShieldStatus.EXPIRED;
import static io.mshield.shield.ShieldStatus.FROZEN;
import static io.mshield.shield.ShieldStatus.INVALID;
import static io.mshield.shield.ShieldStatus.LOCKED;
import static io.mshield.shield.ShieldStatus.LOST;
import static io.mshield.shield.ShieldStatus.PENDING;
import static io.mshield.shield.ShieldStatus.REVOKED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class ShieldStatusTest {
    /** The lifecycle of ARCHITECTURE.md, written independently of the enum. */
    private static final Map<ShieldStatus, Set<ShieldStatus>> ALLOWED = Map.of(
            PENDING, Set.of(ACTIVE, REVOKED),
            ACTIVE, Set.of(LOST, FROZEN, LOCKED, REVOKED, EXPIRED, INVALID),
            LOST, Set.of(ACTIVE, REVOKED, EXPIRED, INVALID),
            FROZEN, Set.of(ACTIVE, REVOKED, EXPIRED, INVALID),
            LOCKED, Set.of(ACTIVE, REVOKED, EXPIRED, INVALID),
            REVOKED, Set.of(),
            EXPIRED, Set.of(REVOKED),
            INVALID, Set.of(REVOKED));

    static List<Arguments> allPairs() {
        List<Arguments> out = new ArrayList<>();
        for (ShieldStatus from : ShieldStatus.values()) {
            for (ShieldStatus to : ShieldStatus.values()) {
                out.add(Arguments.of(from, to, ALLOWED.get(from).contains(to)));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @MethodSource("allPairs")
    @DisplayName("R3/R4 shield transitions follow the lifecycle table (every pair)")
    void transitions(ShieldStatus from, ShieldStatus to, boolean allowed) {
        assertThat(from.canBecome(to)).isEqualTo(allowed);
        if (allowed) {
            assertThatCode(() -> from.requireCanBecome(to)).doesNotThrowAnyException();
        } else {
            assertThat(assertShieldError(ErrorCode.ILLEGAL_STATE, () -> from.requireCanBecome(to)).getMessage())
                    .contains(from.name(), to.name());
        }
    }

    @Test
    @DisplayName("R4.4 loss, freeze and PIN lock do not lead into one another, so none lifts another")
    void holdsAreSeparate() {
        assertThat(LOST.canBecome(FROZEN)).isFalse();
        assertThat(FROZEN.canBecome(LOST)).isFalse();
        assertThat(LOCKED.canBecome(FROZEN)).isFalse();
        assertThat(LOCKED.canBecome(LOST)).isFalse();
        assertThat(FROZEN.canBecome(LOCKED)).isFalse();
    }

    @Test
    @DisplayName("R3.7 expired and invalid shields can only be revoked; revoked is terminal")
    void endStates() {
        assertThat(EXPIRED.next()).containsExactly(REVOKED);
        assertThat(INVALID.next()).containsExactly(REVOKED);
        assertThat(REVOKED.next()).isEmpty();
        assertThat(REVOKED.isTerminal()).isTrue();
        assertThat(EXPIRED.isTerminal()).isFalse();
        for (ShieldStatus s : ShieldStatus.values()) {
            assertThat(s.next()).isEqualTo(ALLOWED.get(s)).doesNotContain(s);
            if (s != REVOKED) {
                assertThat(s.canBecome(REVOKED)).as("any -> REVOKED from " + s).isTrue();
            }
        }
    }

    @Test
    @DisplayName("R10.6 only an active shield may sign")
    void canSign() {
        for (ShieldStatus s : ShieldStatus.values()) {
            assertThat(s.canSign()).as(s.name()).isEqualTo(s == ACTIVE);
        }
    }

    @Test
    @DisplayName("custody modes are DEVICE, COLLABORATIVE and HOSTED")
    void custodyModes() {
        assertThat(CustodyMode.values()).containsExactly(CustodyMode.DEVICE, CustodyMode.COLLABORATIVE, CustodyMode.HOSTED);
    }
}
