package io.mshield.pin;

import io.mshield.ShieldException;
import io.mshield.identity.PhoneNumber;
import io.mshield.identity.ResidentIdNumber;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * No PIN digit sequence appears in toString(), in an exception message of Pin, PinPolicy or the
 * weak-PIN rules, or on standard output and error while they run (they do not log).
 */
class PinSecrecyTest {
    private static final ResidentIdNumber ID = ResidentIdNumber.of("11010519491231002X");
    private static final PhoneNumber PHONE = PhoneNumber.of("13812345678");

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeEach
    void capture() {
        savedOut = System.out;
        savedErr = System.err;
        PrintStream sink = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(sink);
        System.setErr(sink);
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    /** Every contiguous run of 3 or more characters of the secret: none may leak. */
    private static List<String> fragments(String secret) {
        List<String> out = new ArrayList<>();
        for (int len = 3; len <= secret.length(); len++) {
            for (int i = 0; i + len <= secret.length(); i++) {
                out.add(secret.substring(i, i + len));
            }
        }
        return out;
    }

    private static void assertNoLeak(String text, String secret) {
        for (String f : fragments(secret)) {
            assertThat(text).as("leaks a fragment of the PIN").doesNotContain(f);
        }
    }

    private static String messageOf(ThrowingCallable call) {
        Throwable t = catchThrowable(call);
        assertThat(t).isInstanceOf(ShieldException.class);
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c).append('\n');
        }
        return all.toString();
    }

    @Test
    @DisplayName("R5.4 Pin.toString never shows a digit")
    void toStringRedacted() {
        for (String digits : List.of("470213", "000000", "999999", "123456")) {
            Pin pin = Pin.of(digits);
            assertThat(pin.toString()).isEqualTo("Pin[******]").doesNotContainPattern("\\d");
            assertThat(String.valueOf(pin)).doesNotContainPattern("\\d");
            assertThat(List.of(pin).toString()).doesNotContainPattern("\\d");
        }
        assertThat(Pin.of("470213470213".toCharArray(), 12)).hasToString("Pin[******]");
    }

    @Test
    @DisplayName("R5.4 format errors never contain the input")
    void formatErrorsRedacted() {
        for (String bad : List.of("4702139", "47021", "47021a", "470213470213470213", "98765x")) {
            assertNoLeak(messageOf(() -> Pin.of(bad)), bad.replaceAll("\\D", ""));
            assertNoLeak(messageOf(() -> Pin.of(bad.toCharArray())), bad.replaceAll("\\D", ""));
            assertNoLeak(messageOf(() -> PinPolicy.defaults().parse(bad.toCharArray())), bad.replaceAll("\\D", ""));
        }
        Pin eight = Pin.of("47021398".toCharArray(), 8);
        assertNoLeak(messageOf(() -> PinPolicy.defaults().checkFormat(eight)), "47021398");
    }

    @Test
    @DisplayName("R3.3 weak-PIN errors never contain the digits")
    void weakPinErrorsRedacted() {
        PinPolicy policy = PinPolicy.defaults();
        for (String weak : List.of("777777", "234567", "765432", "901234", "491231", "345678", "105194")) {
            Pin pin = Pin.of(weak);
            String message = messageOf(() -> policy.checkStrength(pin, ID, PHONE));
            assertNoLeak(message, weak);
            assertThat(message).doesNotContain(ID.value()).doesNotContain(PHONE.value());
        }
    }

    @Test
    @DisplayName("R5.4 errors after wiping never contain the digits")
    void wipedErrorsRedacted() {
        Pin pin = Pin.of("470213");
        pin.wipe();
        assertNoLeak(messageOf(pin::toUtf8Bytes), "470213");
        assertNoLeak(messageOf(() -> pin.matches(Pin.of("470213"))), "470213");
    }

    @Test
    @DisplayName("R5.4 nothing is printed while PINs are parsed, compared, checked and wiped")
    void nothingLogged() {
        Pin pin = Pin.of("470213");
        pin.matches(Pin.of("470214"));
        PinPolicy.seed004().checkStrength(pin, ID, PHONE);
        catchThrowable(() -> PinPolicy.seed004().checkStrength(Pin.of("123456"), ID, PHONE));
        catchThrowable(() -> Pin.of("47021"));
        pin.wipe();
        catchThrowable(pin::length);
        System.out.flush();
        assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
