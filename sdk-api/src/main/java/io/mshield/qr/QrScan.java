package io.mshield.qr;

import io.mshield.transaction.Authorization;

import java.util.Objects;

/**
 * What the app gets when it scans a genuine challenge: the challenge, to show the holder where
 * the request came from and what it asks, and the signing authorization to complete with the
 * shield's PIN and signature through {@code TransactionService} (in every custody mode), before
 * calling {@code QrService.approve}.
 *
 * @param challenge     the challenge, now SCANNED and bound to the shield
 * @param authorization the authorization whose signed content covers the challenge (MSDATA/1 over MSQRAPPROVE/1)
 */
public record QrScan(QrChallenge challenge, Authorization.Allowed authorization) {
    /**
     * Validates.
     *
     * @param challenge     the challenge
     * @param authorization the authorization
     */
    public QrScan {
        Objects.requireNonNull(challenge, "challenge");
        Objects.requireNonNull(authorization, "authorization");
    }
}
