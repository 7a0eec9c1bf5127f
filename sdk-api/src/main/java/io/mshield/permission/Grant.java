package io.mshield.permission;

import io.mshield.Actor;
import io.mshield.identity.EnterpriseId;
import io.mshield.identity.ResidentIdNumber;

import java.time.Instant;
import java.util.Objects;

/**
 * A person's entitlement to hold a shield in an enterprise (R1.1).
 *
 * @param enterprise the enterprise
 * @param person     the person's mainland resident ID number (R1.2)
 * @param grantedBy  who granted it; the system for the super administrator's default entitlement
 * @param grantedAt  when
 * @param byDefault  true for the super administrator's default entitlement
 */
public record Grant(EnterpriseId enterprise, ResidentIdNumber person, Actor grantedBy, Instant grantedAt, boolean byDefault) {
    /**
     * Validates the fields.
     * @param enterprise the enterprise
     * @param person the person's mainland resident ID number (R1.2)
     * @param grantedBy who granted it; the system for the super administrator's default entitlement
     * @param grantedAt when
     * @param byDefault true for the super administrator's default entitlement
     */
    public Grant {
        Objects.requireNonNull(enterprise, "enterprise");
        Objects.requireNonNull(person, "person");
        Objects.requireNonNull(grantedBy, "grantedBy");
        Objects.requireNonNull(grantedAt, "grantedAt");
    }
}
