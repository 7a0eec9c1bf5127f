package io.mshield.core.rules;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.audit.AuditEntry;
import io.mshield.core.fixtures.World;
import io.mshield.identity.EnterpriseId;
import io.mshield.permission.Grant;
import io.mshield.shield.ShieldDetails;
import io.mshield.shield.ShieldStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.mshield.core.fixtures.Refusals.refused;
import static io.mshield.core.fixtures.World.BOSS;
import static io.mshield.core.fixtures.World.ENTERPRISE;
import static io.mshield.core.fixtures.World.ENTERPRISE2;
import static io.mshield.core.fixtures.World.OPERATOR;
import static io.mshield.core.fixtures.World.OPERATOR2;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of grants (R1.1, R1.4) through the public API: what a grant records, that granting an
 * active grant changes nothing, that a withdrawn grant can be given again, which grants are listed and
 * in what order, and what a withdrawal revokes.
 */
class PermissionGrantRulesTest {
    private final World w = new World();
    private final Actor superAdmin = World.superAdmin(ENTERPRISE);

    private List<AuditEntry> audit(String action) {
        return w.sdk.audit().read(1, 1000).stream().filter(e -> e.action().equals(action)).toList();
    }

    @Test
    @DisplayName("a grant records who granted it and when; the super administrator's own entitlement is the filing's")
    void whatAGrantRecords() {
        Instant at = w.clock.instant();
        Grant g = w.sdk.permissions().grant(superAdmin, ENTERPRISE, OPERATOR);
        assertThat(g.enterprise()).isEqualTo(ENTERPRISE);
        assertThat(g.grantedBy()).isEqualTo(Actor.recorded(superAdmin.role(), superAdmin.id()));
        assertThat(g.grantedAt()).isEqualTo(at);
        assertThat(g.byDefault()).isFalse();
        assertThat(w.sdk.permissions().grants(ENTERPRISE)).containsExactly(g);

        Grant own = w.sdk.permissions().grant(superAdmin, ENTERPRISE, BOSS);
        assertThat(own.byDefault()).isTrue();
        assertThat(own.grantedBy()).isEqualTo(Actor.system("filing"));
        assertThat(own.grantedAt()).isEqualTo(Instant.EPOCH);
        assertThat(w.sdk.permissions().grants(ENTERPRISE)).as("the filing's entitlement is not stored as a grant").containsExactly(g);
        assertThat(audit("permission.granted")).hasSize(1);
    }

    @Test
    @DisplayName("granting an active grant again returns it unchanged and writes nothing")
    void grantingTwice() {
        Grant first = w.sdk.permissions().grant(superAdmin, ENTERPRISE, OPERATOR);
        w.clock.advance(Duration.ofHours(1));
        long entries = w.sdk.audit().read(1, 1000).size();
        Grant again = w.sdk.permissions().grant(superAdmin, ENTERPRISE, OPERATOR);
        assertThat(again).isEqualTo(first);
        assertThat(w.sdk.audit().read(1, 1000)).hasSize((int) entries);
    }

    @Test
    @DisplayName("a withdrawn grant can be given again: entitled again, with the new time, and audited")
    void grantAgainAfterWithdrawal() {
        w.sdk.permissions().grant(superAdmin, ENTERPRISE, OPERATOR);
        w.sdk.permissions().withdraw(superAdmin, ENTERPRISE, OPERATOR);
        assertThat(w.sdk.permissions().grants(ENTERPRISE)).isEmpty();
        w.clock.advance(Duration.ofDays(2));
        Grant again = w.sdk.permissions().grant(superAdmin, ENTERPRISE, OPERATOR);
        assertThat(again.grantedAt()).isEqualTo(w.clock.instant());
        assertThat(w.sdk.permissions().isEntitled(ENTERPRISE, OPERATOR)).isTrue();
        assertThat(w.sdk.permissions().grants(ENTERPRISE)).containsExactly(again);
        assertThat(audit("permission.granted")).hasSize(2);
        assertThat(audit("permission.withdrawn")).hasSize(1);
        // withdrawn twice: the second time there is nothing to withdraw
        w.sdk.permissions().withdraw(superAdmin, ENTERPRISE, OPERATOR);
        refused(ErrorCode.NOT_ENTITLED, () -> w.sdk.permissions().withdraw(superAdmin, ENTERPRISE, OPERATOR));
        assertThat(audit("permission.withdrawn")).hasSize(2);
    }

    @Test
    @DisplayName("the grants listed are the active ones of that enterprise, oldest first")
    void listing() {
        w.sdk.permissions().grant(superAdmin, ENTERPRISE, OPERATOR2);
        w.clock.advance(Duration.ofMinutes(5));
        w.sdk.permissions().grant(superAdmin, ENTERPRISE, OPERATOR);
        w.sdk.permissions().grant(World.superAdmin(ENTERPRISE2), ENTERPRISE2, OPERATOR);
        assertThat(w.sdk.permissions().grants(ENTERPRISE)).extracting(Grant::person).containsExactly(OPERATOR2, OPERATOR);
        assertThat(w.sdk.permissions().grants(ENTERPRISE2)).extracting(Grant::person).containsExactly(OPERATOR);
        w.sdk.permissions().withdraw(superAdmin, ENTERPRISE, OPERATOR2);
        assertThat(w.sdk.permissions().grants(ENTERPRISE)).extracting(Grant::person).containsExactly(OPERATOR);
        assertThat(w.sdk.permissions().isEntitled(ENTERPRISE, OPERATOR2)).isFalse();
        assertThat(w.sdk.permissions().isEntitled(ENTERPRISE2, OPERATOR)).isTrue();
    }

    @Test
    @DisplayName("an enterprise without a filing entitles no one, and nothing can be withdrawn that was never granted")
    void noFilingNoGrant() {
        EnterpriseId unknown = EnterpriseId.of("ent-unknown");
        assertThat(w.sdk.permissions().isEntitled(unknown, BOSS)).isFalse();
        assertThat(w.sdk.permissions().grants(unknown)).isEmpty();
        refused(ErrorCode.FORBIDDEN, () -> w.sdk.permissions().grant(Actor.superAdministrator("x", unknown, BOSS), unknown, OPERATOR));
        refused(ErrorCode.NOT_ENTITLED, () -> w.sdk.permissions().withdraw(superAdmin, ENTERPRISE, OPERATOR2));
        assertThat(w.sdk.audit().read(1, 1000)).isEmpty();
    }

    @Test
    @DisplayName("a withdrawal revokes the person's live shields in that enterprise only, counts only those it revoked, and frees their place")
    void withdrawalRevokesOnlyThatEnterprise() {
        w.sdk.permissions().grant(superAdmin, ENTERPRISE, OPERATOR);
        w.sdk.permissions().grant(World.superAdmin(ENTERPRISE2), ENTERPRISE2, OPERATOR);
        ShieldDetails voided = w.open(OPERATOR, "dev-a", "acct-a", "135790");
        w.sdk.administration().voidShield(voided.number(), World.staff("s"));
        ShieldDetails frozen = w.open(OPERATOR, "dev-b", "acct-b", "135790");
        w.sdk.administration().freeze(frozen.number(), World.staff("s"));
        ShieldDetails elsewhere = w.open(w.application(ENTERPRISE2, OPERATOR, "dev-d", "acct-d"), "135790");

        assertThat(w.sdk.permissions().withdraw(superAdmin, ENTERPRISE, OPERATOR)).isEqualTo(1);
        assertThat(w.sdk.shields().details(frozen.number()).status()).isEqualTo(ShieldStatus.REVOKED);
        assertThat(w.sdk.shields().details(voided.number()).status()).isEqualTo(ShieldStatus.REVOKED);
        assertThat(w.sdk.shields().details(elsewhere.number()).status()).isEqualTo(ShieldStatus.ACTIVE);
        assertThat(audit("shield.permission_withdrawn")).extracting(AuditEntry::subject).containsExactly(frozen.number().value());
        // the withdrawal released the person's place in the enterprise: granted again, they may hold a shield there again
        w.sdk.permissions().grant(superAdmin, ENTERPRISE, OPERATOR);
        assertThat(w.open(OPERATOR, "dev-e", "acct-e", "135790").status()).isEqualTo(ShieldStatus.ACTIVE);
        assertThat(w.sdk.audit().verify().intact()).isTrue();
    }
}
