package io.mshield.pin;

import java.util.Optional;

/**
 * The weak-PIN rules of R3.3, applied by {@link PinPolicy#checkStrength}. Works on the PIN's own
 * array without copying it into a string, and returns reasons that contain no digit.
 */
final class WeakPins {
    private WeakPins() {
    }

    /**
     * Why the PIN is weak, or empty.
     *
     * @param pin                  the new PIN
     * @param personalDigitSources texts whose runs of digits a PIN must not repeat (ID number, phone)
     * @return a reason without digits
     */
    static Optional<String> weakness(Pin pin, String... personalDigitSources) {
        int n = pin.length();
        if (isOneDigit(pin, n)) {
            return Optional.of("it repeats one digit");
        }
        if (isRun(pin, n, 1)) {
            return Optional.of("its digits ascend one by one");
        }
        if (isRun(pin, n, 9)) {
            return Optional.of("its digits descend one by one");
        }
        for (String source : personalDigitSources) {
            if (occursIn(pin, n, source)) {
                return Optional.of("it repeats consecutive digits of the holder's ID number or phone number");
            }
        }
        return Optional.empty();
    }

    private static boolean isOneDigit(Pin pin, int n) {
        char first = pin.digitAt(0);
        for (int i = 1; i < n; i++) {
            if (pin.digitAt(i) != first) {
                return false;
            }
        }
        return true;
    }

    /** Each digit is the previous plus {@code step} modulo 10, so 890123 and 109876 count as runs. */
    private static boolean isRun(Pin pin, int n, int step) {
        for (int i = 1; i < n; i++) {
            int previous = pin.digitAt(i - 1) - '0';
            int current = pin.digitAt(i) - '0';
            if (current != (previous + step) % 10) {
                return false;
            }
        }
        return true;
    }

    private static boolean occursIn(Pin pin, int n, String source) {
        for (int start = 0; start + n <= source.length(); start++) {
            boolean same = true;
            for (int i = 0; i < n && same; i++) {
                same = source.charAt(start + i) == pin.digitAt(i);
            }
            if (same) {
                return true;
            }
        }
        return false;
    }
}
