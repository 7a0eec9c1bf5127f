package io.mshield.signature;

import io.mshield.crypto.SignatureVerification;
import io.mshield.identity.ShieldNumber;

import java.util.List;
import java.util.Optional;

/**
 * A shield's signature history and the evidence behind each signature (R6.6).
 */
public interface SignatureHistory {

    /**
     * A page of a shield's history, newest first.
     *
     * @param shield the shield
     * @param offset how many to skip
     * @param limit  how many at most, 1 to 100
     * @return the records
     */
    List<SignatureRecord> history(ShieldNumber shield, int offset, int limit);

    /**
     * The evidence package of an accepted signature.
     *
     * @param signatureId the signature's id
     * @return the package, or empty when unknown
     */
    Optional<Evidence> evidence(String signatureId);

    /**
     * Checks an evidence package offline: content digest, signature, path to the configured trust
     * anchors, and revocation at signing time from the package's own revocation data.
     *
     * @param evidence the package
     * @return the verdict
     */
    SignatureVerification verifyEvidence(Evidence evidence);
}
