package io.mshield.enrollment;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The rules of the SMS one-time code (R2.2, R9.2): its length, how long it is valid, how many wrong
 * entries it tolerates, how soon another may be sent and how many may be sent per day.
 *
 * <p>{@link #defaults()}: 6 digits, valid 5 minutes, 5 attempts, 60 seconds between sends, 10 per
 * day. The seeds do not fix these numbers; they are common practice for bank SMS codes.
 *
 * <p>{@link Builder#build()} refuses, with {@link ErrorCode#INVALID_POLICY} and the rejected value:
 * a length outside 4–10, a time to live outside 10 seconds–1 hour, attempts outside 1–20, a resend
 * cool-down that is negative or longer than 1 hour, and a daily cap outside 1–1000.
 */
public final class OtpPolicy {
    private final int length;
    private final Duration ttl;
    private final int maxAttempts;
    private final Duration resendCooldown;
    private final int dailyCap;

    private OtpPolicy(Builder b) {
        this.length = b.length;
        this.ttl = b.ttl;
        this.maxAttempts = b.maxAttempts;
        this.resendCooldown = b.resendCooldown;
        this.dailyCap = b.dailyCap;
        if (length < 4 || length > 10) {
            throw invalid("length must be 4-10, got " + length);
        }
        if (ttl.compareTo(Duration.ofSeconds(10)) < 0 || ttl.compareTo(Duration.ofHours(1)) > 0) {
            throw invalid("ttl must be between PT10S and PT1H, got " + ttl);
        }
        if (maxAttempts < 1 || maxAttempts > 20) {
            throw invalid("maxAttempts must be 1-20, got " + maxAttempts);
        }
        if (resendCooldown.isNegative() || resendCooldown.compareTo(Duration.ofHours(1)) > 0) {
            throw invalid("resendCooldown must be between zero and PT1H, got " + resendCooldown);
        }
        if (dailyCap < 1 || dailyCap > 1000) {
            throw invalid("dailyCap must be 1-1000, got " + dailyCap);
        }
    }

    private static ShieldException invalid(String message) {
        return new ShieldException(ErrorCode.INVALID_POLICY, message);
    }

    /**
     * 6 digits, 5 minutes, 5 attempts, 60 seconds cool-down, 10 a day.
     *
     * @return the default policy
     */
    public static OtpPolicy defaults() {
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
        return new Builder().length(length).ttl(ttl).maxAttempts(maxAttempts).resendCooldown(resendCooldown)
                .dailyCap(dailyCap);
    }

    /**
     * The number of digits of a code.
     *
     * @return 4 to 10
     */
    public int length() {
        return length;
    }

    /**
     * How long a code is valid after it was sent.
     *
     * @return the duration
     */
    public Duration ttl() {
        return ttl;
    }

    /**
     * Wrong entries after which a code is void.
     *
     * @return 1 to 20
     */
    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * The least time between two sends to the same phone.
     *
     * @return the duration, possibly zero
     */
    public Duration resendCooldown() {
        return resendCooldown;
    }

    /**
     * The most codes sent to one phone per calendar day.
     *
     * @return 1 to 1000
     */
    public int dailyCap() {
        return dailyCap;
    }

    /**
     * When a code sent at a given time expires.
     *
     * @param sentAt when it was sent
     * @return {@code sentAt + ttl}; the code is valid strictly before this instant
     */
    public Instant expiresAt(Instant sentAt) {
        Objects.requireNonNull(sentAt, "sentAt");
        return sentAt.plus(ttl);
    }

    /**
     * When another code may be sent after one sent at a given time.
     *
     * @param lastSentAt when the last code was sent
     * @return {@code lastSentAt + resendCooldown}
     */
    public Instant nextSendAllowedAt(Instant lastSentAt) {
        Objects.requireNonNull(lastSentAt, "lastSentAt");
        return lastSentAt.plus(resendCooldown);
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
        if (!(o instanceof OtpPolicy)) {
            return false;
        }
        OtpPolicy p = (OtpPolicy) o;
        return length == p.length && ttl.equals(p.ttl) && maxAttempts == p.maxAttempts
                && resendCooldown.equals(p.resendCooldown) && dailyCap == p.dailyCap;
    }

    /**
     * A hash of all values.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(length, ttl, maxAttempts, resendCooldown, dailyCap);
    }

    /**
     * All values, for logs.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "OtpPolicy[length=" + length + ", ttl=" + ttl + ", maxAttempts=" + maxAttempts + ", resendCooldown="
                + resendCooldown + ", dailyCap=" + dailyCap + "]";
    }

    /**
     * Collects the values of an {@link OtpPolicy}. Not thread-safe.
     */
    public static final class Builder {
        private int length = 6;
        private Duration ttl = Duration.ofMinutes(5);
        private int maxAttempts = 5;
        private Duration resendCooldown = Duration.ofSeconds(60);
        private int dailyCap = 10;

        private Builder() {
        }

        /**
         * Sets the number of digits.
         *
         * @param length 4 to 10
         * @return this builder
         */
        public Builder length(int length) {
            this.length = length;
            return this;
        }

        /**
         * Sets how long a code is valid.
         *
         * @param ttl 10 seconds to 1 hour
         * @return this builder
         */
        public Builder ttl(Duration ttl) {
            this.ttl = Objects.requireNonNull(ttl, "ttl");
            return this;
        }

        /**
         * Sets the wrong entries after which a code is void.
         *
         * @param maxAttempts 1 to 20
         * @return this builder
         */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * Sets the least time between two sends.
         *
         * @param resendCooldown zero to 1 hour
         * @return this builder
         */
        public Builder resendCooldown(Duration resendCooldown) {
            this.resendCooldown = Objects.requireNonNull(resendCooldown, "resendCooldown");
            return this;
        }

        /**
         * Sets the most codes per phone per day.
         *
         * @param dailyCap 1 to 1000
         * @return this builder
         */
        public Builder dailyCap(int dailyCap) {
            this.dailyCap = dailyCap;
            return this;
        }

        /**
         * Validates the values and builds the policy.
         *
         * @return the policy
         * @throws ShieldException with {@link ErrorCode#INVALID_POLICY} naming the rejected value
         */
        public OtpPolicy build() {
            return new OtpPolicy(this);
        }
    }
}
