package io.mshield;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who asks for an operation. Every transition names the roles that may make it (R4.4), and
 * every audit entry records the actor.
 *
 * @param role the role the actor acts in
 * @param id   the actor's id in the bank's systems: a user id for holders and enterprise roles, a
 *             staff id for bank staff, a component name for the system
 */
public record Actor(Role role, String id) {
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
     * Validates the fields.
     *
     * @param role the role the actor acts in
     * @param id the actor's id in the bank's systems: a user id for holders and enterprise roles, a staff id for bank staff, a component name for the system
     * @throws ShieldException {@link ErrorCode#INVALID_IDENTIFIER} when the id is not 1–64 of {@code [A-Za-z0-9._:@-]}
     */
    public Actor {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new ShieldException(ErrorCode.INVALID_IDENTIFIER, "actor id must be 1-64 characters of [A-Za-z0-9._:@-]");
        }
    }

    /**
     * A holder.
     *
     * @param userId the holder's user id
     * @return the actor
     */
    public static Actor holder(String userId) {
        return new Actor(Role.HOLDER, userId);
    }

    /**
     * Bank staff.
     *
     * @param staffId the staff member's id
     * @return the actor
     */
    public static Actor bankStaff(String staffId) {
        return new Actor(Role.BANK_STAFF, staffId);
    }

    /**
     * The system.
     *
     * @param component the component's name
     * @return the actor
     */
    public static Actor system(String component) {
        return new Actor(Role.SYSTEM, component);
    }
}
