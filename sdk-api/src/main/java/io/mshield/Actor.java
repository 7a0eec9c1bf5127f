package io.mshield;

import io.mshield.identity.EnterpriseId;
import io.mshield.identity.ResidentIdNumber;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who asks for an operation, and for whom it acts. Every transition names the roles that may make
 * it (R4.4), and every audit entry records the actor.
 *
 * <p>The SDK authorizes; the bank authenticates. The bank's back end authenticates its staff and
 * customers and states here what it established: the role, the account or staff id, and whom the
 * actor acts for. The SDK then checks that claim against what it knows: a legal representative or
 * super administrator must be the one the enterprise's filing names ({@link io.mshield.identity.IdentityRegistry}),
 * and may act only on that enterprise's shields and permissions; bank staff carry the reference of
 * the identity verification they performed, which goes into the audit log; a holder acts only on
 * the shield locked to their account (docs/lifecycle.md, "Who may act").
 *
 * @param role    the role the actor acts in
 * @param id      the actor's id in the bank's systems: a user id for holders and enterprise roles, a
 *                staff id for bank staff, a component name for the system
 * @param actsFor whom the actor acts for; it must fit the role (see {@link ActsFor})
 */
public record Actor(Role role, String id, ActsFor actsFor) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@-]{1,64}");

    /** The roles of R1 and R4. */
    public enum Role {
        /** The shield's holder (an operator or the legal representative acting for themself). */
        HOLDER,
        /** The enterprise's super administrator, who grants and withdraws permissions (R1.1). */
        SUPER_ADMINISTRATOR,
        /** The enterprise's legal representative, who manages operators' shields (R4.1). */
        LEGAL_REPRESENTATIVE,
        /** Bank staff after identity verification (R4.3). */
        BANK_STAFF,
        /** The SDK itself or a scheduled job of the bank (expiry, automatic freezes). */
        SYSTEM
    }

    /**
     * Whom an actor acts for. A holder acts for themself ({@link Self}); the enterprise's roles act
     * for one enterprise as one person on its filing ({@link Enterprise}); bank staff act for a
     * branch after an identity verification ({@link Branch}); the system for the SDK ({@link Sdk}).
     * An actor read back from the audit log is {@link Recorded}: it says who acted then, and the
     * SDK refuses it as the actor of a new operation.
     */
    public sealed interface ActsFor permits ActsFor.Self, ActsFor.Enterprise, ActsFor.Branch, ActsFor.Sdk, ActsFor.Recorded {

        /** A holder acting for themself, on the shield locked to their account (R2.9). */
        record Self() implements ActsFor {
        }

        /**
         * An enterprise role acting for one enterprise, as one person the enterprise's filing names.
         *
         * @param enterprise the enterprise
         * @param person     the actor's mainland resident ID number, checked against the filing
         */
        record Enterprise(EnterpriseId enterprise, ResidentIdNumber person) implements ActsFor {
            /**
             * Validates the fields.
             *
             * @param enterprise the enterprise
             * @param person     the actor's mainland resident ID number, checked against the filing
             */
            public Enterprise {
                Objects.requireNonNull(enterprise, "enterprise");
                Objects.requireNonNull(person, "person");
            }
        }

        /**
         * Bank staff acting for a branch, after verifying the identity of the customer they act for
         * (R4.3). The verification is the bank's; the SDK records its reference in the audit log.
         *
         * @param branch       the branch's code in the bank's systems
         * @param verification the reference of the identity verification performed (a case or
         *                     ticket number in the bank's systems, never the evidence itself)
         */
        record Branch(String branch, String verification) implements ActsFor {
            /**
             * Validates the fields.
             *
             * @param branch       the branch's code in the bank's systems
             * @param verification the reference of the identity verification performed
             * @throws ShieldException {@link ErrorCode#INVALID_IDENTIFIER} when either is not 1–64 of {@code [A-Za-z0-9._:@-]}
             */
            public Branch {
                checkId(branch, "branch");
                checkId(verification, "verification reference");
            }
        }

        /** The SDK itself or a scheduled job of the bank. */
        record Sdk() implements ActsFor {
        }

        /** Read back from the audit log: who acted then. Never accepted as the actor of a new operation. */
        record Recorded() implements ActsFor {
        }
    }

    /**
     * Validates the fields.
     *
     * @param role    the role the actor acts in
     * @param id      the actor's id in the bank's systems
     * @param actsFor whom the actor acts for
     * @throws ShieldException {@link ErrorCode#INVALID_IDENTIFIER} when the id is not 1–64 of {@code [A-Za-z0-9._:@-]};
     *                         {@link ErrorCode#INVALID_ARGUMENT} when {@code actsFor} does not fit the role
     *                         (a holder for themself, the enterprise's roles for an enterprise, bank
     *                         staff for a branch, the system for the SDK; any role when recorded)
     */
    public Actor {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(actsFor, "actsFor");
        checkId(id, "actor id");
        boolean fits = actsFor instanceof ActsFor.Recorded
                || actsFor instanceof ActsFor.Self && role == Role.HOLDER
                || actsFor instanceof ActsFor.Enterprise && (role == Role.LEGAL_REPRESENTATIVE || role == Role.SUPER_ADMINISTRATOR)
                || actsFor instanceof ActsFor.Branch && role == Role.BANK_STAFF
                || actsFor instanceof ActsFor.Sdk && role == Role.SYSTEM;
        if (!fits) {
            throw new ShieldException(ErrorCode.INVALID_ARGUMENT, role + " cannot act for " + actsFor.getClass().getSimpleName());
        }
    }

    private static void checkId(String value, String what) {
        Objects.requireNonNull(value, what);
        if (!ID.matcher(value).matches()) {
            throw new ShieldException(ErrorCode.INVALID_IDENTIFIER, what + " must be 1-64 characters of [A-Za-z0-9._:@-]");
        }
    }

    /**
     * A holder, acting on the shield locked to their account.
     *
     * @param userId the holder's user id (the account the device is locked to)
     * @return the actor
     */
    public static Actor holder(String userId) {
        return new Actor(Role.HOLDER, userId, new ActsFor.Self());
    }

    /**
     * An enterprise's legal representative (R4.1), acting for that enterprise; the SDK checks that
     * its filing names this person as legal representative.
     *
     * @param userId     the user id in the bank's systems
     * @param enterprise the enterprise acted for
     * @param person     the person's ID number
     * @return the actor
     */
    public static Actor legalRepresentative(String userId, EnterpriseId enterprise, ResidentIdNumber person) {
        return new Actor(Role.LEGAL_REPRESENTATIVE, userId, new ActsFor.Enterprise(enterprise, person));
    }

    /**
     * An enterprise's super administrator (R1.1), acting for that enterprise; the SDK checks that
     * its filing names this person as super administrator.
     *
     * @param userId     the user id in the bank's systems
     * @param enterprise the enterprise acted for
     * @param person     the person's ID number
     * @return the actor
     */
    public static Actor superAdministrator(String userId, EnterpriseId enterprise, ResidentIdNumber person) {
        return new Actor(Role.SUPER_ADMINISTRATOR, userId, new ActsFor.Enterprise(enterprise, person));
    }

    /**
     * Bank staff of a branch, after verifying the identity of the customer (R4.3).
     *
     * @param staffId         the staff member's id
     * @param branch          the branch's code
     * @param verificationRef the reference of the identity verification performed, recorded in the audit log
     * @return the actor
     */
    public static Actor bankStaff(String staffId, String branch, String verificationRef) {
        return new Actor(Role.BANK_STAFF, staffId, new ActsFor.Branch(branch, verificationRef));
    }

    /**
     * The system.
     *
     * @param component the component's name
     * @return the actor
     */
    public static Actor system(String component) {
        return new Actor(Role.SYSTEM, component, new ActsFor.Sdk());
    }

    /**
     * An actor as the audit log recorded it: who acted then. The SDK refuses it as the actor of a
     * new operation.
     *
     * @param role the recorded role
     * @param id   the recorded id
     * @return the actor
     */
    public static Actor recorded(Role role, String id) {
        return new Actor(role, id, new ActsFor.Recorded());
    }
}
