package io.mshield.signature;

import io.mshield.identity.ShieldNumber;
import io.mshield.limit.Money;
import io.mshield.limit.Scenario;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a shield's signature history (R6.6).
 *
 * @param id                the signature's id
 * @param shield            the shield
 * @param time              when the bank accepted or refused it
 * @param scenario          the scenario, for transactions
 * @param amount            the amount, for transactions
 * @param displayText       the text shown to the user
 * @param contentDigestHex  SHA-256 (or SM3 for SM2) of the signed content, lowercase hex
 * @param certificateSerial the signer certificate's serial, lowercase hex
 * @param signature         the signature value (DER); copied
 * @param outcome           whether the bank accepted it
 */
public record SignatureRecord(String id, ShieldNumber shield, Instant time, Optional<Scenario> scenario,
                              Optional<Money> amount, String displayText, String contentDigestHex,
                              String certificateSerial, byte[] signature, Outcome outcome) {
    /** What became of the signature. */
    public enum Outcome {
        /** Verified and accepted. */
        ACCEPTED,
        /** Did not verify or was refused. */
        REJECTED
    }

    /**
     * Validates and copies.
     * @param id the signature's id
     * @param shield the shield
     * @param time when the bank accepted or refused it
     * @param scenario the scenario, for transactions
     * @param amount the amount, for transactions
     * @param displayText the text shown to the user
     * @param contentDigestHex SHA-256 (or SM3 for SM2) of the signed content, lowercase hex
     * @param certificateSerial the signer certificate's serial, lowercase hex
     * @param signature the signature value (DER); copied
     * @param outcome whether the bank accepted it
     */
    public SignatureRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(shield, "shield");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(displayText, "displayText");
        Objects.requireNonNull(contentDigestHex, "contentDigestHex");
        Objects.requireNonNull(certificateSerial, "certificateSerial");
        signature = Objects.requireNonNull(signature, "signature").clone();
        Objects.requireNonNull(outcome, "outcome");
    }

    /**
     * The signature value.
     *
     * @return a copy
     */
    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignatureRecord r && id.equals(r.id) && shield.equals(r.shield) && time.equals(r.time)
                && scenario.equals(r.scenario) && amount.equals(r.amount) && displayText.equals(r.displayText)
                && contentDigestHex.equals(r.contentDigestHex) && certificateSerial.equals(r.certificateSerial)
                && Arrays.equals(signature, r.signature) && outcome == r.outcome;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, shield, time, contentDigestHex, Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
        return "SignatureRecord[id=" + id + ", shield=" + shield.value() + ", time=" + time + ", outcome=" + outcome + "]";
    }
}
