package io.mshield.linked;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * "Enter the digits of your ID number at these positions" (R9.4).
 *
 * @param id        the challenge id
 * @param positions the 1-based positions asked for, ascending, distinct
 * @param expiresAt when it expires
 */
public record IdentityChallenge(String id, List<Integer> positions, Instant expiresAt) {
    /**
     * Validates.
     *
     * @param id        the id
     * @param positions the positions
     * @param expiresAt the expiry
     */
    public IdentityChallenge {
        Objects.requireNonNull(id, "id");
        positions = List.copyOf(Objects.requireNonNull(positions, "positions"));
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
