package io.mshield.signature;

import io.mshield.ErrorCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.mshield.ShieldAssertions.assertShieldError;
import static org.assertj.core.api.Assertions.assertThat;

class EvidenceBundleTest {
    private final Evidence evidence = new Evidence("0123456789abcdef0123456789abcdef", "MSTX/1 pay".getBytes(StandardCharsets.UTF_8),
            new byte[300], List.of(new byte[]{1, 2, 3}, new byte[]{4}), List.of(new byte[]{5, 6}));

    @Test
    @DisplayName("R6.6 evidence exports as one PEM bundle and reads back equal")
    void roundTrip() {
        byte[] bundle = evidence.bundle();
        String text = new String(bundle, StandardCharsets.US_ASCII);
        assertThat(text).startsWith("signature-id: 0123456789abcdef0123456789abcdef\n")
                .contains("-----BEGIN CMS-----", "-----BEGIN MSHIELD CONTENT-----", "-----BEGIN X509 CRL-----");
        assertThat(text.split("-----BEGIN CERTIFICATE-----", -1)).hasSize(3);
        assertThat(Evidence.fromBundle(bundle)).isEqualTo(evidence);
    }

    @Test
    @DisplayName("R6.6 a bundle that is changed, truncated or missing a part is refused with INVALID_ARGUMENT")
    void refusals() {
        String text = new String(evidence.bundle(), StandardCharsets.US_ASCII);
        assertShieldError(ErrorCode.INVALID_ARGUMENT, () -> Evidence.fromBundle(text.substring(0, text.length() - 5).getBytes(StandardCharsets.US_ASCII)));
        assertShieldError(ErrorCode.INVALID_ARGUMENT, () -> Evidence.fromBundle(text.replace("signature-id", "sig").getBytes(StandardCharsets.US_ASCII)));
        assertShieldError(ErrorCode.INVALID_ARGUMENT, () -> Evidence.fromBundle(text.replace("BEGIN CMS", "BEGIN XYZ").replace("END CMS", "END XYZ")
                .getBytes(StandardCharsets.US_ASCII)));
        String noCms = text.replaceAll("(?s)-----BEGIN CMS-----.*?-----END CMS-----\n", "");
        assertShieldError(ErrorCode.INVALID_ARGUMENT, () -> Evidence.fromBundle(noCms.getBytes(StandardCharsets.US_ASCII)));
        assertShieldError(ErrorCode.INVALID_ARGUMENT, () -> Evidence.fromBundle(new byte[0]));
    }
}
