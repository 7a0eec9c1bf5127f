package io.mshield.samples.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.mshield.ErrorCode;
import org.springframework.stereotype.Component;

import java.util.function.Supplier;

/**
 * The server's Micrometer meters, on the Actuator's {@code /actuator/metrics}:
 * {@code mshield.payments} (tag {@code outcome}: SIGNED, HARDWARE_KEY_REQUIRED, DENIED),
 * {@code mshield.pin.failures}, {@code mshield.pin.locks}, {@code mshield.refusals} (tag
 * {@code code}, every refusal by its error code) and {@code mshield.latency} (tag
 * {@code operation}: the SDK's time for authorizing, signing and checking PINs). Tags hold codes
 * and outcomes only, never a shield number or anything a holder typed.
 */
@Component
public class ShieldMetrics {
    private final MeterRegistry registry;

    /**
     * Meters in the registry.
     *
     * @param registry the registry
     */
    public ShieldMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Counts a payment's outcome.
     *
     * @param outcome SIGNED, HARDWARE_KEY_REQUIRED or DENIED
     */
    public void payment(String outcome) {
        Counter.builder("mshield.payments").description("payments by outcome").tag("outcome", outcome).register(registry).increment();
    }

    /** Counts a wrong PIN. */
    public void pinFailure() {
        Counter.builder("mshield.pin.failures").description("wrong PINs").register(registry).increment();
    }

    /** Counts a PIN check that found or left the shield locked. */
    public void lock() {
        Counter.builder("mshield.pin.locks").description("PIN checks refused by a lock").register(registry).increment();
    }

    /**
     * Counts a refusal by its code, and the PIN meters it implies.
     *
     * @param code the code
     */
    public void refused(ErrorCode code) {
        Counter.builder("mshield.refusals").description("refusals by error code").tag("code", code.name()).register(registry).increment();
        if (code == ErrorCode.PIN_INCORRECT) {
            pinFailure();
        } else if (code == ErrorCode.PIN_LOCKED) {
            lock();
        }
    }

    /**
     * Times an SDK operation.
     *
     * @param operation the operation's name
     * @param call      the call
     * @param <T>       its result
     * @return its result
     */
    public <T> T timed(String operation, Supplier<T> call) {
        return Timer.builder("mshield.latency").description("time spent in the SDK").tag("operation", operation)
                .register(registry).record(call);
    }
}
