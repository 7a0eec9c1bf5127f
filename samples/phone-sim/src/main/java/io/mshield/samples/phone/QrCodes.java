package io.mshield.samples.phone;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.ChecksumException;
import com.google.zxing.FormatException;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The phone's camera: reads a QR code from an image.
 */
public final class QrCodes {
    private QrCodes() {
    }

    /**
     * The text of the QR code in a PNG (or any image format the JDK reads).
     *
     * @param image the image's bytes
     * @return the text
     * @throws IllegalArgumentException if no QR code can be read
     */
    public static String read(byte[] image) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(image));
            if (img == null) {
                throw new IllegalArgumentException("not an image");
            }
            BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(img)));
            try {
                // a server's PNG is a clean barcode; a photo of a screen would need the finder search instead
                return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
            } catch (NotFoundException e) {
                return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
            }
        } catch (NotFoundException | ChecksumException | FormatException e) {
            throw new IllegalArgumentException("no QR code could be read from the image", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
