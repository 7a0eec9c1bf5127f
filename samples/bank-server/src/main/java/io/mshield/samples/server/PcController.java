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
import io.mshield.qr.QrChallenge;
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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The PC side of scan-to-login and scan-to-sign (R7.2, R7.3), behind the pages
 * {@code /login.html} and {@code /sign.html}: a page asks for a session, shows its QR code (a PNG
 * drawn here with zxing) and polls with the session's poll secret until the phone approved. Only the
 * page that asked knows the secret, so nobody who merely sees the QR code can take the login. A
 * login is taken exactly once ({@link io.mshield.qr.QrService#consume}); the page then shows who
 * logged in.
 */
@RestController
@RequestMapping(path = "/api/pc")
@Tag(name = "pc", description = "the PC pages' scan-to-login and scan-to-sign")
public class PcController {
    private static final String ORIGIN = "MobileShield sample bank, PC browser";
    private final MobileShield sdk;
    private final SecureRandom random = new SecureRandom();
    /** challenge id → the poll secret's SHA-256, and what the poll saw once the login was taken. */
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    private record Pending(byte[] secretHash, Optional<Wire.PcStatus> done) {
    }

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

    private Wire.PcSession session(QrChallenge c) {
        byte[] secret = new byte[24];
        random.nextBytes(secret);
        String pollSecret = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        pending.put(c.id(), new Pending(sha256(pollSecret), Optional.empty()));
        return new Wire.PcSession(c.id(), "/api/pc/qr/" + c.id() + ".png", c.payload(), pollSecret, c.expiresAt());
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
        if (!pending.containsKey(id)) {
            throw new ShieldException(ErrorCode.CHALLENGE_INVALID, "no such PC session");
        }
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
        Pending p = pending.get(id);
        if (p == null || !MessageDigest.isEqual(p.secretHash(), sha256(secret))) {
            throw new ShieldException(ErrorCode.FORBIDDEN, "no such PC session, or not this page's");
        }
        if (p.done().isPresent()) {
            return p.done().get();
        }
        QrChallenge c = sdk.qr().status(id);
        if (c.state() != QrState.APPROVED) {
            return new Wire.PcStatus(c.state(), null, null);
        }
        QrChallenge taken = sdk.qr().consume(id);
        String who = taken.shield().map(s -> sdk.shields().details(s).holderMasked() + " (" + s.value() + ")").orElseThrow();
        Wire.PcStatus done = new Wire.PcStatus(taken.state(), who, taken.signatureId().orElse(null));
        pending.put(id, new Pending(p.secretHash(), Optional.of(done)));
        return done;
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

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
