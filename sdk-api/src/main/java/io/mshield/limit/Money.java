package io.mshield.limit;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/**
 * A non-negative amount of money in one currency, held at exactly the currency's number of decimal
 * places ({@code 100} CNY is stored as {@code 100.00}).
 *
 * <p>The constructor refuses, with {@link ErrorCode#INVALID_AMOUNT}: a negative amount, more
 * significant decimals than the currency has (nothing is rounded: {@code 1.005} CNY is refused, but
 * {@code 1.500} is {@code 1.50}), a currency without decimal places defined (such as {@code XXX}),
 * and amounts of {@link #UPPER_BOUND} (10<sup>14</sup>) or more, so that every amount fits a
 * {@code long} in minor units. Arithmetic and comparison
 * across currencies are refused the same way; there is no conversion.
 *
 * @param amount   the amount, at the currency's scale
 * @param currency the ISO 4217 currency
 */
public record Money(BigDecimal amount, Currency currency) {
    /** Amounts must be below this: 10<sup>14</sup> (one hundred trillion) units of any currency. */
    public static final BigDecimal UPPER_BOUND = BigDecimal.TEN.pow(14);
    /** The ISO 4217 code of the renminbi. */
    public static final String CNY = "CNY";

    private static final int MAX_TEXT_LENGTH = 40;

    /**
     * Validates the amount and normalizes its scale.
     *
     * @param amount   the amount, at most the currency's number of decimals
     * @param currency the currency
     * @throws ShieldException with {@link ErrorCode#INVALID_AMOUNT} as described on the type
     */
    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        int digits = currency.getDefaultFractionDigits();
        if (digits < 0) {
            throw invalid("currency " + currency.getCurrencyCode() + " has no decimal places defined");
        }
        if (amount.signum() < 0) {
            throw invalid("an amount must not be negative, got " + amount.toPlainString());
        }
        if (amount.compareTo(UPPER_BOUND) >= 0) {
            throw invalid("an amount must be below 10^14");
        }
        BigDecimal stripped = amount.stripTrailingZeros();
        if (stripped.scale() > digits) {
            throw invalid("an amount in " + currency.getCurrencyCode() + " has at most " + digits
                    + " decimals, got " + amount.toPlainString());
        }
        amount = stripped.setScale(digits);
    }

    /**
     * Parses an amount such as {@code "1000000.00"} in a currency such as {@code "CNY"}.
     *
     * @param amount       a plain decimal number, at most 40 characters
     * @param currencyCode an ISO 4217 code
     * @return the money
     * @throws ShieldException with {@link ErrorCode#INVALID_AMOUNT} if either is malformed or the
     *                         amount is not acceptable
     */
    public static Money of(String amount, String currencyCode) {
        return new Money(parse(amount), currency(currencyCode));
    }

    /**
     * An amount in an explicit currency.
     *
     * @param amount   the amount
     * @param currency the currency
     * @return the money
     * @throws ShieldException with {@link ErrorCode#INVALID_AMOUNT} if not acceptable
     */
    public static Money of(BigDecimal amount, Currency currency) {
        return new Money(amount, currency);
    }

    /**
     * Parses an amount of renminbi.
     *
     * @param amount a plain decimal number such as {@code "1000000.00"}
     * @return the money
     * @throws ShieldException with {@link ErrorCode#INVALID_AMOUNT} if malformed
     */
    public static Money cny(String amount) {
        return of(amount, CNY);
    }

    /**
     * Zero in a currency.
     *
     * @param currency the currency
     * @return zero
     */
    public static Money zero(Currency currency) {
        return new Money(BigDecimal.ZERO, currency);
    }

    /**
     * An amount given in the currency's smallest unit (fen for CNY).
     *
     * @param minorUnits the amount in minor units, not negative
     * @param currency   the currency
     * @return the money
     * @throws ShieldException with {@link ErrorCode#INVALID_AMOUNT} if not acceptable
     */
    public static Money ofMinorUnits(long minorUnits, Currency currency) {
        Objects.requireNonNull(currency, "currency");
        int digits = currency.getDefaultFractionDigits();
        if (digits < 0) {
            throw invalid("currency " + currency.getCurrencyCode() + " has no decimal places defined");
        }
        return new Money(BigDecimal.valueOf(minorUnits, digits), currency);
    }

    /**
     * The amount in the currency's smallest unit (fen for CNY), for counters in persistence.
     *
     * @return the amount in minor units
     */
    public long toMinorUnits() {
        return amount.unscaledValue().longValueExact();
    }

    /**
     * The sum.
     *
     * @param other an amount in the same currency
     * @return this plus other
     * @throws ShieldException with {@link ErrorCode#INVALID_AMOUNT} on a currency mismatch or if the
     *                         sum is too large
     */
    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.add(other.amount), currency);
    }

    /**
     * The difference.
     *
     * @param other an amount in the same currency, not larger than this one
     * @return this minus other
     * @throws ShieldException with {@link ErrorCode#INVALID_AMOUNT} on a currency mismatch or if the
     *                         result would be negative
     */
    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.subtract(other.amount), currency);
    }

    /**
     * Whether this amount is larger.
     *
     * @param other an amount in the same currency
     * @return true if this is strictly greater
     * @throws ShieldException with {@link ErrorCode#INVALID_AMOUNT} on a currency mismatch
     */
    public boolean isGreaterThan(Money other) {
        requireSameCurrency(other);
        return amount.compareTo(other.amount) > 0;
    }

    /**
     * Whether this amount is smaller.
     *
     * @param other an amount in the same currency
     * @return true if this is strictly smaller
     * @throws ShieldException with {@link ErrorCode#INVALID_AMOUNT} on a currency mismatch
     */
    public boolean isLessThan(Money other) {
        requireSameCurrency(other);
        return amount.compareTo(other.amount) < 0;
    }

    /**
     * Whether the amount is zero.
     *
     * @return true for zero
     */
    public boolean isZero() {
        return amount.signum() == 0;
    }

    /**
     * Whether another amount has the same currency.
     *
     * @param other the other amount
     * @return true if the currencies are equal
     */
    public boolean sameCurrencyAs(Money other) {
        Objects.requireNonNull(other, "other");
        return currency.equals(other.currency);
    }

    /**
     * The amount and the currency code, for example {@code 1000000.00 CNY}.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return amount.toPlainString() + " " + currency.getCurrencyCode();
    }

    private void requireSameCurrency(Money other) {
        if (!sameCurrencyAs(other)) {
            throw invalid("cannot combine " + currency.getCurrencyCode() + " with "
                    + other.currency.getCurrencyCode());
        }
    }

    private static BigDecimal parse(String amount) {
        Objects.requireNonNull(amount, "amount");
        if (amount.isEmpty() || amount.length() > MAX_TEXT_LENGTH) {
            throw invalid("an amount must be 1-" + MAX_TEXT_LENGTH + " characters");
        }
        for (int i = 0; i < amount.length(); i++) {
            char c = amount.charAt(i);
            if (!(c >= '0' && c <= '9') && c != '.' && c != '-') {
                throw invalid("an amount is a plain decimal number such as 1000.00, got \"" + amount + "\"");
            }
        }
        try {
            return new BigDecimal(amount);
        } catch (NumberFormatException e) {
            throw invalid("an amount is a plain decimal number such as 1000.00, got \"" + amount + "\"");
        }
    }

    private static Currency currency(String code) {
        Objects.requireNonNull(code, "currencyCode");
        if (code.length() != 3) {
            throw invalid("a currency is a 3-letter ISO 4217 code");
        }
        try {
            return Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw invalid("unknown ISO 4217 currency code \"" + code + "\"");
        }
    }

    private static ShieldException invalid(String message) {
        return new ShieldException(ErrorCode.INVALID_AMOUNT, message);
    }
}
