package io.mshield.qr;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mshield.ErrorCode;
import io.mshield.ShieldException;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes {@link QrPayload#parse}: whatever the text, it returns a payload whose canonical
 * encoding is exactly the input, or throws {@link ShieldException} with
 * {@link ErrorCode#QR_PAYLOAD_INVALID}; nothing else escapes.
 *
 * <p>In a normal build this runs in Jazzer's regression mode, once per file in
 * {@code src/test/resources/io/mshield/qr/QrPayloadFuzzTestInputs/parseOnlyThrowsQrPayloadInvalid/}
 * (a valid LOGIN and SIGN payload, padding, a third part, a wrong prefix, upper-case hex, a
 * leading zero, an extra line, bad base64, non-UTF-8). Fuzz for real with {@code JAZZER_FUZZ=1
 * ./mvnw -pl sdk-api test -Dtest=QrPayloadFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Djazzer.hooks=true}; copy a crash input it finds into that folder once fixed.
 */
class QrPayloadFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void parseOnlyThrowsQrPayloadInvalid(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        QrPayload payload;
        try {
            payload = QrPayload.parse(text);
        } catch (ShieldException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.QR_PAYLOAD_INVALID);
            return;
        }
        assertThat(payload.encode()).isEqualTo(text);
        assertThat(QrPayload.parse(payload.encode())).isEqualTo(payload);
    }
}
