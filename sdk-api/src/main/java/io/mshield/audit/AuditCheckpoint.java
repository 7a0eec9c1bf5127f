package io.mshield.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An authenticated statement of the audit log's head: "entry {@code sequence} has hash
 * {@code headHash}", made by the SDK every so many entries and minutes ({@link CheckpointPolicy}),
 * authenticated with a MAC key that lives in the bank's key storage, and chained to the previous
 * checkpoint. Checkpoints are kept in the database beside the log and handed to
 * {@link AuditSink#acceptCheckpoint(AuditCheckpoint)}, so that the bank can keep copies outside the
 * database and give them back to {@link AuditLog#verify(java.util.List)}: a database rolled back as a
 * whole (log, seal and checkpoints together) is then found too.
 *
 * <p>A checkpoint holds no secret: the authenticator is a MAC, which proves nothing about the key.
 *
 * @param number                position among the checkpoints, from 1, without gaps
 * @param sequence              the sequence of the newest entry it covers
 * @param headHash              that entry's hash (lowercase hex SHA-256)
 * @param time                  when it was made (the SDK's clock)
 * @param previousAuthenticator the previous checkpoint's authenticator, or {@link #FIRST_PREVIOUS} for the first
 * @param authenticator         the MAC over all the fields above, lowercase hex
 */
public record AuditCheckpoint(long number, long sequence, String headHash, Instant time, String previousAuthenticator,
                              String authenticator) {
    /** The previous authenticator of the first checkpoint. */
    public static final String FIRST_PREVIOUS = "0".repeat(64);
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern HEX = Pattern.compile("([0-9a-f]{2}){16,64}");

    /**
     * Validates.
     *
     * @param number                position among the checkpoints, from 1
     * @param sequence              the sequence of the newest entry it covers, from 1
     * @param headHash              that entry's hash, lowercase hex SHA-256
     * @param time                  when it was made
     * @param previousAuthenticator the previous checkpoint's authenticator, lowercase hex
     * @param authenticator         the MAC, lowercase hex of 16 to 64 bytes
     * @throws IllegalArgumentException when a number is not positive or a hex field is malformed
     */
    public AuditCheckpoint {
        if (number < 1 || sequence < 1) {
            throw new IllegalArgumentException("number and sequence start at 1: " + number + ", " + sequence);
        }
        Objects.requireNonNull(headHash, "headHash");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(previousAuthenticator, "previousAuthenticator");
        Objects.requireNonNull(authenticator, "authenticator");
        if (!HEX64.matcher(headHash).matches()) {
            throw new IllegalArgumentException("headHash must be 64 lowercase hex characters");
        }
        if (!HEX.matcher(previousAuthenticator).matches() || !HEX.matcher(authenticator).matches()) {
            throw new IllegalArgumentException("authenticators must be lowercase hex of 16 to 64 bytes");
        }
    }
}
