package io.mshield.linked;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * How identity challenges ("enter the digits of your ID number at these positions", R9.4) are
 * asked and how often.
 *
 * <p>Each challenge takes {@code attemptsPerChallenge} answers; a person (the holder's ID number,
 * across all their shields) gets at most {@code perPersonPerDay} challenges per calendar day in
 * {@code zone}, so wrong answers are bounded by {@code perPersonPerDay × attemptsPerChallenge} a day
 * — the 600 evaluated wrong answers become 15 under {@link #seed004()}. The day's count is
 * taken atomically in the store before the challenge is issued, so concurrent requests on any
 * number of nodes never exceed it; a refused request is {@link ErrorCode#IDENTITY_CHALLENGE_LIMIT}.
 *
 * @param positions            digits asked per challenge, 1 to 6
 * @param attemptsPerChallenge answers accepted per challenge, 1 to 10
 * @param perPersonPerDay      challenges per person per day, 1 to 100
 * @param lifetime             how long a challenge may be answered, 1 to 30 minutes
 * @param zone                 where the day begins and ends
 */
public record IdentityChallengePolicy(int positions, int attemptsPerChallenge, int perPersonPerDay, Duration lifetime, ZoneId zone) {
    /**
     * Validates.
     *
     * @param positions            digits per challenge
     * @param attemptsPerChallenge answers per challenge
     * @param perPersonPerDay      challenges per person per day
     * @param lifetime             a challenge's lifetime
     * @param zone                 the day's zone
     * @throws ShieldException {@link ErrorCode#INVALID_POLICY} naming the rejected value
     */
    public IdentityChallengePolicy {
        Objects.requireNonNull(lifetime, "lifetime");
        Objects.requireNonNull(zone, "zone");
        if (positions < 1 || positions > 6) {
            throw invalid("positions must be 1 to 6, got " + positions);
        }
        if (attemptsPerChallenge < 1 || attemptsPerChallenge > 10) {
            throw invalid("attemptsPerChallenge must be 1 to 10, got " + attemptsPerChallenge);
        }
        if (perPersonPerDay < 1 || perPersonPerDay > 100) {
            throw invalid("perPersonPerDay must be 1 to 100, got " + perPersonPerDay);
        }
        if (lifetime.compareTo(Duration.ofMinutes(1)) < 0 || lifetime.compareTo(Duration.ofMinutes(30)) > 0) {
            throw invalid("lifetime must be 1 to 30 minutes, got " + lifetime);
        }
    }

    private static ShieldException invalid(String message) {
        return new ShieldException(ErrorCode.INVALID_POLICY, message);
    }

    /**
     * The default, {@link #seed004()}.
     *
     * @return the policy
     */
    public static IdentityChallengePolicy defaults() {
        return seed004();
    }

    /**
     * Seed 004 (ICBC Asia): 3 random positions of the ID number; the seed names no limits, so
     * (see docs/lifecycle.md, "Seed readings") 3 answers per challenge, 5 challenges per person
     * per day (at most 15 wrong answers a day), 5 minutes to answer, days in Hong Kong time.
     *
     * @return the preset
     */
    public static IdentityChallengePolicy seed004() {
        return new IdentityChallengePolicy(3, 3, 5, Duration.ofMinutes(5), ZoneId.of("Asia/Hong_Kong"));
    }

    /**
     * A copy with another daily limit.
     *
     * @param perDay challenges per person per day, 1 to 100
     * @return the new policy
     */
    public IdentityChallengePolicy withPerPersonPerDay(int perDay) {
        return new IdentityChallengePolicy(positions, attemptsPerChallenge, perDay, lifetime, zone);
    }
}
