package io.mshield.audit;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;

import java.time.Duration;
import java.util.Objects;

/**
 * How often the SDK writes an {@link AuditCheckpoint}: after every {@link #everyEntries()} entries,
 * and at the first entry written once {@link #maxInterval()} has passed since the previous
 * checkpoint — so a checkpoint never lags the log by more than that many entries or that long
 * while the log grows. (A log that does not grow needs no new checkpoint: there is nothing new to
 * protect.)
 *
 * <p>Between checkpoints, the log's newest entry is still protected inside the database by the
 * authenticated head seal the SDK updates with every entry; checkpoints are what the bank can keep
 * outside it. {@link #defaults()}: every 100 entries or 5 minutes.
 *
 * <p>{@link Builder#build()} refuses, with {@link ErrorCode#INVALID_POLICY}, fewer than 1 or more
 * than {@value #MAX_ENTRIES} entries, and an interval under 1 second or over 24 hours.
 */
public final class CheckpointPolicy {
    /** The largest number of entries between checkpoints a policy accepts. */
    public static final int MAX_ENTRIES = 1_000_000;
    private static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    private static final Duration MAX_INTERVAL = Duration.ofHours(24);

    private final int everyEntries;
    private final Duration maxInterval;

    private CheckpointPolicy(Builder b) {
        this.everyEntries = b.everyEntries;
        this.maxInterval = b.maxInterval;
        if (everyEntries < 1 || everyEntries > MAX_ENTRIES) {
            throw new ShieldException(ErrorCode.INVALID_POLICY,
                    "everyEntries must be between 1 and " + MAX_ENTRIES + ", got " + everyEntries);
        }
        if (maxInterval.compareTo(MIN_INTERVAL) < 0 || maxInterval.compareTo(MAX_INTERVAL) > 0) {
            throw new ShieldException(ErrorCode.INVALID_POLICY,
                    "maxInterval must be between " + MIN_INTERVAL + " and " + MAX_INTERVAL + ", got " + maxInterval);
        }
    }

    /**
     * Every 100 entries or 5 minutes.
     *
     * @return the default policy
     */
    public static CheckpointPolicy defaults() {
        return builder().build();
    }

    /**
     * A builder starting from the defaults.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting from this policy.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        return new Builder().everyEntries(everyEntries).maxInterval(maxInterval);
    }

    /**
     * How many entries at most between two checkpoints.
     *
     * @return the count, at least 1
     */
    public int everyEntries() {
        return everyEntries;
    }

    /**
     * How long at most between two checkpoints while entries are written.
     *
     * @return the interval
     */
    public Duration maxInterval() {
        return maxInterval;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CheckpointPolicy p && p.everyEntries == everyEntries && p.maxInterval.equals(maxInterval);
    }

    @Override
    public int hashCode() {
        return Objects.hash(everyEntries, maxInterval);
    }

    @Override
    public String toString() {
        return "CheckpointPolicy[everyEntries=" + everyEntries + ", maxInterval=" + maxInterval + "]";
    }

    /** Builds a {@link CheckpointPolicy}. */
    public static final class Builder {
        private int everyEntries = 100;
        private Duration maxInterval = Duration.ofMinutes(5);

        private Builder() {
        }

        /**
         * How many entries at most between two checkpoints.
         *
         * @param n the count, 1 to {@value CheckpointPolicy#MAX_ENTRIES}
         * @return this builder
         */
        public Builder everyEntries(int n) {
            this.everyEntries = n;
            return this;
        }

        /**
         * How long at most between two checkpoints while entries are written.
         *
         * @param interval 1 second to 24 hours
         * @return this builder
         */
        public Builder maxInterval(Duration interval) {
            this.maxInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /**
         * Builds the policy.
         *
         * @return the policy
         * @throws ShieldException {@link ErrorCode#INVALID_POLICY} for a value out of range
         */
        public CheckpointPolicy build() {
            return new CheckpointPolicy(this);
        }
    }
}
