package io.mshield.shield;

import io.mshield.identity.ShieldNumber;

import java.time.Instant;
import java.util.Objects;

/**
 * A shield's certificate bound to the holder's account in another system (R7.5), confirmed with
 * the PIN.
 *
 * @param shield            the shield
 * @param system            the other system's name
 * @param account           the account there
 * @param certificateSerial the certificate that was bound, lowercase hex
 * @param boundAt           when
 */
public record AccountBinding(ShieldNumber shield, String system, String account, String certificateSerial, Instant boundAt) {
    /**
     * Validates.
     *
     * @param shield            the shield
     * @param system            the other system's name
     * @param account           the account there
     * @param certificateSerial the certificate that was bound
     * @param boundAt           when
     */
    public AccountBinding {
        Objects.requireNonNull(shield, "shield");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(certificateSerial, "certificateSerial");
        Objects.requireNonNull(boundAt, "boundAt");
        if (!system.matches("[A-Za-z0-9._-]{1,64}") || !account.matches("[A-Za-z0-9._@-]{1,64}")) {
            throw new io.mshield.ShieldException(io.mshield.ErrorCode.INVALID_IDENTIFIER,
                    "system must be 1-64 of [A-Za-z0-9._-] and account 1-64 of [A-Za-z0-9._@-]");
        }
    }
}
