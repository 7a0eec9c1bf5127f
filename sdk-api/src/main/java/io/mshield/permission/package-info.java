/**
 * Eligibility and permission (R1): grants by the super administrator, withdrawal, entitlement
 * checks. Filing records come from {@link io.mshield.identity.IdentityRegistry}.
 */
package io.mshield.permission;
