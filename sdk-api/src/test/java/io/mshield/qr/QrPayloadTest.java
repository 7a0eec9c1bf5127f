package io.mshield.qr;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QrPayloadTest {
    static final QrPayload LOGIN = new QrPayload("0123456789abcdef0123456789abcdef", new byte[16], QrPurpose.LOGIN,
            "https://ebank.example.com PC 10.1.2.3", Instant.parse("2026-11-22T02:03:00Z"), Optional.empty(), new byte[72]);
    static final QrPayload SIGN = new QrPayload("fedcba9876543210fedcba9876543210", HexFormat.of().parseHex("00112233445566778899aabbccddeeff"),
            QrPurpose.SIGN, "customs", Instant.parse("2026-11-22T02:03:00Z"), Optional.of(new byte[32]), new byte[64]);

    static String body(String text) {
        return "MSQR1." + Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8))
                + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[72]);
    }

    @Test
    @DisplayName("R7.2 R7.3 payloads round-trip through their one canonical text, compactly enough for a QR code")
    void roundTrip() {
        for (QrPayload p : new QrPayload[]{LOGIN, SIGN}) {
            String text = p.encode();
            assertThat(text).startsWith(QrPayload.PREFIX).hasSizeLessThan(500);
            assertThat(QrPayload.parse(text)).isEqualTo(p);
            assertThat(new String(p.signedBytes(), StandardCharsets.UTF_8)).startsWith("MSQR/1\nid=" + p.id());
        }
        assertThat(LOGIN.toString()).doesNotContain("signature");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "MSQR/1\nid=0123456789abcdef0123456789abcdef\nnonce=00000000000000000000000000000000\npurpose=LOGIN\norigin=x\nexpires=1795312980\ndigest=-\n",
            "MSQR/1\nid=0123456789ABCDEF0123456789abcdef\nnonce=00000000000000000000000000000000\npurpose=LOGIN\norigin=x\nexpires=1795312980\ndigest=-",
            "MSQR/1\nid=0123456789abcdef0123456789abcdef\nnonce=00000000000000000000000000000000\npurpose=login\norigin=x\nexpires=1795312980\ndigest=-",
            "MSQR/1\nid=0123456789abcdef0123456789abcdef\nnonce=00000000000000000000000000000000\npurpose=LOGIN\norigin=x\nexpires=01795312980\ndigest=-",
            "MSQR/1\nid=0123456789abcdef0123456789abcdef\nnonce=00000000000000000000000000000000\npurpose=LOGIN\norigin=\nexpires=1795312980\ndigest=-",
            "MSQR/1\nid=0123456789abcdef0123456789abcdef\nnonce=00000000000000000000000000000000\npurpose=LOGIN\norigin=é\nexpires=1795312980\ndigest=-",
            "MSQR/1\nid=0123456789abcdef0123456789abcdef\nnonce=00000000000000000000000000000000\npurpose=SIGN\norigin=x\nexpires=1795312980\ndigest=-",
            "MSQR/1\nid=0123456789abcdef0123456789abcdef\nnonce=00000000000000000000000000000000\npurpose=LOGIN\norigin=x\nexpires=1795312980\ndigest=0000000000000000000000000000000000000000000000000000000000000000",
            "MSQR/1\nnonce=00000000000000000000000000000000\nid=0123456789abcdef0123456789abcdef\npurpose=LOGIN\norigin=x\nexpires=1795312980\ndigest=-",
            "MSQR/2\nid=0123456789abcdef0123456789abcdef\nnonce=00000000000000000000000000000000\npurpose=LOGIN\norigin=x\nexpires=1795312980\ndigest=-",
    })
    @DisplayName("R7.2 the parser refuses every non-canonical body with QR_PAYLOAD_INVALID")
    void refusesBodies(String text) {
        assertThatThrownBy(() -> QrPayload.parse(body(text))).isInstanceOfSatisfying(ShieldException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.QR_PAYLOAD_INVALID));
    }

    @Test
    @DisplayName("R7.2 the parser refuses padding, extra parts, other prefixes, bad base64, oversize and null")
    void refusesFraming() {
        String good = LOGIN.encode();
        assertThat(QrPayload.parse(body(new String(LOGIN.signedBytes(), StandardCharsets.UTF_8)))).isEqualTo(LOGIN);
        for (String bad : new String[]{good + "=", good + ".AA", "X" + good, good.replace('.', '!'),
                "MSQR1." + "A".repeat(QrPayload.MAX_LENGTH), "MSQR1..", "MSQR1.A+/A.AAAA", null}) {
            assertThatThrownBy(() -> QrPayload.parse(bad)).isInstanceOfSatisfying(ShieldException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.QR_PAYLOAD_INVALID));
        }
    }
}
