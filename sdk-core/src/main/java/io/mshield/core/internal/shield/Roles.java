package io.mshield.core.internal.shield;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.core.internal.Context;
import io.mshield.identity.EnterpriseFiling;
import io.mshield.identity.EnterpriseId;
import io.mshield.identity.FiledPerson;

import java.util.Set;

/**
 * Who may do what (R4.4). The bank's back end authenticates its users and states in the
 * {@link Actor} the role and whom it acts for; the SDK checks that the role may make the
 * transition and that the actor acts for the target: a holder for the shield locked to their
 * account, an enterprise role for the shield's enterprise as the person its filing names in that
 * role, bank staff for a branch with an identity verification (docs/lifecycle.md, "Who may act").
 */
public final class Roles {
    private Roles() {
    }

    /**
     * The weight of a role when lifting a hold: only the same or a heavier role may lift what a
     * role imposed (a holder cannot unfreeze what an administrator froze).
     *
     * @param role the role
     * @return 1 for a holder, 2 for the enterprise's roles, 3 for bank staff and the system
     */
    public static int rank(Actor.Role role) {
        return switch (role) {
            case HOLDER -> 1;
            case LEGAL_REPRESENTATIVE, SUPER_ADMINISTRATOR -> 2;
            case BANK_STAFF, SYSTEM -> 3;
        };
    }

    /**
     * Refuses an actor whose role is not among the allowed ones, or who does not act for this
     * shield: a holder of another account, an enterprise role of another enterprise or not named
     * by the filing.
     *
     * @param ctx     the context (for the filing)
     * @param actor   who
     * @param s       the shield
     * @param allowed the roles allowed
     * @param what    the operation, for the message
     * @throws ShieldException {@link ErrorCode#FORBIDDEN}
     */
    public static void require(Context ctx, Actor actor, ShieldState s, Set<Actor.Role> allowed, String what) {
        if (!allowed.contains(actor.role())) {
            throw new ShieldException(ErrorCode.FORBIDDEN, actor.role() + " may not " + what + " (R4.4)");
        }
        requireCurrent(actor, what);
        switch (actor.role()) {
            case HOLDER -> {
                if (!actor.id().equals(s.account)) {
                    throw new ShieldException(ErrorCode.FORBIDDEN, "only the shield's holder may " + what + " as a holder (R4.4)");
                }
            }
            case LEGAL_REPRESENTATIVE, SUPER_ADMINISTRATOR -> requireEnterpriseRole(ctx, actor, EnterpriseId.of(s.enterprise), what);
            case BANK_STAFF, SYSTEM -> {
                // the bank authenticated its staff and recorded the identity verification (Actor.ActsFor.Branch)
            }
        }
    }

    /**
     * Refuses unless the actor is the given role acting for this enterprise as the person its
     * filing names in that role: the legal representative, or the super administrator (R1.1, R4.4).
     *
     * @param ctx        the context (for the filing)
     * @param actor      who
     * @param enterprise the enterprise acted upon
     * @param what       the operation, for the message
     * @throws ShieldException {@link ErrorCode#FORBIDDEN}
     */
    public static void requireEnterpriseRole(Context ctx, Actor actor, EnterpriseId enterprise, String what) {
        requireCurrent(actor, what);
        if (!(actor.actsFor() instanceof Actor.ActsFor.Enterprise e)) {
            throw new ShieldException(ErrorCode.FORBIDDEN, actor.role() + " may not " + what + " (R4.4)");
        }
        if (!e.enterprise().equals(enterprise)) {
            throw new ShieldException(ErrorCode.FORBIDDEN, "an actor for enterprise " + e.enterprise().value()
                    + " may not " + what + " of enterprise " + enterprise.value() + " (R4.4)");
        }
        EnterpriseFiling filing = ctx.registry().filing(enterprise).orElseThrow(() -> new ShieldException(ErrorCode.FORBIDDEN,
                "enterprise " + enterprise.value() + " has no filing record naming who may " + what + " (R1.3, R4.4)"));
        boolean named = actor.role() == Actor.Role.SUPER_ADMINISTRATOR
                ? filing.superAdministrator().equals(e.person())
                : filing.legalRepresentative().map(FiledPerson::idNumber).filter(e.person()::equals).isPresent();
        if (!named) {
            throw new ShieldException(ErrorCode.FORBIDDEN, "the filing of " + enterprise.value() + " does not name "
                    + e.person().masked() + " as " + actor.role() + " (R4.4)");
        }
    }

    private static void requireCurrent(Actor actor, String what) {
        if (actor.actsFor() instanceof Actor.ActsFor.Recorded) {
            throw new ShieldException(ErrorCode.FORBIDDEN, "an actor read from the audit log may not " + what);
        }
    }

    /**
     * Refuses lifting a hold imposed by a heavier role.
     *
     * @param actor who wants to lift it
     * @param s     the shield
     * @param what  the operation, for the message
     */
    public static void requireMayLift(Actor actor, ShieldState s, String what) {
        if (s.heldBy != null && rank(actor.role()) < rank(Actor.Role.valueOf(s.heldBy))) {
            throw new ShieldException(ErrorCode.FORBIDDEN, actor.role() + " may not " + what + " what "
                    + s.heldBy + " imposed (R4.4)");
        }
    }
}
