package io.mshield.core;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.core.fixtures.World;
import io.mshield.core.persistence.memory.InMemoryPersistence;
import io.mshield.shield.ShieldDetails;
import io.mshield.identity.ResidentIdNumber;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MobileShieldsBuilderTest {

    @Test
    @DisplayName("the builder names the first missing SPI")
    void missingSpis() {
        assertThatThrownBy(() -> MobileShields.builder().build()).isInstanceOfSatisfying(ShieldException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains("persistence is required");
        });
        assertThatThrownBy(() -> MobileShields.builder().persistence(new InMemoryPersistence()).crypto(io.mshield.crypto.bc.BouncyCastleCrypto.create()).build())
                .isInstanceOfSatisfying(ShieldException.class, e -> assertThat(e.getMessage()).contains("smsSender is required"));
        assertThatThrownBy(() -> MobileShields.builder().pinPolicy(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    @DisplayName("two SDK instances in one JVM share nothing; a second node on the same store sees the first's shields")
    void instancesShareNothing() {
        World a = new World();
        World b = new World();
        ShieldDetails d = a.open(World.BOSS, "dev-1", "acct-boss", "135790");
        assertThatThrownBy(() -> b.sdk.shields().details(d.number())).isInstanceOfSatisfying(ShieldException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.SHIELD_NOT_FOUND));
        World a2 = World.secondNode(a, a.persistence, x -> x.coolingOff(io.mshield.limit.CoolingOffPolicy.none()));
        assertThat(a2.sdk.shields().details(d.number())).isEqualTo(d);
        assertThat(a2.sdk.shields().shieldsOf(World.ENTERPRISE, ResidentIdNumber.of(World.BOSS.value()))).hasSize(1);
        assertThat(a.sdk.toString()).doesNotContain("135790");
    }
}
