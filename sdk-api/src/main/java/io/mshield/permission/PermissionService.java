package io.mshield.permission;

import io.mshield.Actor;
import io.mshield.identity.EnterpriseId;
import io.mshield.identity.ResidentIdNumber;

import java.util.List;

/**
 * Who may hold a shield (R1). The enterprise's super administrator is entitled by default and
 * grants and withdraws others' entitlements by ID number; every grant and withdrawal is audited
 * (R1.4).
 */
public interface PermissionService {

    /**
     * Grants a person the right to hold a shield in an enterprise. Idempotent.
     *
     * @param by         the super administrator of the enterprise (else {@link io.mshield.ErrorCode#FORBIDDEN})
     * @param enterprise the enterprise
     * @param person     the person (a mainland resident ID number, R1.2)
     * @return the grant
     */
    Grant grant(Actor by, EnterpriseId enterprise, ResidentIdNumber person);

    /**
     * Withdraws a grant; the person's shields in that enterprise are revoked (R1.1).
     *
     * @param by         the super administrator of the enterprise
     * @param enterprise the enterprise
     * @param person     the person
     * @return the number of shields revoked
     */
    int withdraw(Actor by, EnterpriseId enterprise, ResidentIdNumber person);

    /**
     * Whether a person is entitled, by default or by grant.
     *
     * @param enterprise the enterprise
     * @param person     the person
     * @return true when entitled
     */
    boolean isEntitled(EnterpriseId enterprise, ResidentIdNumber person);

    /**
     * The explicit grants of an enterprise.
     *
     * @param enterprise the enterprise
     * @return the grants, oldest first
     */
    List<Grant> grants(EnterpriseId enterprise);
}
