package io.mshield.enrollment;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;

import java.util.Objects;

/**
 * The rules of the face comparison against the authoritative source for the ID number (R2.2,
 * R3.5, R8.6): the similarity score needed, whether liveness detection must have passed, and how
 * many comparisons a person may try per day.
 *
 * <p>{@link #defaults()}: score at least 0.8, liveness required, 5 tries a day. Scores are on the
 * 0–1 scale of the bank's {@code FaceVerifier}.
 *
 * <p>{@link Builder#build()} refuses, with {@link ErrorCode#INVALID_POLICY} and the rejected value:
 * a threshold outside (0, 1] or NaN, and tries per day outside 1–100.
 */
public final class FacePolicy {
    private final double scoreThreshold;
    private final boolean livenessRequired;
    private final int maxTriesPerDay;

    private FacePolicy(Builder b) {
        this.scoreThreshold = b.scoreThreshold;
        this.livenessRequired = b.livenessRequired;
        this.maxTriesPerDay = b.maxTriesPerDay;
        if (!(scoreThreshold > 0.0 && scoreThreshold <= 1.0)) {
            throw new ShieldException(ErrorCode.INVALID_POLICY,
                    "scoreThreshold must be above 0 and at most 1, got " + scoreThreshold);
        }
        if (maxTriesPerDay < 1 || maxTriesPerDay > 100) {
            throw new ShieldException(ErrorCode.INVALID_POLICY, "maxTriesPerDay must be 1-100, got " + maxTriesPerDay);
        }
    }

    /**
     * Score 0.8, liveness required, 5 tries a day.
     *
     * @return the default policy
     */
    public static FacePolicy defaults() {
        return builder().build();
    }

    /**
     * A builder starting from {@link #defaults()}.
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
        return new Builder().scoreThreshold(scoreThreshold).livenessRequired(livenessRequired)
                .maxTriesPerDay(maxTriesPerDay);
    }

    /**
     * The lowest similarity score that passes.
     *
     * @return above 0, at most 1
     */
    public double scoreThreshold() {
        return scoreThreshold;
    }

    /**
     * Whether liveness detection must have passed.
     *
     * @return true if required
     */
    public boolean livenessRequired() {
        return livenessRequired;
    }

    /**
     * The most comparisons per person per calendar day.
     *
     * @return 1 to 100
     */
    public int maxTriesPerDay() {
        return maxTriesPerDay;
    }

    /**
     * Whether a comparison result passes.
     *
     * @param score the similarity score, 0 to 1
     * @param live  whether liveness detection passed
     * @return true if the score reaches the threshold and liveness passed where required
     * @throws ShieldException with {@link ErrorCode#INVALID_ARGUMENT} if the score is outside 0–1 or NaN
     */
    public boolean passes(double score, boolean live) {
        if (!(score >= 0.0 && score <= 1.0)) {
            throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "a face score is between 0 and 1, got " + score);
        }
        return score >= scoreThreshold && (live || !livenessRequired);
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
        if (!(o instanceof FacePolicy)) {
            return false;
        }
        FacePolicy p = (FacePolicy) o;
        return Double.compare(scoreThreshold, p.scoreThreshold) == 0 && livenessRequired == p.livenessRequired
                && maxTriesPerDay == p.maxTriesPerDay;
    }

    /**
     * A hash of all values.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(scoreThreshold, livenessRequired, maxTriesPerDay);
    }

    /**
     * All values, for logs.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "FacePolicy[scoreThreshold=" + scoreThreshold + ", livenessRequired=" + livenessRequired
                + ", maxTriesPerDay=" + maxTriesPerDay + "]";
    }

    /**
     * Collects the values of a {@link FacePolicy}. Not thread-safe.
     */
    public static final class Builder {
        private double scoreThreshold = 0.8;
        private boolean livenessRequired = true;
        private int maxTriesPerDay = 5;

        private Builder() {
        }

        /**
         * Sets the lowest passing score.
         *
         * @param scoreThreshold above 0, at most 1
         * @return this builder
         */
        public Builder scoreThreshold(double scoreThreshold) {
            this.scoreThreshold = scoreThreshold;
            return this;
        }

        /**
         * Sets whether liveness detection must have passed.
         *
         * @param livenessRequired true to require it
         * @return this builder
         */
        public Builder livenessRequired(boolean livenessRequired) {
            this.livenessRequired = livenessRequired;
            return this;
        }

        /**
         * Sets the most comparisons per person per day.
         *
         * @param maxTriesPerDay 1 to 100
         * @return this builder
         */
        public Builder maxTriesPerDay(int maxTriesPerDay) {
            this.maxTriesPerDay = maxTriesPerDay;
            return this;
        }

        /**
         * Validates the values and builds the policy.
         *
         * @return the policy
         * @throws ShieldException with {@link ErrorCode#INVALID_POLICY} naming the rejected value
         */
        public FacePolicy build() {
            return new FacePolicy(this);
        }
    }
}
