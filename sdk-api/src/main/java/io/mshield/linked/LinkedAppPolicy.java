package io.mshield.linked;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Per-app cooling-off after a credential is enabled or synced in an app: high-risk transactions
 * in that app wait this long (seed 004: 6 hours in the mobile banking app after re-enabling; the
 * investment app may use it at once). Apps not named have no cooling-off. Immutable.
 */
public final class LinkedAppPolicy {
    private final Map<String, Duration> coolingOff;

    private LinkedAppPolicy(Map<String, Duration> coolingOff) {
        this.coolingOff = Map.copyOf(coolingOff);
    }

    /**
     * No cooling-off in any app.
     *
     * @return the policy
     */
    public static LinkedAppPolicy none() {
        return new LinkedAppPolicy(Map.of());
    }

    /**
     * Seed 004: 6 hours in {@code mobile-banking}, none elsewhere.
     *
     * @return the policy
     */
    public static LinkedAppPolicy seed004() {
        return none().withCoolingOff("mobile-banking", Duration.ofHours(6));
    }

    /**
     * A copy with an app's cooling-off set.
     *
     * @param app      the app id
     * @param duration 0 to 72 hours
     * @return the new policy
     */
    public LinkedAppPolicy withCoolingOff(String app, Duration duration) {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative() || duration.compareTo(Duration.ofHours(72)) > 0) {
            throw new ShieldException(ErrorCode.INVALID_POLICY, "a cooling-off lasts 0 to 72 hours, got " + duration);
        }
        Map<String, Duration> m = new TreeMap<>(coolingOff);
        m.put(LinkedCredential.requireAppId(app), duration);
        return new LinkedAppPolicy(m);
    }

    /**
     * An app's cooling-off.
     *
     * @param app the app
     * @return the duration, zero when the app is not named
     */
    public Duration coolingOff(String app) {
        return coolingOff.getOrDefault(app, Duration.ZERO);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LinkedAppPolicy p && coolingOff.equals(p.coolingOff);
    }

    @Override
    public int hashCode() {
        return coolingOff.hashCode();
    }

    @Override
    public String toString() {
        return "LinkedAppPolicy" + new TreeMap<>(coolingOff);
    }
}
