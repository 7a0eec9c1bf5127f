package io.mshield.core.rules;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.core.fixtures.World;
import io.mshield.limit.CoolingOffPolicy;
import io.mshield.permission.Grant;
import io.mshield.shield.ShieldDetails;
import io.mshield.shield.ShieldStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static io.mshield.core.fixtures.World.BOSS;
import static io.mshield.core.fixtures.World.ENTERPRISE;
import static io.mshield.core.fixtures.World.OPERATOR;
import static io.mshield.core.fixtures.World.OPERATOR2;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * R1.1, R4.4: an enterprise role acts only as the person the enterprise's filing names in that role,
 * and only while the filing can be read; an actor read back from the records acts for no one. Attacks
 * {@code Roles}: a filing whose super administrator is not its legal representative (so that each role
 * is looked up in its own place), a filing that is gone, and recorded actors of every kind — each
 * refused with {@code FORBIDDEN} and a message saying why, nothing changed and nothing audited.
 */
class EnterpriseRolesAsTheFilingNamesThemTest {
    private static final String PIN = "135790";

    private final SwitchableFiling filing = new SwitchableFiling();
    private final World w = new World(b -> b.coolingOff(CoolingOffPolicy.none()).identityRegistry(filing));

    private static ShieldException forbidden(Executable call) {
        ShieldException e = org.junit.jupiter.api.Assertions.assertThrows(ShieldException.class, call);
        assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
        return e;
    }

    private int audited() {
        return w.sdk.audit().read(1, 1000).size();
    }

    /** The filing names OPERATOR2 as super administrator; they grant OPERATOR, who opens a shield. */
    private ShieldDetails operatorsShield() {
        filing.superAdministrator = OPERATOR2;
        w.sdk.permissions().grant(Actor.superAdministrator("admin-2", ENTERPRISE, OPERATOR2), ENTERPRISE, OPERATOR);
        return w.open(OPERATOR, "dev-op", "acct-op", PIN);
    }

    @Test
    @DisplayName("each role is the filing's own: the legal representative is no super administrator, the super administrator no legal representative")
    void eachRoleAsNamed() {
        ShieldDetails d = operatorsShield();
        int entries = audited();
        ShieldException notSuper = forbidden(() -> w.sdk.permissions().grant(Actor.superAdministrator("boss", ENTERPRISE, BOSS), ENTERPRISE,
                OPERATOR2));
        assertThat(notSuper.getMessage()).contains("does not name").contains("SUPER_ADMINISTRATOR");
        ShieldException notLegal = forbidden(() -> w.sdk.administration().freeze(d.number(), Actor.legalRepresentative("admin-2", ENTERPRISE,
                OPERATOR2)));
        assertThat(notLegal.getMessage()).contains("does not name").contains("LEGAL_REPRESENTATIVE");
        assertThat(audited()).isEqualTo(entries);
        assertThat(w.sdk.permissions().grants(ENTERPRISE)).extracting(Grant::person).doesNotContain(OPERATOR2);
        assertThat(w.sdk.shields().details(d.number()).status()).isEqualTo(ShieldStatus.ACTIVE);

        // as the filing names them, each acts
        assertThat(w.sdk.administration().freeze(d.number(), Actor.legalRepresentative("boss", ENTERPRISE, BOSS)).status())
                .isEqualTo(ShieldStatus.FROZEN);
    }

    @Test
    @DisplayName("with the enterprise's filing gone, its legal representative freezes nothing: FORBIDDEN, no filing naming them")
    void filingGone() {
        ShieldDetails d = w.open(BOSS, "dev-1", "acct-boss", PIN);
        int entries = audited();
        filing.gone = true;
        ShieldException e = forbidden(() -> w.sdk.administration().freeze(d.number(), World.legalRep(ENTERPRISE)));
        assertThat(e.getMessage()).contains("no filing record");
        filing.gone = false;
        assertThat(w.sdk.shields().details(d.number()).status()).isEqualTo(ShieldStatus.ACTIVE);
        assertThat(audited()).isEqualTo(entries);
    }

    @Test
    @DisplayName("actors read back from the records act for no one: a recorded super administrator, holder or bank staff is FORBIDDEN")
    void recordedActors() {
        ShieldDetails d = operatorsShield();
        Actor recordedAdmin = w.sdk.permissions().grants(ENTERPRISE).stream().filter(g -> g.person().equals(OPERATOR)).findFirst()
                .orElseThrow().grantedBy();
        assertThat(recordedAdmin.role()).isEqualTo(Actor.Role.SUPER_ADMINISTRATOR);
        int entries = audited();
        ShieldException admin = forbidden(() -> w.sdk.permissions().grant(recordedAdmin, ENTERPRISE, OPERATOR2));
        assertThat(admin.getMessage()).contains("audit log");
        ShieldException holder = forbidden(() -> w.sdk.administration().reportLoss(d.number(), Actor.recorded(Actor.Role.HOLDER, "acct-op")));
        assertThat(holder.getMessage()).contains("audit log");
        forbidden(() -> w.sdk.administration().unlockPin(d.number(), Actor.recorded(Actor.Role.BANK_STAFF, "s-1")));
        forbidden(() -> w.sdk.administration().freeze(d.number(), Actor.recorded(Actor.Role.LEGAL_REPRESENTATIVE, "boss")));
        assertThat(audited()).isEqualTo(entries);
        assertThat(w.sdk.shields().details(d.number()).status()).isEqualTo(ShieldStatus.ACTIVE);
        // the live holder of the same account may
        assertThat(w.sdk.administration().reportLoss(d.number(), Actor.holder("acct-op")).status()).isEqualTo(ShieldStatus.LOST);
    }
}
