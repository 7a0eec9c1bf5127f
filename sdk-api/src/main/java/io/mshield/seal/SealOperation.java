package io.mshield.seal;

import io.mshield.pin.PinChallenge;

import java.time.Instant;
import java.util.Objects;

/**
 * A binding or unbinding in progress: its checks are done in any order, then
 * {@code SealService.complete} applies it.
 *
 * @param id            the operation id
 * @param kind          bind or unbind
 * @param sealId        the seal
 * @param medium        the medium
 * @param statement     the bytes the medium's chosen certificate key must sign (proof of possession)
 * @param pinChallenge  the challenge to answer with the seal's PIN
 * @param pinVerified   whether the seal's PIN was verified
 * @param faceVerified  whether the legal representative's face was verified
 * @param expiresAt     when the operation lapses
 */
public record SealOperation(String id, Kind kind, String sealId, SealMedium medium, byte[] statement, PinChallenge pinChallenge,
                            boolean pinVerified, boolean faceVerified, Instant expiresAt) {
    /** What the operation does. */
    public enum Kind {
        /** Bind the seal to the medium (moving it from another medium when confirmed). */
        BIND,
        /** Unbind the seal from the medium. */
        UNBIND
    }

    /**
     * Validates.
     *
     * @param id           the id
     * @param kind         the kind
     * @param sealId       the seal
     * @param medium       the medium
     * @param statement    the statement
     * @param pinChallenge the challenge
     * @param pinVerified  PIN done
     * @param faceVerified face done
     * @param expiresAt    expiry
     */
    public SealOperation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sealId, "sealId");
        Objects.requireNonNull(medium, "medium");
        statement = Objects.requireNonNull(statement, "statement").clone();
        Objects.requireNonNull(pinChallenge, "pinChallenge");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /**
     * The statement to sign.
     *
     * @return a copy
     */
    @Override
    public byte[] statement() {
        return statement.clone();
    }
}
