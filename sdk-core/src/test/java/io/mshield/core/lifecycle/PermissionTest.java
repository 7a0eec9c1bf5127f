package io.mshield.core.lifecycle;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.audit.AuditEntry;
import io.mshield.core.fixtures.World;
import io.mshield.identity.IdDocumentType;
import io.mshield.identity.ResidentIdNumber;
import io.mshield.permission.Grant;
import io.mshield.shield.ShieldDetails;
import io.mshield.shield.ShieldStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;

import static io.mshield.core.fixtures.World.BOSS;
import static io.mshield.core.fixtures.World.ENTERPRISE;
import static io.mshield.core.fixtures.World.OPERATOR;
import static io.mshield.core.fixtures.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;

class PermissionTest {
    private final World w = new World();
    private final Actor superAdmin = World.superAdmin(World.ENTERPRISE);

    @Test
    @DisplayName("R1.1 the super administrator is entitled by default; others only once granted")
    void defaultEntitlement() {
        assertThat(w.sdk.permissions().isEntitled(ENTERPRISE, BOSS)).isTrue();
        assertThat(w.sdk.permissions().isEntitled(ENTERPRISE, OPERATOR)).isFalse();
        Grant g = w.sdk.permissions().grant(superAdmin, ENTERPRISE, OPERATOR);
        assertThat(g.person()).isEqualTo(OPERATOR);
        assertThat(w.sdk.permissions().isEntitled(ENTERPRISE, OPERATOR)).isTrue();
        assertThat(w.sdk.permissions().grants(ENTERPRISE)).extracting(Grant::person).containsExactly(OPERATOR);
    }

    @Test
    @DisplayName("R1.1 only the super administrator grants; a withdrawn grant revokes the person's shields in the enterprise")
    void withdrawal() {
        refused(ErrorCode.FORBIDDEN, () -> w.sdk.permissions().grant(World.staff("s1"), ENTERPRISE, OPERATOR));
        refused(ErrorCode.FORBIDDEN, () -> w.sdk.permissions().grant(World.legalRep(ENTERPRISE), ENTERPRISE, OPERATOR));
        w.sdk.permissions().grant(superAdmin, ENTERPRISE, OPERATOR);
        ShieldDetails d = w.open(OPERATOR, "dev-2", "acct-op", "135790");
        assertThat(w.sdk.permissions().withdraw(superAdmin, ENTERPRISE, OPERATOR)).isEqualTo(1);
        assertThat(w.sdk.shields().details(d.number()).status()).isEqualTo(ShieldStatus.REVOKED);
        assertThat(w.statusOf(new BigInteger(d.certificate().orElseThrow().serialHex(), 16)).reason())
                .contains(io.mshield.certificate.RevocationReason.PRIVILEGE_WITHDRAWN);
        assertThat(w.sdk.permissions().isEntitled(ENTERPRISE, OPERATOR)).isFalse();
        refused(ErrorCode.NOT_ENTITLED, () -> w.sdk.enrollment().start(w.application(OPERATOR, "dev-3", "acct-op")));
        refused(ErrorCode.NOT_ENTITLED, () -> w.sdk.permissions().withdraw(superAdmin, ENTERPRISE, OPERATOR));
        refused(ErrorCode.FORBIDDEN, () -> w.sdk.permissions().withdraw(superAdmin, ENTERPRISE, BOSS));
    }

    @Test
    @DisplayName("R1.2 grants name a mainland resident ID number; other documents are refused with their own code")
    void residentIdOnly() {
        refused(ErrorCode.UNSUPPORTED_ID_DOCUMENT, () -> ResidentIdNumber.of(IdDocumentType.PASSPORT, "E12345678"));
        refused(ErrorCode.INVALID_ID_NUMBER, () -> ResidentIdNumber.of("440524188001010015"));
        assertThat(w.sdk.permissions().grant(superAdmin, ENTERPRISE,
                ResidentIdNumber.of(IdDocumentType.MAINLAND_RESIDENT_ID, "440524188001010014")).person()).isEqualTo(OPERATOR);
    }

    @Test
    @DisplayName("R1.4 every grant and withdrawal is audited: who and for which enterprise, whom (masked), when")
    void audited() {
        w.sdk.permissions().grant(superAdmin, ENTERPRISE, OPERATOR);
        w.clock.advance(java.time.Duration.ofMinutes(3));
        w.sdk.permissions().withdraw(superAdmin, ENTERPRISE, OPERATOR);
        List<AuditEntry> entries = w.sdk.audit().read(1, 100);
        assertThat(entries).extracting(AuditEntry::action).containsExactly("permission.granted", "permission.withdrawn");
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.actor()).isEqualTo(Actor.recorded(superAdmin.role(), superAdmin.id()));
            assertThat(e.details()).containsEntry("actorEnterprise", ENTERPRISE.value()).containsEntry("actorPerson", BOSS.masked());
            assertThat(e.details().get("person")).isEqualTo(OPERATOR.masked());
            assertThat(e.toString()).doesNotContain(OPERATOR.value());
        });
        assertThat(entries.get(1).time()).isEqualTo(entries.get(0).time().plusSeconds(180));
        assertThat(w.sdk.audit().verify().intact()).isTrue();
    }
}
