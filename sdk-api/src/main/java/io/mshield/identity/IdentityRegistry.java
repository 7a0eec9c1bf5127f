package io.mshield.identity;

import java.util.Optional;

/**
 * The bank's view of enterprise filings (R1.3): who the enterprise is and which people are on
 * its record, with their roles.
 *
 * <p>Contract: thread-safe; MUST NOT return null; an unknown enterprise is {@code Optional.empty()};
 * failure of the bank's system is {@link io.mshield.ShieldException} with
 * {@link io.mshield.ErrorCode#ADAPTER_FAILURE}. Results may be cached by the implementation, but
 * a changed filing MUST show a new {@link EnterpriseFiling#revision()} so that the SDK can trigger
 * renewal (R3.4).
 */
public interface IdentityRegistry {

    /**
     * The current filing of an enterprise.
     *
     * @param enterprise the enterprise
     * @return the filing, or empty when unknown
     */
    Optional<EnterpriseFiling> filing(EnterpriseId enterprise);
}
