package io.mshield.core.lifecycle;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.audit.AuditEntry;
import io.mshield.core.fixtures.World;
import io.mshield.identity.ShieldNumber;
import io.mshield.shield.ShieldDetails;
import io.mshield.shield.ShieldStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;

import static io.mshield.core.fixtures.Refusals.refused;
import static io.mshield.core.fixtures.World.BOSS;
import static io.mshield.core.fixtures.World.BOSS2;
import static io.mshield.core.fixtures.World.ENTERPRISE;
import static io.mshield.core.fixtures.World.ENTERPRISE2;
import static io.mshield.core.fixtures.World.OPERATOR;
import static io.mshield.core.fixtures.World.OPERATOR2;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * WHO-ACTS: an actor says whom it acts for, and the SDK checks it against the enterprise's filing
 * and the target's enterprise (R1.1, R4.4). Every refusal is FORBIDDEN and changes nothing.
 */
class ActorScopeTest {
    private final World w = new World();
    private final Actor ownRep = World.legalRep(ENTERPRISE);
    private final Actor otherRep = World.legalRep(ENTERPRISE2);
    private final Actor ownAdmin = World.superAdmin(ENTERPRISE);
    private final Actor otherAdmin = World.superAdmin(ENTERPRISE2);

    private ShieldDetails operatorShield() {
        w.sdk.permissions().grant(ownAdmin, ENTERPRISE, OPERATOR);
        return w.open(OPERATOR, "dev-op", "acct-op", "135790");
    }

    /** Refused with FORBIDDEN, and neither the audit log nor the shield's status changed. */
    private void forbiddenAndNothingChanges(ShieldNumber shield, Executable call) {
        long entries = w.sdk.audit().verify().entriesChecked();
        ShieldStatus before = w.sdk.shields().details(shield).status();
        refused(ErrorCode.FORBIDDEN, call);
        assertThat(w.sdk.audit().verify().entriesChecked()).isEqualTo(entries);
        assertThat(w.sdk.shields().details(shield).status()).isEqualTo(before);
    }

    @Test
    @DisplayName("R4.4 the legal representative of another enterprise may not report loss, cancel it, freeze, unfreeze, void or reset a PIN: FORBIDDEN, audit count unchanged")
    void legalRepresentativeOfAnotherEnterprise() {
        ShieldNumber s = operatorShield().number();
        forbiddenAndNothingChanges(s, () -> w.sdk.administration().reportLoss(s, otherRep));
        forbiddenAndNothingChanges(s, () -> w.sdk.administration().freeze(s, otherRep));
        forbiddenAndNothingChanges(s, () -> w.sdk.administration().voidShield(s, otherRep));
        forbiddenAndNothingChanges(s, () -> w.sdk.administration().resetPin(s, otherRep, w.pin(s, "582946")));
        w.sdk.administration().reportLoss(s, ownRep);
        forbiddenAndNothingChanges(s, () -> w.sdk.administration().cancelLoss(s, otherRep));
        w.sdk.administration().cancelLoss(s, ownRep);
        w.sdk.administration().freeze(s, ownRep);
        forbiddenAndNothingChanges(s, () -> w.sdk.administration().unfreeze(s, otherRep));
        assertThat(w.sdk.administration().unfreeze(s, ownRep).status()).isEqualTo(ShieldStatus.ACTIVE);
        assertThat(w.sdk.administration().voidShield(s, ownRep).status()).isEqualTo(ShieldStatus.REVOKED);
    }

    @Test
    @DisplayName("R4.4 another enterprise's legal representative manages that enterprise's shields, and only those")
    void eachInItsOwnEnterprise() {
        ShieldNumber mine = operatorShield().number();
        ShieldNumber theirs = w.open(w.application(ENTERPRISE2, BOSS2, "dev-boss2", "acct-boss2"), "135790").number();
        assertThat(w.sdk.administration().freeze(theirs, otherRep).status()).isEqualTo(ShieldStatus.FROZEN);
        forbiddenAndNothingChanges(theirs, () -> w.sdk.administration().unfreeze(theirs, ownRep));
        forbiddenAndNothingChanges(mine, () -> w.sdk.administration().freeze(mine, otherRep));
    }

    @Test
    @DisplayName("R4.4 a legal representative whom the enterprise's filing does not name, or an operator claiming the role, may not act: FORBIDDEN")
    void notNamedByTheFiling() {
        ShieldNumber s = operatorShield().number();
        forbiddenAndNothingChanges(s, () -> w.sdk.administration().freeze(s,
                Actor.legalRepresentative("boss-ent-2", ENTERPRISE, BOSS2)));
        forbiddenAndNothingChanges(s, () -> w.sdk.administration().freeze(s,
                Actor.legalRepresentative("op2", ENTERPRISE, OPERATOR2)));
        forbiddenAndNothingChanges(s, () -> w.sdk.administration().voidShield(s,
                Actor.legalRepresentative("ghost", io.mshield.identity.EnterpriseId.of("no-filing"), BOSS)));
    }

    @Test
    @DisplayName("R1.1 R4.4 the super administrator of another enterprise may not grant or withdraw: FORBIDDEN, audit count unchanged, grants and shields unchanged")
    void superAdministratorOfAnotherEnterprise() {
        ShieldNumber s = operatorShield().number();
        long entries = w.sdk.audit().verify().entriesChecked();
        refused(ErrorCode.FORBIDDEN, () -> w.sdk.permissions().grant(otherAdmin, ENTERPRISE, OPERATOR2));
        refused(ErrorCode.FORBIDDEN, () -> w.sdk.permissions().withdraw(otherAdmin, ENTERPRISE, OPERATOR));
        refused(ErrorCode.FORBIDDEN, () -> w.sdk.permissions().withdraw(ownAdmin, ENTERPRISE2, OPERATOR));
        refused(ErrorCode.FORBIDDEN, () -> w.sdk.permissions().withdraw(Actor.superAdministrator("x", ENTERPRISE, BOSS2), ENTERPRISE, OPERATOR));
        refused(ErrorCode.FORBIDDEN, () -> w.sdk.permissions().grant(Actor.superAdministrator("x", ENTERPRISE, OPERATOR), ENTERPRISE, OPERATOR2));
        assertThat(w.sdk.audit().verify().entriesChecked()).isEqualTo(entries);
        assertThat(w.sdk.permissions().isEntitled(ENTERPRISE, OPERATOR2)).isFalse();
        assertThat(w.sdk.permissions().isEntitled(ENTERPRISE, OPERATOR)).isTrue();
        assertThat(w.sdk.shields().details(s).status()).isEqualTo(ShieldStatus.ACTIVE);
        assertThat(w.sdk.permissions().withdraw(ownAdmin, ENTERPRISE, OPERATOR)).isEqualTo(1);
    }

    @Test
    @DisplayName("R4.3 bank staff's identity verification reference, and an enterprise role's enterprise, are recorded in the audit log")
    void verificationRecorded() {
        ShieldNumber s = operatorShield().number();
        w.sdk.administration().freeze(s, Actor.bankStaff("teller-9", "br-0592", "idv-2026-000417"));
        w.sdk.administration().unfreeze(s, Actor.bankStaff("teller-9", "br-0592", "idv-2026-000418"));
        w.sdk.administration().reportLoss(s, ownRep);
        List<AuditEntry> log = w.sdk.audit().read(1, 1000);
        AuditEntry frozen = log.stream().filter(e -> e.action().equals("shield.frozen")).findFirst().orElseThrow();
        assertThat(frozen.details()).containsEntry("verification", "idv-2026-000417").containsEntry("actorBranch", "br-0592");
        assertThat(frozen.actor().id()).isEqualTo("teller-9");
        AuditEntry lost = log.stream().filter(e -> e.action().equals("shield.loss_reported")).findFirst().orElseThrow();
        assertThat(lost.details()).containsEntry("actorEnterprise", ENTERPRISE.value()).containsEntry("actorPerson", BOSS.masked());
        assertThat(log).allSatisfy(e -> assertThat(e.details().values()).doesNotContain(BOSS.value()));
    }

    @Test
    @DisplayName("R4.4 an actor read back from the audit log cannot act")
    void recordedActorsCannotAct() {
        ShieldNumber s = operatorShield().number();
        forbiddenAndNothingChanges(s, () -> w.sdk.administration().freeze(s, Actor.recorded(Actor.Role.BANK_STAFF, "teller-9")));
        forbiddenAndNothingChanges(s, () -> w.sdk.administration().reportLoss(s, Actor.recorded(Actor.Role.HOLDER, "acct-op")));
        refused(ErrorCode.FORBIDDEN, () -> w.sdk.permissions().grant(Actor.recorded(Actor.Role.SUPER_ADMINISTRATOR, "x"), ENTERPRISE, OPERATOR2));
    }
}
