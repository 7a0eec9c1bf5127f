package io.mshield.transaction;

import io.mshield.signature.SignatureRecord;

import java.util.Arrays;
import java.util.Objects;

/**
 * A signature the bank accepted: the history record and the detached CMS.
 *
 * @param record the history record (carries the raw signature)
 * @param cms    the DER detached CMS SignedData over the signed content; copied
 */
public record SignatureReceipt(SignatureRecord record, byte[] cms) {
    /**
     * Validates and copies.
     * @param record the history record (carries the raw signature)
     * @param cms the DER detached CMS SignedData over the signed content; copied
     */
    public SignatureReceipt {
        Objects.requireNonNull(record, "record");
        cms = Objects.requireNonNull(cms, "cms").clone();
    }

    /**
     * The CMS.
     *
     * @return a copy
     */
    @Override
    public byte[] cms() {
        return cms.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignatureReceipt r && record.equals(r.record) && Arrays.equals(cms, r.cms);
    }

    @Override
    public int hashCode() {
        return Objects.hash(record, Arrays.hashCode(cms));
    }

    @Override
    public String toString() {
        return "SignatureReceipt[" + record + ", cms=" + cms.length + " bytes]";
    }
}
