package io.mshield.limit;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;

import java.util.Objects;
import java.util.Optional;

/**
 * Optional cumulative limits on what shields may authorize: per shield and per enterprise, per
 * calendar day and per calendar month. The seeds set none, so {@link #defaults()} has none; a bank
 * adds its own.
 *
 * <p>This type holds the limits and decides one transaction given the running totals; keeping the
 * totals (atomic counters, the day and month boundaries in the bank's time zone) is sdk-core's
 * and persistence's job.
 *
 * <p>{@link Builder#build()} refuses, with {@link ErrorCode#INVALID_POLICY}: a daily limit larger
 * than the monthly one of the same scope, and daily and monthly limits of one scope in different
 * currencies.
 */
public final class CumulativeLimits {
    private final Money dailyPerShield;
    private final Money monthlyPerShield;
    private final Money dailyPerEnterprise;
    private final Money monthlyPerEnterprise;

    private CumulativeLimits(Builder b) {
        this.dailyPerShield = b.dailyPerShield;
        this.monthlyPerShield = b.monthlyPerShield;
        this.dailyPerEnterprise = b.dailyPerEnterprise;
        this.monthlyPerEnterprise = b.monthlyPerEnterprise;
        checkScope("per shield", dailyPerShield, monthlyPerShield);
        checkScope("per enterprise", dailyPerEnterprise, monthlyPerEnterprise);
    }

    private static void checkScope(String scope, Money daily, Money monthly) {
        if (daily == null || monthly == null) {
            return;
        }
        if (!daily.sameCurrencyAs(monthly)) {
            throw new ShieldException(ErrorCode.INVALID_POLICY, "the daily limit " + scope + " (" + daily
                    + ") and the monthly one (" + monthly + ") must have the same currency");
        }
        if (daily.isGreaterThan(monthly)) {
            throw new ShieldException(ErrorCode.INVALID_POLICY, "the daily limit " + scope + " (" + daily
                    + ") exceeds the monthly one (" + monthly + ")");
        }
    }

    /**
     * No cumulative limits (the seeds set none).
     *
     * @return limits that limit nothing
     */
    public static CumulativeLimits defaults() {
        return none();
    }

    /**
     * No cumulative limits.
     *
     * @return limits that limit nothing
     */
    public static CumulativeLimits none() {
        return builder().build();
    }

    /**
     * A builder with no limits.
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
        b.dailyPerShield = dailyPerShield;
        b.monthlyPerShield = monthlyPerShield;
        b.dailyPerEnterprise = dailyPerEnterprise;
        b.monthlyPerEnterprise = monthlyPerEnterprise;
        return b;
    }

    /**
     * The most one shield may authorize in a calendar day.
     *
     * @return the limit, or empty
     */
    public Optional<Money> dailyPerShield() {
        return Optional.ofNullable(dailyPerShield);
    }

    /**
     * The most one shield may authorize in a calendar month.
     *
     * @return the limit, or empty
     */
    public Optional<Money> monthlyPerShield() {
        return Optional.ofNullable(monthlyPerShield);
    }

    /**
     * The most all shields of one enterprise may authorize in a calendar day.
     *
     * @return the limit, or empty
     */
    public Optional<Money> dailyPerEnterprise() {
        return Optional.ofNullable(dailyPerEnterprise);
    }

    /**
     * The most all shields of one enterprise may authorize in a calendar month.
     *
     * @return the limit, or empty
     */
    public Optional<Money> monthlyPerEnterprise() {
        return Optional.ofNullable(monthlyPerEnterprise);
    }

    /**
     * Whether no limit is set.
     *
     * @return true if every limit is empty
     */
    public boolean isNone() {
        return dailyPerShield == null && monthlyPerShield == null && dailyPerEnterprise == null
                && monthlyPerEnterprise == null;
    }

    /**
     * Decides a transaction against the per-shield limits.
     *
     * @param amount        the transaction's amount
     * @param usedToday     what the shield has authorized today, before this transaction
     * @param usedThisMonth what the shield has authorized this month, before this transaction
     * @return {@link LimitDecision.Allowed}, or {@link LimitDecision.Denied} with
     *         {@link ErrorCode#LIMIT_EXCEEDED} if a limit would be exceeded (reaching it exactly is allowed)
     * @throws ShieldException with {@link ErrorCode#INVALID_AMOUNT} if currencies differ
     */
    public LimitDecision checkShield(Money amount, Money usedToday, Money usedThisMonth) {
        return check("per shield", dailyPerShield, monthlyPerShield, amount, usedToday, usedThisMonth);
    }

    /**
     * Decides a transaction against the per-enterprise limits.
     *
     * @param amount        the transaction's amount
     * @param usedToday     what the enterprise's shields have authorized today, before this transaction
     * @param usedThisMonth what they have authorized this month, before this transaction
     * @return {@link LimitDecision.Allowed}, or {@link LimitDecision.Denied} with
     *         {@link ErrorCode#LIMIT_EXCEEDED} if a limit would be exceeded (reaching it exactly is allowed)
     * @throws ShieldException with {@link ErrorCode#INVALID_AMOUNT} if currencies differ
     */
    public LimitDecision checkEnterprise(Money amount, Money usedToday, Money usedThisMonth) {
        return check("per enterprise", dailyPerEnterprise, monthlyPerEnterprise, amount, usedToday, usedThisMonth);
    }

    private static LimitDecision check(String scope, Money daily, Money monthly, Money amount,
                                       Money usedToday, Money usedThisMonth) {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(usedToday, "usedToday");
        Objects.requireNonNull(usedThisMonth, "usedThisMonth");
        if (daily != null && usedToday.plus(amount).isGreaterThan(daily)) {
            return new LimitDecision.Denied(ErrorCode.LIMIT_EXCEEDED,
                    "the daily limit " + scope + " of " + daily + " would be exceeded");
        }
        if (monthly != null && usedThisMonth.plus(amount).isGreaterThan(monthly)) {
            return new LimitDecision.Denied(ErrorCode.LIMIT_EXCEEDED,
                    "the monthly limit " + scope + " of " + monthly + " would be exceeded");
        }
        return new LimitDecision.Allowed();
    }

    /**
     * Limits are equal when all their values are.
     *
     * @param o the other object
     * @return true if equal
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CumulativeLimits)) {
            return false;
        }
        CumulativeLimits c = (CumulativeLimits) o;
        return Objects.equals(dailyPerShield, c.dailyPerShield) && Objects.equals(monthlyPerShield, c.monthlyPerShield)
                && Objects.equals(dailyPerEnterprise, c.dailyPerEnterprise)
                && Objects.equals(monthlyPerEnterprise, c.monthlyPerEnterprise);
    }

    /**
     * A hash of all values.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(dailyPerShield, monthlyPerShield, dailyPerEnterprise, monthlyPerEnterprise);
    }

    /**
     * All values, for logs.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "CumulativeLimits[dailyPerShield=" + text(dailyPerShield) + ", monthlyPerShield=" + text(monthlyPerShield)
                + ", dailyPerEnterprise=" + text(dailyPerEnterprise) + ", monthlyPerEnterprise="
                + text(monthlyPerEnterprise) + "]";
    }

    private static String text(Money m) {
        return m == null ? "none" : m.toString();
    }

    /**
     * Collects the limits of a {@link CumulativeLimits}. Not thread-safe.
     */
    public static final class Builder {
        private Money dailyPerShield;
        private Money monthlyPerShield;
        private Money dailyPerEnterprise;
        private Money monthlyPerEnterprise;

        private Builder() {
        }

        /**
         * Sets the daily limit per shield.
         *
         * @param limit the limit
         * @return this builder
         */
        public Builder dailyPerShield(Money limit) {
            this.dailyPerShield = Objects.requireNonNull(limit, "limit");
            return this;
        }

        /**
         * Removes the daily limit per shield.
         *
         * @return this builder
         */
        public Builder noDailyPerShield() {
            this.dailyPerShield = null;
            return this;
        }

        /**
         * Sets the monthly limit per shield.
         *
         * @param limit the limit
         * @return this builder
         */
        public Builder monthlyPerShield(Money limit) {
            this.monthlyPerShield = Objects.requireNonNull(limit, "limit");
            return this;
        }

        /**
         * Removes the monthly limit per shield.
         *
         * @return this builder
         */
        public Builder noMonthlyPerShield() {
            this.monthlyPerShield = null;
            return this;
        }

        /**
         * Sets the daily limit per enterprise.
         *
         * @param limit the limit
         * @return this builder
         */
        public Builder dailyPerEnterprise(Money limit) {
            this.dailyPerEnterprise = Objects.requireNonNull(limit, "limit");
            return this;
        }

        /**
         * Removes the daily limit per enterprise.
         *
         * @return this builder
         */
        public Builder noDailyPerEnterprise() {
            this.dailyPerEnterprise = null;
            return this;
        }

        /**
         * Sets the monthly limit per enterprise.
         *
         * @param limit the limit
         * @return this builder
         */
        public Builder monthlyPerEnterprise(Money limit) {
            this.monthlyPerEnterprise = Objects.requireNonNull(limit, "limit");
            return this;
        }

        /**
         * Removes the monthly limit per enterprise.
         *
         * @return this builder
         */
        public Builder noMonthlyPerEnterprise() {
            this.monthlyPerEnterprise = null;
            return this;
        }

        /**
         * Validates the limits together and builds them.
         *
         * @return the limits
         * @throws ShieldException with {@link ErrorCode#INVALID_POLICY} naming the rejected values
         */
        public CumulativeLimits build() {
            return new CumulativeLimits(this);
        }
    }
}
