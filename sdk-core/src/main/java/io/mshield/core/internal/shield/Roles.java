package io.mshield.core.internal.shield;

import io.mshield.Actor;
import io.mshield.ErrorCode;
import io.mshield.ShieldException;

import java.util.Set;

/**
 * Who may do what to a shield (R4.4). The bank's back end authenticates its users and asserts
 * their role in the {@link Actor}; the SDK checks that the role may make the transition and, for
 * a holder, that the actor is the account the shield's device is locked to.
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
     * Refuses an actor whose role is not among the allowed ones, or a holder who is not this
     * shield's holder.
     *
     * @param actor   who
     * @param s       the shield
     * @param allowed the roles allowed
     * @param what    the operation, for the message
     */
    public static void require(Actor actor, ShieldState s, Set<Actor.Role> allowed, String what) {
        if (!allowed.contains(actor.role())) {
            throw new ShieldException(ErrorCode.FORBIDDEN, actor.role() + " may not " + what + " (R4.4)");
        }
        if (actor.role() == Actor.Role.HOLDER && !actor.id().equals(s.account)) {
            throw new ShieldException(ErrorCode.FORBIDDEN, "only the shield's holder may " + what + " as a holder (R4.4)");
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
