package io.mshield.samples;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.identity.CreditCode;
import io.mshield.identity.IdDocumentType;
import io.mshield.identity.ResidentIdNumber;
import io.mshield.limit.Money;
import io.mshield.limit.Scenario;
import io.mshield.limit.ScenarioLimits;
import io.mshield.pin.PinPolicy;

/**
 * The README's embedding example, compiled and run by {@code ReadmeExampleTest} so that the
 * snippet cannot rot. The lines between the markers are the README's code block, verbatim.
 */
public final class ReadmeExample {
    private ReadmeExample() {
    }

    /**
     * Runs the example.
     *
     * @return whether a hardware key is needed for the example amount
     */
    public static boolean run() {
        // README-BEGIN
        // Values are validated where they are made: a bad check digit never reaches the engine.
        ResidentIdNumber holder = ResidentIdNumber.of(IdDocumentType.MAINLAND_RESIDENT_ID, "11010519491231002X");
        CreditCode enterprise = CreditCode.of("91350100M000100Y43");
        Money amount = Money.cny("999999.99");

        // Policies are immutable values with the seeds' presets; banks adjust them with toBuilder().
        PinPolicy pins = PinPolicy.seed004();                    // 6 wrong → 24 h freeze, repeated → permanent
        ScenarioLimits caps = ScenarioLimits.seed000();          // transfer, payroll, loan: 1,000,000 CNY
        boolean needsHardwareKey = caps.cap(Scenario.TRANSFER)
                .map(cap -> amount.isGreaterThan(cap)).orElse(false);

        try {
            ResidentIdNumber.of(IdDocumentType.PASSPORT, "E12345678");
        } catch (ShieldException e) {
            // every refusal carries a stable code, listed in docs/errors.md
            assert e.code() == ErrorCode.UNSUPPORTED_ID_DOCUMENT;
        }
        // README-END
        if (holder.value().isEmpty() || enterprise.value().isEmpty() || pins.maxAttempts() < 1) {
            throw new IllegalStateException("unreachable: values are validated");
        }
        return needsHardwareKey;
    }
}
