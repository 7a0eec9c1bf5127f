package io.mshield.certificate;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * How long certificates are valid and when they may be renewed (R3.4).
 *
 * <p>{@link #defaults()} = {@link #seed001And002()}: certificates are valid 5 years (002); renewal
 * is possible in the last 6 months before notAfter (001); the bank reminds holders 1 month before
 * that window opens (002). Periods are calendar periods, applied in the policy's time zone
 * (default {@code Asia/Shanghai}), so "5 years" from 29 February ends on 28 February.
 *
 * <p>Renewal is possible from the window's start up to, but not including, notAfter; an expired
 * certificate cannot be renewed. {@link Builder#build()} refuses, with
 * {@link ErrorCode#INVALID_POLICY}: a validity or renewal window that is zero or negative, a
 * negative reminder lead, and a renewal window or window plus reminder lead not shorter than the
 * validity.
 */
public final class RenewalPolicy {
    private static final LocalDateTime REFERENCE = LocalDateTime.of(2000, 1, 1, 0, 0);

    private final Period validity;
    private final Period renewalWindow;
    private final Period reminderLead;
    private final ZoneId zone;

    private RenewalPolicy(Builder b) {
        this.validity = b.validity;
        this.renewalWindow = b.renewalWindow;
        this.reminderLead = b.reminderLead;
        this.zone = b.zone;
        if (!isPositive(validity)) {
            throw invalid("validity must be positive, got " + validity);
        }
        if (!isPositive(renewalWindow)) {
            throw invalid("renewalWindow must be positive, got " + renewalWindow);
        }
        if (reminderLead.isNegative()) {
            throw invalid("reminderLead must not be negative, got " + reminderLead);
        }
        ZonedDateTime ref = REFERENCE.atZone(zone);
        ZonedDateTime end = ref.plus(validity);
        if (!end.minus(renewalWindow).minus(reminderLead).isAfter(ref)) {
            throw invalid("renewalWindow " + renewalWindow + " plus reminderLead " + reminderLead
                    + " must be shorter than validity " + validity);
        }
    }

    private static boolean isPositive(Period p) {
        return !p.isNegative() && !p.isZero();
    }

    private static ShieldException invalid(String message) {
        return new ShieldException(ErrorCode.INVALID_POLICY, message);
    }

    /**
     * The default policy, {@link #seed001And002()}.
     *
     * @return the default policy
     */
    public static RenewalPolicy defaults() {
        return seed001And002();
    }

    /**
     * Seeds 001 and 002: valid 5 years (002), renewable in the last 6 months (001), reminder 1 month
     * before the window (002), in {@code Asia/Shanghai}.
     *
     * @return the preset
     */
    public static RenewalPolicy seed001And002() {
        return builder().validity(Period.ofYears(5)).renewalWindow(Period.ofMonths(6))
                .reminderLead(Period.ofMonths(1)).zone(ZoneId.of("Asia/Shanghai")).build();
    }

    /**
     * A builder starting from the values of {@link #seed001And002()}.
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
        return new Builder().validity(validity).renewalWindow(renewalWindow).reminderLead(reminderLead).zone(zone);
    }

    /**
     * How long a certificate is valid.
     *
     * @return the period
     */
    public Period validity() {
        return validity;
    }

    /**
     * How long before notAfter renewal becomes possible.
     *
     * @return the period
     */
    public Period renewalWindow() {
        return renewalWindow;
    }

    /**
     * How long before the renewal window opens the holder is reminded.
     *
     * @return the period, possibly zero
     */
    public Period reminderLead() {
        return reminderLead;
    }

    /**
     * The time zone the calendar periods are applied in.
     *
     * @return the zone
     */
    public ZoneId zone() {
        return zone;
    }

    /**
     * The end of validity of a certificate starting at a given time.
     *
     * @param notBefore the start of validity
     * @return {@code notBefore + validity}
     */
    public Instant notAfter(Instant notBefore) {
        Objects.requireNonNull(notBefore, "notBefore");
        return notBefore.atZone(zone).plus(validity).toInstant();
    }

    /**
     * When renewal becomes possible.
     *
     * @param notAfter the certificate's end of validity
     * @return {@code notAfter - renewalWindow}
     */
    public Instant renewalWindowStart(Instant notAfter) {
        Objects.requireNonNull(notAfter, "notAfter");
        return notAfter.atZone(zone).minus(renewalWindow).toInstant();
    }

    /**
     * When the holder should be reminded to renew.
     *
     * @param notAfter the certificate's end of validity
     * @return {@code notAfter - renewalWindow - reminderLead}
     */
    public Instant reminderAt(Instant notAfter) {
        Objects.requireNonNull(notAfter, "notAfter");
        return notAfter.atZone(zone).minus(renewalWindow).minus(reminderLead).toInstant();
    }

    /**
     * Whether a certificate may be renewed now (R3.4).
     *
     * @param notAfter the certificate's end of validity
     * @param now      the current time, from the SDK's clock
     * @return true from the window's start until just before notAfter
     */
    public boolean inRenewalWindow(Instant notAfter, Instant now) {
        Objects.requireNonNull(now, "now");
        return !now.isBefore(renewalWindowStart(notAfter)) && now.isBefore(notAfter);
    }

    /**
     * Whether the holder should have been reminded by now: from {@link #reminderAt} until notAfter.
     *
     * @param notAfter the certificate's end of validity
     * @param now      the current time
     * @return true if a reminder is due or overdue and the certificate has not expired
     */
    public boolean reminderDue(Instant notAfter, Instant now) {
        Objects.requireNonNull(now, "now");
        return !now.isBefore(reminderAt(notAfter)) && now.isBefore(notAfter);
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
        if (!(o instanceof RenewalPolicy)) {
            return false;
        }
        RenewalPolicy r = (RenewalPolicy) o;
        return validity.equals(r.validity) && renewalWindow.equals(r.renewalWindow)
                && reminderLead.equals(r.reminderLead) && zone.equals(r.zone);
    }

    /**
     * A hash of all values.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(validity, renewalWindow, reminderLead, zone);
    }

    /**
     * All values, for logs.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "RenewalPolicy[validity=" + validity + ", renewalWindow=" + renewalWindow + ", reminderLead="
                + reminderLead + ", zone=" + zone + "]";
    }

    /**
     * Collects the values of a {@link RenewalPolicy}. Not thread-safe.
     */
    public static final class Builder {
        private Period validity = Period.ofYears(5);
        private Period renewalWindow = Period.ofMonths(6);
        private Period reminderLead = Period.ofMonths(1);
        private ZoneId zone = ZoneId.of("Asia/Shanghai");

        private Builder() {
        }

        /**
         * Sets how long a certificate is valid.
         *
         * @param validity a positive period
         * @return this builder
         */
        public Builder validity(Period validity) {
            this.validity = Objects.requireNonNull(validity, "validity");
            return this;
        }

        /**
         * Sets how long before notAfter renewal becomes possible.
         *
         * @param renewalWindow a positive period, shorter than the validity
         * @return this builder
         */
        public Builder renewalWindow(Period renewalWindow) {
            this.renewalWindow = Objects.requireNonNull(renewalWindow, "renewalWindow");
            return this;
        }

        /**
         * Sets how long before the window opens the holder is reminded.
         *
         * @param reminderLead zero or a positive period
         * @return this builder
         */
        public Builder reminderLead(Period reminderLead) {
            this.reminderLead = Objects.requireNonNull(reminderLead, "reminderLead");
            return this;
        }

        /**
         * Sets the time zone the calendar periods are applied in.
         *
         * @param zone the zone
         * @return this builder
         */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        /**
         * Validates the values together and builds the policy.
         *
         * @return the policy
         * @throws ShieldException with {@link ErrorCode#INVALID_POLICY} naming the rejected value
         */
        public RenewalPolicy build() {
            return new RenewalPolicy(this);
        }
    }
}
