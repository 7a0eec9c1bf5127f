package io.mshield.samples.server;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import io.mshield.ErrorCode;
import io.mshield.MobileShield;
import io.mshield.ShieldException;
import io.mshield.qr.PollSecret;
import io.mshield.qr.QrChallenge;
import io.mshield.qr.QrSession;
import io.mshield.qr.QrState;
import io.mshield.transaction.BusinessData;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The PC side of scan-to-login and scan-to-sign (R7.2, R7.3), behind the pages
 * {@code /login.html} and {@code /sign.html}: a page asks for a session, shows its QR code (a PNG
 * drawn here with zxing) and polls with the session's poll secret until the phone approved. The
 * poll secret is the engine's ({@link io.mshield.qr.QrSession#pollSecret()}): handed only to the
 * page that created the challenge, never in the QR code, checked by the engine in constant time on
 * every poll and on {@link io.mshield.qr.QrService#consume}, so nobody who merely sees or relays the
 * QR code can take the login (403, {@code QR_POLL_SECRET_INVALID}) and the page keeps working. A
 * login is taken exactly once; the page then shows who logged in. This controller keeps no state.
 */
@RestController
@RequestMapping(path = "/api/pc")
@Tag(name = "pc", description = "the PC pages' scan-to-login and scan-to-sign")
public class PcController {
    private static final String ORIGIN = "MobileShield sample bank, PC browser";
    private final MobileShield sdk;

    /**
     * The PC's endpoints.
     *
     * @param sdk the SDK
     */
    public PcController(MobileShield sdk) {
        this.sdk = sdk;
    }

    /**
     * Starts a scan-to-login session.
     *
     * @return the session, with its poll secret
     */
    @PostMapping(path = "/login", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "start a scan-to-login session (R7.2)")
    public Wire.PcSession login() {
        return session(sdk.qr().createLogin(ORIGIN));
    }

    /**
     * Starts a scan-to-sign session.
     *
     * @param r what to sign
     * @return the session, with its poll secret
     */
    @PostMapping(path = "/sign", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "start a scan-to-sign session (R7.3)")
    public Wire.PcSession sign(@RequestBody Wire.SignRequest r) {
        return session(sdk.qr().createSigning(ORIGIN, new BusinessData(r.system(), r.reference(), r.displayText(),
                r.content() == null ? r.displayText().getBytes(StandardCharsets.UTF_8) : r.content())));
    }

    private static Wire.PcSession session(QrSession s) {
        QrChallenge c = s.challenge();
        return new Wire.PcSession(c.id(), "/api/pc/qr/" + c.id() + ".png", c.payload(), s.pollSecret().value(), c.expiresAt());
    }

    /**
     * The QR code of a session, as a PNG.
     *
     * @param id the challenge id
     * @return the PNG
     */
    @GetMapping(path = "/qr/{id}.png", produces = MediaType.IMAGE_PNG_VALUE)
    @Operation(summary = "the QR code of a session, PNG")
    public byte[] qrImage(@PathVariable String id) {
        return png(sdk.qr().status(id).payload());
    }

    /**
     * Polls a session with its secret; an approved login is taken here, once.
     *
     * @param id     the challenge id
     * @param secret the poll secret
     * @return the state, and who logged in once approved
     */
    @GetMapping(path = "/sessions/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "poll a session with its poll secret")
    public Wire.PcStatus poll(@PathVariable String id, @RequestHeader("X-Poll-Secret") String secret) {
        PollSecret pollSecret = PollSecret.of(secret);
        QrChallenge c = sdk.qr().poll(id, pollSecret);
        if (c.state() == QrState.APPROVED) {
            try {
                c = sdk.qr().consume(id, pollSecret);
            } catch (ShieldException e) {
                // the same page's concurrent poll took it first
                c = sdk.qr().poll(id, pollSecret);
                if (c.state() != QrState.CONSUMED) {
                    throw e;
                }
            }
        }
        if (c.state() != QrState.CONSUMED) {
            return new Wire.PcStatus(c.state(), null, null);
        }
        String who = c.shield().map(s -> sdk.shields().details(s).holderMasked() + " (" + s.value() + ")").orElseThrow();
        return new Wire.PcStatus(c.state(), who, c.signatureId().orElse(null));
    }

    static byte[] png(String payload) {
        try {
            BitMatrix m = new QRCodeWriter().encode(payload, BarcodeFormat.QR_CODE, 400, 400,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            MatrixToImageWriter.writeToStream(m, "PNG", out);
            return out.toByteArray();
        } catch (WriterException e) {
            throw new ShieldException(ErrorCode.INPUT_TOO_LARGE, "the payload does not fit a QR code", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
