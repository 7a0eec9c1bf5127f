package io.mshield.limit;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The cooling-off period of a newly enabled credential (R6.5): for this long after a shield is
 * enabled, it may not authorize high-risk transactions — those of the listed scenarios — in the
 * listed channels (every channel if none is listed).
 *
 * <p>{@link #defaults()} is {@link #seed004()}, the seed's value, as for every policy: 6 hours for
 * transfer, payroll and loan, in every channel. Seed 004 exempts one of its two apps; a bank that
 * wants that lists the channels the rule applies to with {@link Builder#channels(Set)}. A bank that
 * wants no cooling-off uses {@link #none()}.
 *
 * <p>{@link Builder#build()} refuses, with {@link ErrorCode#INVALID_POLICY}: a negative duration or
 * one over 30 days; a positive duration with no scenario (it would apply to nothing); scenarios or
 * channels with a zero duration (they would never cool off).
 */
public final class CoolingOffPolicy {
    /** The longest cooling-off period a policy accepts. */
    public static final Duration MAX_DURATION = Duration.ofDays(30);

    private final Duration duration;
    private final Set<Scenario> scenarios;
    private final Set<Channel> channels;

    private CoolingOffPolicy(Builder b) {
        this.duration = b.duration;
        this.scenarios = Set.copyOf(b.scenarios);
        this.channels = Set.copyOf(b.channels);
        if (duration.isNegative() || duration.compareTo(MAX_DURATION) > 0) {
            throw invalid("duration must be between zero and " + MAX_DURATION + ", got " + duration);
        }
        if (!duration.isZero() && scenarios.isEmpty()) {
            throw invalid("duration " + duration + " applies to no scenario; name the high-risk scenarios or use none()");
        }
        if (duration.isZero() && !scenarios.isEmpty()) {
            throw invalid("scenarios " + names(scenarios) + " contradict a zero duration");
        }
        if (duration.isZero() && !channels.isEmpty()) {
            throw invalid("channels " + names(channels) + " contradict a zero duration");
        }
    }

    private static ShieldException invalid(String message) {
        return new ShieldException(ErrorCode.INVALID_POLICY, message);
    }

    /**
     * The default policy, {@link #seed004()}.
     *
     * @return the default policy
     */
    public static CoolingOffPolicy defaults() {
        return seed004();
    }

    /**
     * Seed 004 (ICBC Asia): high-risk transactions — transfer, payroll and loan — only 6 hours after
     * the credential was enabled, in every channel.
     *
     * @return the preset
     */
    public static CoolingOffPolicy seed004() {
        return builder().duration(Duration.ofHours(6))
                .scenarios(Set.of(Scenario.TRANSFER, Scenario.PAYROLL, Scenario.LOAN)).build();
    }

    /**
     * No cooling-off at all.
     *
     * @return the policy
     */
    public static CoolingOffPolicy none() {
        return builder().build();
    }

    /**
     * A builder with a zero duration, no scenarios and every channel.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this policy.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.duration = duration;
        b.scenarios.addAll(scenarios);
        b.channels.addAll(channels);
        return b;
    }

    /**
     * How long cooling-off lasts.
     *
     * @return zero for {@link #none()}
     */
    public Duration duration() {
        return duration;
    }

    /**
     * The high-risk scenarios it applies to.
     *
     * @return an unmodifiable set, empty for {@link #none()}
     */
    public Set<Scenario> scenarios() {
        return scenarios;
    }

    /**
     * The channels it applies to; empty means every channel.
     *
     * @return an unmodifiable set
     */
    public Set<Channel> channels() {
        return channels;
    }

    /**
     * Whether there is no cooling-off.
     *
     * @return true for a zero duration
     */
    public boolean isNone() {
        return duration.isZero();
    }

    /**
     * Whether cooling-off applies to a transaction of this scenario in this channel.
     *
     * @param scenario the scenario
     * @param channel  the channel
     * @return true if the scenario is listed and the channel is listed or none are
     */
    public boolean appliesTo(Scenario scenario, Channel channel) {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(channel, "channel");
        return scenarios.contains(scenario) && (channels.isEmpty() || channels.contains(channel));
    }

    /**
     * When cooling-off ends for a credential enabled at a given time.
     *
     * @param enabledAt when the credential was enabled
     * @return {@code enabledAt + duration}
     */
    public Instant endsAt(Instant enabledAt) {
        Objects.requireNonNull(enabledAt, "enabledAt");
        return enabledAt.plus(duration);
    }

    /**
     * Decides whether a credential may authorize a transaction yet (R6.5).
     *
     * @param enabledAt when the credential was enabled
     * @param now       the current time, from the SDK's clock
     * @param scenario  the transaction's scenario
     * @param channel   the channel it arrived through
     * @return {@link LimitDecision.Allowed}, or {@link LimitDecision.Denied} with
     *         {@link ErrorCode#COOLING_OFF} naming when it ends
     */
    public LimitDecision check(Instant enabledAt, Instant now, Scenario scenario, Channel channel) {
        Objects.requireNonNull(now, "now");
        Instant end = endsAt(enabledAt);
        if (appliesTo(scenario, channel) && now.isBefore(end)) {
            return new LimitDecision.Denied(ErrorCode.COOLING_OFF, "a newly enabled credential may authorize "
                    + scenario + " transactions in channel " + channel + " only from " + end);
        }
        return new LimitDecision.Allowed();
    }

    /**
     * Policies are equal when all their values are.
     *
     * @param o the other object
     * @return true if equal
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CoolingOffPolicy)) {
            return false;
        }
        CoolingOffPolicy c = (CoolingOffPolicy) o;
        return duration.equals(c.duration) && scenarios.equals(c.scenarios) && channels.equals(c.channels);
    }

    /**
     * A hash of all values.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(duration, scenarios, channels);
    }

    /**
     * All values, for logs.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "CoolingOffPolicy[duration=" + duration + ", scenarios=" + names(scenarios) + ", channels="
                + (channels.isEmpty() ? "all" : names(channels).toString()) + "]";
    }

    private static Set<String> names(Set<?> values) {
        Set<String> out = new TreeSet<>();
        values.forEach(v -> out.add(v.toString()));
        return out;
    }

    /**
     * Collects the values of a {@link CoolingOffPolicy}. Not thread-safe.
     */
    public static final class Builder {
        private Duration duration = Duration.ZERO;
        private final Set<Scenario> scenarios = new LinkedHashSet<>();
        private final Set<Channel> channels = new LinkedHashSet<>();

        private Builder() {
        }

        /**
         * Sets how long cooling-off lasts.
         *
         * @param duration zero to 30 days
         * @return this builder
         */
        public Builder duration(Duration duration) {
            this.duration = Objects.requireNonNull(duration, "duration");
            return this;
        }

        /**
         * Replaces the high-risk scenarios.
         *
         * @param scenarios the scenarios, copied
         * @return this builder
         */
        public Builder scenarios(Set<Scenario> scenarios) {
            Objects.requireNonNull(scenarios, "scenarios");
            scenarios.forEach(s -> Objects.requireNonNull(s, "scenario"));
            this.scenarios.clear();
            this.scenarios.addAll(scenarios);
            return this;
        }

        /**
         * Adds a high-risk scenario.
         *
         * @param scenario the scenario
         * @return this builder
         */
        public Builder addScenario(Scenario scenario) {
            this.scenarios.add(Objects.requireNonNull(scenario, "scenario"));
            return this;
        }

        /**
         * Replaces the channels it applies to; an empty set means every channel.
         *
         * @param channels the channels, copied
         * @return this builder
         */
        public Builder channels(Set<Channel> channels) {
            Objects.requireNonNull(channels, "channels");
            channels.forEach(c -> Objects.requireNonNull(c, "channel"));
            this.channels.clear();
            this.channels.addAll(channels);
            return this;
        }

        /**
         * Makes it apply in every channel.
         *
         * @return this builder
         */
        public Builder allChannels() {
            this.channels.clear();
            return this;
        }

        /**
         * Validates the values together and builds the policy.
         *
         * @return the policy
         * @throws ShieldException with {@link ErrorCode#INVALID_POLICY} naming the rejected value
         */
        public CoolingOffPolicy build() {
            return new CoolingOffPolicy(this);
        }
    }
}
