package io.mshield.transaction;

import io.mshield.identity.EnterpriseId;
import io.mshield.identity.ResidentIdNumber;

/**
 * The bank's registry of USB hardware keys (U盾), consulted for step-up above a scenario's cap
 * (R6.2, R6.3) and for the rule that a person keeps at least one active authenticator (R3.8).
 *
 * <p>Contract: thread-safe; failure is {@link io.mshield.ShieldException} with
 * {@link io.mshield.ErrorCode#ADAPTER_FAILURE}.
 */
public interface HardwareKeyDirectory {

    /**
     * Whether the person holds an active hardware key for the enterprise.
     *
     * @param enterprise the enterprise
     * @param person     the person
     * @return true when an active hardware key exists
     */
    boolean hasActiveHardwareKey(EnterpriseId enterprise, ResidentIdNumber person);
}
