package io.mshield.linked;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.limit.Channel;
import io.mshield.limit.Scenario;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Linked apps as payments see them (R6.5, R9.3): the per-app cooling-off after a credential is
 * enabled or synced in an app, the high-risk scenarios it holds back, and which transaction
 * channels are which app.
 *
 * <p>A payment names the channel it arrives through ({@code Transaction.channel}, {@code [a-z0-9_]});
 * an app id is {@code [a-z0-9-]}, so the two cannot be confused, and this policy maps channels to
 * apps. A payment through a channel mapped to an app is authorized only while the credential is
 * enabled in that app ({@link io.mshield.ErrorCode#LINKED_APP_DISABLED} otherwise), and a
 * high-risk one only after the app's cooling-off ({@link io.mshield.ErrorCode#COOLING_OFF}). A
 * channel not mapped is no linked app's: the linked-app rules do not apply to it.
 *
 * <p>Seed 004: 6 hours in the mobile banking app after (re-)enabling for high-risk transactions;
 * the investment app may use it at once. Apps not named have no cooling-off. Immutable.
 */
public final class LinkedAppPolicy {
    private final Map<String, Duration> coolingOff;
    private final Map<Channel, String> channels;
    private final Set<Scenario> highRisk;

    private LinkedAppPolicy(Map<String, Duration> coolingOff, Map<Channel, String> channels, Set<Scenario> highRisk) {
        this.coolingOff = Map.copyOf(coolingOff);
        this.channels = Map.copyOf(channels);
        this.highRisk = Set.copyOf(highRisk);
    }

    /**
     * No cooling-off in any app, no channel mapped to an app; transfer, payroll and loan are the
     * high-risk scenarios once an app gets a cooling-off.
     *
     * @return the policy
     */
    public static LinkedAppPolicy none() {
        return new LinkedAppPolicy(Map.of(), Map.of(), Set.of(Scenario.TRANSFER, Scenario.PAYROLL, Scenario.LOAN));
    }

    /**
     * Seed 004: 6 hours in {@code mobile-banking} (reached through the channel
     * {@code mobile_banking}), none elsewhere; transfer, payroll and loan are high-risk.
     *
     * @return the policy
     */
    public static LinkedAppPolicy seed004() {
        return none().withCoolingOff("mobile-banking", Duration.ofHours(6))
                .withChannel(Channel.of("mobile_banking"), "mobile-banking");
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
        return new LinkedAppPolicy(m, channels, highRisk);
    }

    /**
     * A copy in which payments through a channel come from an app.
     *
     * @param channel the transaction channel
     * @param app     the app id
     * @return the new policy
     */
    public LinkedAppPolicy withChannel(Channel channel, String app) {
        Objects.requireNonNull(channel, "channel");
        Map<Channel, String> m = new TreeMap<>(java.util.Comparator.comparing(Channel::name));
        m.putAll(channels);
        m.put(channel, LinkedCredential.requireAppId(app));
        return new LinkedAppPolicy(coolingOff, m, highRisk);
    }

    /**
     * A copy with other high-risk scenarios (those an app's cooling-off holds back).
     *
     * @param scenarios at least one scenario
     * @return the new policy
     */
    public LinkedAppPolicy withHighRisk(Set<Scenario> scenarios) {
        Objects.requireNonNull(scenarios, "scenarios");
        scenarios.forEach(s -> Objects.requireNonNull(s, "scenario"));
        if (scenarios.isEmpty()) {
            throw new ShieldException(ErrorCode.INVALID_POLICY, "name at least one high-risk scenario; use zero cooling-off durations for none");
        }
        return new LinkedAppPolicy(coolingOff, channels, scenarios);
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

    /**
     * The app payments through a channel come from.
     *
     * @param channel the channel
     * @return the app, empty when the channel is no linked app's
     */
    public Optional<String> appOf(Channel channel) {
        return Optional.ofNullable(channels.get(Objects.requireNonNull(channel, "channel")));
    }

    /**
     * Whether an app's cooling-off holds back a transaction of this scenario.
     *
     * @param scenario the scenario
     * @return true for a high-risk scenario
     */
    public boolean isHighRisk(Scenario scenario) {
        return highRisk.contains(Objects.requireNonNull(scenario, "scenario"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LinkedAppPolicy p && coolingOff.equals(p.coolingOff) && channels.equals(p.channels)
                && highRisk.equals(p.highRisk);
    }

    @Override
    public int hashCode() {
        return Objects.hash(coolingOff, channels, highRisk);
    }

    @Override
    public String toString() {
        Map<String, String> ch = new TreeMap<>();
        channels.forEach((c, a) -> ch.put(c.name(), a));
        return "LinkedAppPolicy[coolingOff=" + new TreeMap<>(coolingOff) + ", channels=" + ch + ", highRisk=" + highRisk.stream().map(Scenario::name).sorted().toList() + "]";
    }
}
