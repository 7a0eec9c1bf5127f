package io.mshield.limit;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;

/**
 * A channel through which a transaction arrives, named by the bank, for example {@code mobile-app}
 * or {@code investment-app}. Seed 004 applies cooling-off in some channels only (R6.5).
 *
 * @param name 1 to 32 characters of {@code a-z 0-9 _ -}
 */
public record Channel(String name) {
    /**
     * Validates the name.
     *
     * @param name the name
     * @throws ShieldException with {@link ErrorCode#INVALID_ARGUMENT} if it is empty, too long or has
     *                         another character
     */
    public Channel {
        Scenario.checkName(name, "channel");
    }

    /**
     * A channel by name.
     *
     * @param name the name
     * @return the channel
     * @throws ShieldException with {@link ErrorCode#INVALID_ARGUMENT} if malformed
     */
    public static Channel of(String name) {
        return new Channel(name);
    }

    /**
     * The name.
     *
     * @return the name
     */
    @Override
    public String toString() {
        return name;
    }
}
