package io.mshield.qr;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * The text a QR code carries: {@code MSQR1.<body>.<signature>}, both parts base64url without
 * padding. The body is UTF-8 text, one {@code name=value} line per field in a fixed order:
 * <pre>
 * MSQR/1
 * id=&lt;32 hex&gt;
 * nonce=&lt;32 hex&gt;
 * purpose=LOGIN|SIGN
 * origin=&lt;1-128 printable ASCII characters&gt;
 * expires=&lt;epoch seconds&gt;
 * digest=&lt;SHA-256 of the content to sign, 64 hex&gt; or - for LOGIN
 * </pre>
 * The signature is the bank's, over the body bytes, so that the app tells a challenge the bank
 * issued from a forged one. {@link #parse} is strict: one encoding per payload (canonical
 * base64url, lower-case hex, exact field order, no extra lines, nothing longer than
 * {@link #MAX_LENGTH}); anything else throws {@link ErrorCode#QR_PAYLOAD_INVALID}. Parsing checks
 * the form only; the bank's signature is checked by {@code QrService.verify}.
 *
 * @param id            the challenge id
 * @param nonce         16 random bytes
 * @param purpose       login or sign
 * @param origin        where the request came from, shown to the holder
 * @param expiresAt     when the challenge expires (whole seconds)
 * @param contentDigest the SHA-256 of the content to sign, present exactly for SIGN
 * @param signature     the bank's signature over {@link #signedBytes()}
 */
public record QrPayload(String id, byte[] nonce, QrPurpose purpose, String origin, Instant expiresAt,
                        Optional<byte[]> contentDigest, byte[] signature) {
    /** The longest payload accepted, in characters. */
    public static final int MAX_LENGTH = 1024;
    /** The prefix of every payload. */
    public static final String PREFIX = "MSQR1.";
    private static final String HEADER = "MSQR/1";
    private static final int MAX_ORIGIN = 128;
    private static final int MAX_SIGNATURE = 160;
    private static final HexFormat HEX = HexFormat.of();

    /**
     * Validates the fields.
     *
     * @param id            the id
     * @param nonce         the nonce
     * @param purpose       the purpose
     * @param origin        the origin
     * @param expiresAt     the expiry
     * @param contentDigest the digest
     * @param signature     the signature
     */
    public QrPayload {
        Objects.requireNonNull(id, "id");
        nonce = Objects.requireNonNull(nonce, "nonce").clone();
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(expiresAt, "expiresAt");
        contentDigest = Objects.requireNonNull(contentDigest, "contentDigest").map(byte[]::clone);
        signature = Objects.requireNonNull(signature, "signature").clone();
        if (!id.matches("[0-9a-f]{32}")) {
            throw invalid("the id must be 32 lower-case hex digits");
        }
        if (nonce.length != 16) {
            throw invalid("the nonce must be 16 bytes");
        }
        if (origin.isEmpty() || origin.length() > MAX_ORIGIN || !origin.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)
                || origin.startsWith(" ") || origin.endsWith(" ")) {
            throw invalid("the origin must be 1-" + MAX_ORIGIN + " printable ASCII characters, not starting or ending with a space");
        }
        if (expiresAt.getNano() != 0 || expiresAt.getEpochSecond() <= 0 || expiresAt.getEpochSecond() > 253_402_300_799L) {
            throw invalid("the expiry must be a whole second between 1970 and 9999");
        }
        if ((purpose == QrPurpose.SIGN) != contentDigest.isPresent() || contentDigest.map(d -> d.length != 32).orElse(false)) {
            throw invalid("a SIGN challenge carries a 32-byte content digest and a LOGIN challenge none");
        }
        if (signature.length < 8 || signature.length > MAX_SIGNATURE) {
            throw invalid("the signature must be 8-" + MAX_SIGNATURE + " bytes");
        }
    }

    /**
     * The body the bank signs, for a payload about to be signed.
     *
     * @param id            the id
     * @param nonce         the nonce
     * @param purpose       the purpose
     * @param origin        the origin
     * @param expiresAt     the expiry
     * @param contentDigest the digest, for SIGN
     * @return the bytes to sign
     */
    public static byte[] body(String id, byte[] nonce, QrPurpose purpose, String origin, Instant expiresAt,
                              Optional<byte[]> contentDigest) {
        return ("MSQR/1\nid=" + id + "\nnonce=" + HEX.formatHex(nonce) + "\npurpose=" + purpose.name() + "\norigin=" + origin
                + "\nexpires=" + expiresAt.getEpochSecond() + "\ndigest=" + contentDigest.map(HEX::formatHex).orElse("-"))
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The bytes the bank's signature covers.
     *
     * @return the body
     */
    public byte[] signedBytes() {
        return body(id, nonce, purpose, origin, expiresAt, contentDigest);
    }

    /**
     * The QR text.
     *
     * @return {@code MSQR1.<body>.<signature>}
     */
    public String encode() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return PREFIX + b64.encodeToString(signedBytes()) + "." + b64.encodeToString(signature);
    }

    /**
     * Parses QR text strictly.
     *
     * @param text the scanned text
     * @return the payload
     * @throws ShieldException {@link ErrorCode#QR_PAYLOAD_INVALID} for anything but a canonical payload
     */
    public static QrPayload parse(String text) {
        if (text == null) {
            throw invalid("no payload");
        }
        if (text.length() > MAX_LENGTH) {
            throw invalid("the payload is longer than " + MAX_LENGTH + " characters");
        }
        if (!text.startsWith(PREFIX)) {
            throw invalid("not a MobileShield QR payload");
        }
        String rest = text.substring(PREFIX.length());
        int dot = rest.indexOf('.');
        if (dot < 0 || rest.indexOf('.', dot + 1) >= 0) {
            throw invalid("the payload must have a body and a signature");
        }
        byte[] bodyBytes = base64url(rest.substring(0, dot), "body");
        byte[] signature = base64url(rest.substring(dot + 1), "signature");
        String body = new String(bodyBytes, StandardCharsets.UTF_8);
        if (!Arrays.equals(body.getBytes(StandardCharsets.UTF_8), bodyBytes)) {
            throw invalid("the body is not UTF-8");
        }
        String[] lines = body.split("\n", -1);
        String[] names = {"id", "nonce", "purpose", "origin", "expires", "digest"};
        if (lines.length != names.length + 1 || !lines[0].equals(HEADER)) {
            throw invalid("the body must be MSQR/1 and exactly " + names.length + " fields");
        }
        String[] values = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            String prefix = names[i] + "=";
            if (!lines[i + 1].startsWith(prefix)) {
                throw invalid("field " + (i + 1) + " must be " + names[i]);
            }
            values[i] = lines[i + 1].substring(prefix.length());
        }
        if (!values[1].matches("[0-9a-f]{32}")) {
            throw invalid("the nonce must be 32 lower-case hex digits");
        }
        QrPurpose purpose;
        if (values[2].equals("LOGIN")) {
            purpose = QrPurpose.LOGIN;
        } else if (values[2].equals("SIGN")) {
            purpose = QrPurpose.SIGN;
        } else {
            throw invalid("the purpose must be LOGIN or SIGN");
        }
        if (!values[4].matches("[1-9][0-9]{0,11}")) {
            throw invalid("the expiry must be epoch seconds without leading zeros");
        }
        Optional<byte[]> digest;
        if (values[5].equals("-")) {
            digest = Optional.empty();
        } else if (values[5].matches("[0-9a-f]{64}")) {
            digest = Optional.of(HEX.parseHex(values[5]));
        } else {
            throw invalid("the digest must be 64 lower-case hex digits or -");
        }
        QrPayload payload = new QrPayload(values[0], HEX.parseHex(values[1]), purpose, values[3],
                Instant.ofEpochSecond(Long.parseLong(values[4])), digest, signature);
        if (!payload.encode().equals(text)) {
            throw invalid("the payload is not in canonical form");
        }
        return payload;
    }

    private static byte[] base64url(String part, String what) {
        if (part.isEmpty() || !part.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
            throw invalid("the " + what + " is not base64url without padding");
        }
        try {
            return Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw invalid("the " + what + " is not base64url without padding");
        }
    }

    private static ShieldException invalid(String why) {
        return new ShieldException(ErrorCode.QR_PAYLOAD_INVALID, why);
    }

    /**
     * The nonce.
     *
     * @return a copy
     */
    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    /**
     * The contentDigest.
     *
     * @return a copy
     */
    @Override
    public Optional<byte[]> contentDigest() {
        return contentDigest.map(byte[]::clone);
    }

    /**
     * The signature.
     *
     * @return a copy
     */
    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QrPayload p && encode().equals(p.encode());
    }

    @Override
    public int hashCode() {
        return encode().hashCode();
    }

    @Override
    public String toString() {
        return "QrPayload[id=" + id + ", purpose=" + purpose + ", origin=" + origin + ", expiresAt=" + expiresAt + "]";
    }
}
