package io.mshield.limit;

import io.mshield.ErrorCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.Currency;

import static io.mshield.ShieldAssertions.assertShieldError;
import static org.assertj.core.api.Assertions.assertThat;

class MoneyTest {
    private static final Currency CNY = Currency.getInstance("CNY");
    private static final Currency JPY = Currency.getInstance("JPY");

    @Test
    @DisplayName("R6.1 amounts are normalized to the currency's scale")
    void normalizesScale() {
        assertThat(Money.cny("100").amount()).isEqualTo(new BigDecimal("100.00"));
        assertThat(Money.cny("1.5").amount()).isEqualTo(new BigDecimal("1.50"));
        assertThat(Money.cny("1.500").amount()).isEqualTo(new BigDecimal("1.50"));
        assertThat(Money.of("1000000.00", "CNY")).isEqualTo(Money.cny("1000000")).hasToString("1000000.00 CNY");
        assertThat(Money.of(new BigDecimal("1E+3"), CNY).amount()).isEqualTo(new BigDecimal("1000.00"));
        assertThat(Money.of("500", "JPY").amount()).isEqualTo(new BigDecimal("500"));
        assertThat(Money.of("1.234", "KWD").amount()).isEqualTo(new BigDecimal("1.234"));
        assertThat(Money.cny("-0").isZero()).isTrue();
        assertThat(Money.zero(CNY)).isEqualTo(Money.cny("0.00"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.005", "0.001", "1.0001"})
    @DisplayName("R6.1 more decimals than the currency has are refused, not rounded")
    void refusesExcessScale(String amount) {
        assertShieldError(ErrorCode.INVALID_AMOUNT, () -> Money.cny(amount));
    }

    @Test
    @DisplayName("R6.1 a yen amount with decimals is refused")
    void refusesYenDecimals() {
        assertShieldError(ErrorCode.INVALID_AMOUNT, () -> Money.of("1.5", "JPY"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-0.01", "-1", "", "1e3", "1,000.00", "abc", " 1", "1.2.3", "-", "100000000000000",
            "12345678901234567890123456789012345678901"})
    @DisplayName("R6.1 negative, malformed and oversized amounts are refused with INVALID_AMOUNT")
    void refusesBadAmounts(String amount) {
        assertShieldError(ErrorCode.INVALID_AMOUNT, () -> Money.cny(amount));
    }

    @Test
    @DisplayName("R6.1 unknown currencies and currencies without decimals defined are refused")
    void refusesBadCurrencies() {
        assertShieldError(ErrorCode.INVALID_AMOUNT, () -> Money.of("1", "ZZZ"));
        assertShieldError(ErrorCode.INVALID_AMOUNT, () -> Money.of("1", "cny"));
        assertShieldError(ErrorCode.INVALID_AMOUNT, () -> Money.of("1", "RMB1"));
        assertShieldError(ErrorCode.INVALID_AMOUNT, () -> Money.of("1", "XXX"));
        assertShieldError(ErrorCode.INVALID_AMOUNT, () -> Money.ofMinorUnits(1, Currency.getInstance("XXX")));
    }

    @Test
    @DisplayName("R6.1 the largest amount is just below 10^14")
    void upperBound() {
        assertThat(Money.cny("99999999999999.99").toMinorUnits()).isEqualTo(9_999_999_999_999_999L);
        assertShieldError(ErrorCode.INVALID_AMOUNT, () -> Money.cny("100000000000000.00"));
        assertShieldError(ErrorCode.INVALID_AMOUNT, () -> Money.of(new BigDecimal("1E+999999"), CNY));
        assertShieldError(ErrorCode.INVALID_AMOUNT, () -> Money.of(new BigDecimal("1E-999999"), CNY));
    }

    @Test
    @DisplayName("R6.1 arithmetic stays non-negative and in one currency")
    void arithmetic() {
        Money a = Money.cny("100.10");
        Money b = Money.cny("0.90");
        assertThat(a.plus(b)).isEqualTo(Money.cny("101.00"));
        assertThat(a.minus(b)).isEqualTo(Money.cny("99.20"));
        assertThat(a.minus(a).isZero()).isTrue();
        assertShieldError(ErrorCode.INVALID_AMOUNT, () -> b.minus(a));
        assertThat(a.isGreaterThan(b)).isTrue();
        assertThat(b.isGreaterThan(a)).isFalse();
        assertThat(a.isGreaterThan(Money.cny("100.1"))).isFalse();
        assertThat(b.isLessThan(a)).isTrue();
        assertThat(a.isLessThan(a)).isFalse();
    }

    @Test
    @DisplayName("R6.1 a currency mismatch is refused with INVALID_AMOUNT")
    void currencyMismatch() {
        Money cny = Money.cny("1");
        Money usd = Money.of("1", "USD");
        assertThat(cny.sameCurrencyAs(usd)).isFalse();
        assertShieldError(ErrorCode.INVALID_AMOUNT, () -> cny.plus(usd));
        assertShieldError(ErrorCode.INVALID_AMOUNT, () -> cny.minus(usd));
        assertShieldError(ErrorCode.INVALID_AMOUNT, () -> cny.isGreaterThan(usd));
        assertShieldError(ErrorCode.INVALID_AMOUNT, () -> cny.isLessThan(usd));
    }

    @Test
    @DisplayName("R6.1 minor units round-trip")
    void minorUnits() {
        assertThat(Money.cny("1234.56").toMinorUnits()).isEqualTo(123456L);
        assertThat(Money.ofMinorUnits(123456L, CNY)).isEqualTo(Money.cny("1234.56"));
        assertThat(Money.ofMinorUnits(500L, JPY)).isEqualTo(Money.of("500", "JPY"));
        assertShieldError(ErrorCode.INVALID_AMOUNT, () -> Money.ofMinorUnits(-1L, CNY));
    }
}
