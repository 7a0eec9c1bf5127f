package io.mshield.samples.phone;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.qrcode.QRCodeWriter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The simulator's camera and command line")
class QrCodesTest {

    @Test
    @DisplayName("R7.2 reads the text of a QR code PNG; an image without one is refused")
    void readsPng() throws Exception {
        String payload = "MSQR1.login.0123456789abcdef.signature-bytes-in-base64url";
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        MatrixToImageWriter.writeToStream(new QRCodeWriter().encode(payload, BarcodeFormat.QR_CODE, 300, 300), "PNG", png);

        assertThat(QrCodes.read(png.toByteArray())).isEqualTo(payload);
        assertThatThrownBy(() -> QrCodes.read(new byte[]{1, 2, 3})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("an unknown option is refused before anything is sent")
    void unknownOption() {
        assertThatThrownBy(() -> PhoneSim.run(List.of("--colour", "red", "enroll"), System.out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--colour");
    }
}
