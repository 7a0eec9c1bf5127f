package io.mshield.transaction;

import io.mshield.limit.Money;

import java.util.Objects;

/**
 * One payee of a payroll batch.
 *
 * @param payee  the payee
 * @param amount the amount
 */
public record PayrollLine(Party payee, Money amount) {
    /**
     * Validates.
     * @param payee the payee
     * @param amount the amount
     */
    public PayrollLine {
        Objects.requireNonNull(payee, "payee");
        Objects.requireNonNull(amount, "amount");
    }
}
