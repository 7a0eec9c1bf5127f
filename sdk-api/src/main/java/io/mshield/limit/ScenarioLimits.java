package io.mshield.limit;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The single-transaction cap of a shield per scenario (R6.1): above it the shield is refused and a
 * hardware key is required (R6.2). A scenario is capped by its own entry, explicitly uncapped, or
 * falls back to the default cap, which may be absent (uncapped).
 *
 * <p>{@link #seed000()} (the {@link #defaults()}): transfer, payroll and loan capped at
 * 1,000,000.00 CNY each; every other scenario uncapped. A transaction of exactly the cap is
 * allowed.
 *
 * <p>Immutable. Caps may be in different currencies; a transaction in another currency than its
 * scenario's cap is refused with {@link io.mshield.ErrorCode#INVALID_AMOUNT} rather than converted.
 */
public final class ScenarioLimits {
    private final Map<Scenario, Money> caps;
    private final Set<Scenario> uncapped;
    private final Money defaultCap; // null = uncapped

    private ScenarioLimits(Builder b) {
        this.caps = Map.copyOf(b.caps);
        this.uncapped = Set.copyOf(b.uncapped);
        this.defaultCap = b.defaultCap;
    }

    /**
     * The default limits, {@link #seed000()}.
     *
     * @return the default limits
     */
    public static ScenarioLimits defaults() {
        return seed000();
    }

    /**
     * Seed 000 (Xiamen Bank mobile U-key): transfer, payroll and loan at most 1,000,000.00 CNY per
     * transaction; other scenarios uncapped.
     *
     * @return the preset
     */
    public static ScenarioLimits seed000() {
        Money million = Money.cny("1000000.00");
        return builder().cap(Scenario.TRANSFER, million).cap(Scenario.PAYROLL, million)
                .cap(Scenario.LOAN, million).noDefaultCap().build();
    }

    /**
     * Limits that cap nothing.
     *
     * @return limits under which every scenario is uncapped
     */
    public static ScenarioLimits none() {
        return builder().build();
    }

    /**
     * A builder with no entries and no default cap.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding these limits.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.caps.putAll(caps);
        b.uncapped.addAll(uncapped);
        b.defaultCap = defaultCap;
        return b;
    }

    /**
     * The single-transaction cap of a scenario.
     *
     * @param scenario the scenario
     * @return its cap, or empty if uncapped
     */
    public Optional<Money> cap(Scenario scenario) {
        Objects.requireNonNull(scenario, "scenario");
        Money own = caps.get(scenario);
        if (own != null) {
            return Optional.of(own);
        }
        if (uncapped.contains(scenario)) {
            return Optional.empty();
        }
        return Optional.ofNullable(defaultCap);
    }

    /**
     * Decides whether a shield may authorize a transaction (R6.1, R6.2).
     *
     * @param scenario the transaction's scenario
     * @param amount   the transaction's amount
     * @return {@link LimitDecision.Allowed} up to and including the cap,
     *         {@link LimitDecision.HardwareKeyRequired} above it
     * @throws io.mshield.ShieldException with {@link io.mshield.ErrorCode#INVALID_AMOUNT} if the
     *                                    amount's currency differs from the cap's
     */
    public LimitDecision check(Scenario scenario, Money amount) {
        Objects.requireNonNull(amount, "amount");
        Optional<Money> cap = cap(scenario);
        if (cap.isPresent() && amount.isGreaterThan(cap.get())) {
            return new LimitDecision.HardwareKeyRequired(cap.get());
        }
        return new LimitDecision.Allowed();
    }

    /**
     * The scenarios with their own cap.
     *
     * @return an unmodifiable map
     */
    public Map<Scenario, Money> caps() {
        return caps;
    }

    /**
     * The scenarios explicitly uncapped, whatever the default.
     *
     * @return an unmodifiable set
     */
    public Set<Scenario> uncapped() {
        return uncapped;
    }

    /**
     * The cap of scenarios without an entry.
     *
     * @return the default cap, or empty if they are uncapped
     */
    public Optional<Money> defaultCap() {
        return Optional.ofNullable(defaultCap);
    }

    /**
     * Limits are equal when their entries and default are.
     *
     * @param o the other object
     * @return true if equal
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ScenarioLimits)) {
            return false;
        }
        ScenarioLimits s = (ScenarioLimits) o;
        return caps.equals(s.caps) && uncapped.equals(s.uncapped) && Objects.equals(defaultCap, s.defaultCap);
    }

    /**
     * A hash of all values.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(caps, uncapped, defaultCap);
    }

    /**
     * All values, for logs.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "ScenarioLimits[caps=" + new TreeMap<>(asStrings(caps)) + ", uncapped="
                + new TreeSet<>(uncapped.stream().map(Scenario::name).toList())
                + ", default=" + (defaultCap == null ? "uncapped" : defaultCap) + "]";
    }

    private static Map<String, String> asStrings(Map<Scenario, Money> m) {
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k.name(), v.toString()));
        return out;
    }

    /**
     * Collects the entries of a {@link ScenarioLimits}. For each scenario the last call of
     * {@link #cap} or {@link #uncapped} wins. Not thread-safe.
     */
    public static final class Builder {
        private final Map<Scenario, Money> caps = new LinkedHashMap<>();
        private final Set<Scenario> uncapped = new LinkedHashSet<>();
        private Money defaultCap;

        private Builder() {
        }

        /**
         * Caps a scenario.
         *
         * @param scenario the scenario
         * @param cap      the largest amount a shield may authorize, zero or more
         * @return this builder
         */
        public Builder cap(Scenario scenario, Money cap) {
            Objects.requireNonNull(scenario, "scenario");
            Objects.requireNonNull(cap, "cap");
            uncapped.remove(scenario);
            caps.put(scenario, cap);
            return this;
        }

        /**
         * Leaves a scenario uncapped even if there is a default cap.
         *
         * @param scenario the scenario
         * @return this builder
         */
        public Builder uncapped(Scenario scenario) {
            Objects.requireNonNull(scenario, "scenario");
            caps.remove(scenario);
            uncapped.add(scenario);
            return this;
        }

        /**
         * Removes a scenario's entry, so that it falls back to the default.
         *
         * @param scenario the scenario
         * @return this builder
         */
        public Builder useDefault(Scenario scenario) {
            Objects.requireNonNull(scenario, "scenario");
            caps.remove(scenario);
            uncapped.remove(scenario);
            return this;
        }

        /**
         * Caps every scenario without an entry.
         *
         * @param defaultCap the cap
         * @return this builder
         */
        public Builder defaultCap(Money defaultCap) {
            this.defaultCap = Objects.requireNonNull(defaultCap, "defaultCap");
            return this;
        }

        /**
         * Leaves every scenario without an entry uncapped.
         *
         * @return this builder
         */
        public Builder noDefaultCap() {
            this.defaultCap = null;
            return this;
        }

        /**
         * Builds the limits.
         *
         * @return the limits
         */
        public ScenarioLimits build() {
            return new ScenarioLimits(this);
        }
    }
}
