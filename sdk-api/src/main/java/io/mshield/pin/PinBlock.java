package io.mshield.pin;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The plaintext of a PIN block (R5.4): what the app encrypts to the bank's PIN key, bound to one
 * {@link PinChallenge}. The encryption itself (SM2 or ECIES to {@link PinChallenge#pinKey()}) is
 * done with sdk-crypto's public-key encryption on the phone and by the key storage at the bank.
 *
 * <p>Layout, all lengths big-endian unsigned 16-bit:
 * {@code "MSPIN1" ‖ len ‖ challengeId (UTF-8) ‖ len ‖ nonce ‖ len ‖ PIN digits (ASCII)}.
 * The decoded PIN is a {@link Pin}; the caller wipes it. Nothing here ever prints the PIN.
 */
public final class PinBlock implements AutoCloseable {
    private static final byte[] MAGIC = "MSPIN1".getBytes(StandardCharsets.US_ASCII);
    /** The largest plaintext accepted. */
    public static final int MAX_LENGTH = 1024;

    private final String challengeId;
    private final byte[] nonce;
    private final Pin pin;

    private PinBlock(String challengeId, byte[] nonce, Pin pin) {
        this.challengeId = challengeId;
        this.nonce = nonce;
        this.pin = pin;
    }

    /**
     * Encodes the plaintext for a challenge (phone side).
     *
     * @param challenge the bank's challenge
     * @param pin       the PIN
     * @return the plaintext; wipe it after encrypting
     */
    public static byte[] encode(PinChallenge challenge, Pin pin) {
        Objects.requireNonNull(challenge, "challenge");
        Objects.requireNonNull(pin, "pin");
        byte[] id = challenge.id().getBytes(StandardCharsets.UTF_8);
        byte[] nonce = challenge.nonce();
        byte[] digits = pin.toUtf8Bytes();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(MAGIC);
            writeField(out, id);
            writeField(out, nonce);
            writeField(out, digits);
            return out.toByteArray();
        } finally {
            Arrays.fill(digits, (byte) 0);
        }
    }

    /**
     * Decodes a decrypted plaintext (bank side).
     *
     * @param plaintext the plaintext
     * @return the block; {@link #close()} it to wipe the PIN
     * @throws ShieldException {@link ErrorCode#PIN_BLOCK_INVALID} when malformed
     */
    public static PinBlock decode(byte[] plaintext) {
        Objects.requireNonNull(plaintext, "plaintext");
        if (plaintext.length > MAX_LENGTH || plaintext.length < MAGIC.length
                || !Arrays.equals(Arrays.copyOf(plaintext, MAGIC.length), MAGIC)) {
            throw invalid();
        }
        ByteBuffer in = ByteBuffer.wrap(plaintext, MAGIC.length, plaintext.length - MAGIC.length);
        byte[] id = readField(in);
        byte[] nonce = readField(in);
        byte[] digits = readField(in);
        if (in.hasRemaining()) {
            throw invalid();
        }
        char[] chars = new char[digits.length];
        try {
            for (int i = 0; i < digits.length; i++) {
                chars[i] = (char) (digits[i] & 0xff);
            }
            Pin pin = Pin.of(chars, digits.length);
            return new PinBlock(new String(id, StandardCharsets.UTF_8), nonce, pin);
        } catch (ShieldException e) {
            throw invalid();
        } finally {
            Arrays.fill(chars, '\0');
            Arrays.fill(digits, (byte) 0);
        }
    }

    private static void writeField(ByteArrayOutputStream out, byte[] field) {
        if (field.length > 0xffff) {
            throw new ShieldException(ErrorCode.INPUT_TOO_LARGE, "PIN block field too long");
        }
        out.write(field.length >>> 8);
        out.write(field.length & 0xff);
        out.writeBytes(field);
    }

    private static byte[] readField(ByteBuffer in) {
        if (in.remaining() < 2) {
            throw invalid();
        }
        int len = in.getShort() & 0xffff;
        if (in.remaining() < len) {
            throw invalid();
        }
        byte[] out = new byte[len];
        in.get(out);
        return out;
    }

    private static ShieldException invalid() {
        return new ShieldException(ErrorCode.PIN_BLOCK_INVALID, "the PIN block is malformed");
    }

    /**
     * The challenge the block answers.
     *
     * @return the id
     */
    public String challengeId() {
        return challengeId;
    }

    /**
     * The nonce the block carries.
     *
     * @return a copy
     */
    public byte[] nonce() {
        return nonce.clone();
    }

    /**
     * The PIN.
     *
     * @return the PIN, wiped by {@link #close()}
     */
    public Pin pin() {
        return pin;
    }

    /** Wipes the PIN. */
    @Override
    public void close() {
        pin.wipe();
    }

    /**
     * Redacted.
     *
     * @return a text without the PIN
     */
    @Override
    public String toString() {
        return "PinBlock[challengeId=" + challengeId + ", pin=<redacted>]";
    }
}
