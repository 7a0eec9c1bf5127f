package io.mshield.transaction;

import io.mshield.limit.Money;
import io.mshield.limit.Scenario;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A payment as the bank holds it (R6). Everything here, the shown text included (R6.4), is inside
 * what gets signed; the canonical encoding is documented in {@code docs/transactions.md}.
 *
 * @param reference   the bank's reference, unique per payer
 * @param scenario    the scenario, which decides the cap (R6.1)
 * @param amount      the amount; for payroll the batch total, which must equal the sum of the lines
 * @param payer       the paying account
 * @param payee       the payee; empty for payroll
 * @param payroll     the batch lines; empty unless payroll
 * @param channel     the channel, such as {@code mobile} or {@code pc}
 * @param displayText the text shown to the user
 */
public record Transaction(String reference, Scenario scenario, Money amount, Party payer, Optional<Party> payee,
                          List<PayrollLine> payroll, String channel, String displayText) {
    /**
     * Validates and copies.
     * @param reference the bank's reference, unique per payer
     * @param scenario the scenario, which decides the cap (R6.1)
     * @param amount the amount; for payroll the batch total, which must equal the sum of the lines
     * @param payer the paying account
     * @param payee the payee; empty for payroll
     * @param payroll the batch lines; empty unless payroll
     * @param channel the channel, such as {@code mobile} or {@code pc}
     * @param displayText the text shown to the user
     */
    public Transaction {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(payer, "payer");
        Objects.requireNonNull(payee, "payee");
        payroll = List.copyOf(Objects.requireNonNull(payroll, "payroll"));
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(displayText, "displayText");
        if (reference.isBlank() || reference.length() > 64) {
            throw new io.mshield.ShieldException(io.mshield.ErrorCode.INVALID_ARGUMENT, "reference must be 1-64 characters");
        }
        if (!channel.matches("[a-z0-9_]{1,32}")) {
            throw new io.mshield.ShieldException(io.mshield.ErrorCode.INVALID_ARGUMENT, "channel must be 1-32 of [a-z0-9_]");
        }
        if (displayText.isBlank() || displayText.length() > 2000) {
            throw new io.mshield.ShieldException(io.mshield.ErrorCode.INVALID_ARGUMENT, "displayText must be 1-2000 characters");
        }
        if (payee.isPresent() == !payroll.isEmpty()) {
            throw new io.mshield.ShieldException(io.mshield.ErrorCode.INVALID_ARGUMENT,
                    "a transaction has either one payee or payroll lines");
        }
    }
}
