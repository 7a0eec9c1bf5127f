package io.mshield.crypto;

import java.util.Objects;

/**
 * What a shield certificate says about its holder. It carries the holder's name, the
 * enterprise's unified social credit code and a salted hash of the ID number — never the raw ID
 * number.
 *
 * @param commonName   the holder's name
 * @param enterprise   the enterprise's unified social credit code (18 characters, checked by the caller)
 * @param idNumberHash hex of a keyed or salted hash of the holder's ID number (64 hex characters)
 * @param shieldNumber the shield number, written as the subject's serialNumber attribute
 */
public record CertificateSubject(String commonName, String enterprise, String idNumberHash, String shieldNumber) {
    /**
     * Validates the fields.
     * @param commonName the holder's name
     * @param enterprise the enterprise's unified social credit code (18 characters, checked by the caller)
     * @param idNumberHash hex of a keyed or salted hash of the holder's ID number (64 hex characters)
     * @param shieldNumber the shield number, written as the subject's serialNumber attribute
     */
    public CertificateSubject {
        Objects.requireNonNull(commonName, "commonName");
        Objects.requireNonNull(enterprise, "enterprise");
        Objects.requireNonNull(idNumberHash, "idNumberHash");
        Objects.requireNonNull(shieldNumber, "shieldNumber");
        if (!enterprise.matches("[0-9A-HJ-NPQRTUWXY]{18}")) {
            throw new io.mshield.ShieldException(io.mshield.ErrorCode.INVALID_CREDIT_CODE, "enterprise must be an 18-character credit code");
        }
        if (commonName.isBlank() || commonName.length() > 64) {
            throw new io.mshield.ShieldException(io.mshield.ErrorCode.INVALID_ARGUMENT, "commonName must be 1-64 characters");
        }
        if (!idNumberHash.matches("[0-9a-f]{64}")) {
            throw new io.mshield.ShieldException(io.mshield.ErrorCode.INVALID_ARGUMENT, "idNumberHash must be 64 lowercase hex characters");
        }
    }
}
