package io.mshield.transaction;

import java.util.Arrays;
import java.util.Objects;

/**
 * Business data a business app hands to the shield for signing (app-to-app signing, R7.1). The
 * summary is what the user is shown and is inside what is signed, with the data itself.
 *
 * @param app       the business app's name
 * @param reference the app's reference for the data
 * @param summary   the text shown to the user
 * @param data      the data to sign, at most 64 KiB; copied
 */
public record BusinessData(String app, String reference, String summary, byte[] data) {
    /** The largest data accepted. */
    public static final int MAX_BYTES = 64 * 1024;

    /**
     * Validates and copies.
     *
     * @param app       the business app's name
     * @param reference the app's reference for the data
     * @param summary   the text shown to the user
     * @param data      the data to sign
     */
    public BusinessData {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(summary, "summary");
        data = Objects.requireNonNull(data, "data").clone();
        if (app.isBlank() || app.length() > 64 || reference.isBlank() || reference.length() > 64) {
            throw new io.mshield.ShieldException(io.mshield.ErrorCode.INVALID_ARGUMENT, "app and reference must be 1-64 characters");
        }
        if (summary.isBlank() || summary.length() > 2000) {
            throw new io.mshield.ShieldException(io.mshield.ErrorCode.INVALID_ARGUMENT, "the summary must be 1-2000 characters");
        }
        if (data.length > MAX_BYTES) {
            throw new io.mshield.ShieldException(io.mshield.ErrorCode.INPUT_TOO_LARGE, "business data is at most " + MAX_BYTES + " bytes");
        }
    }

    /**
     * The data.
     *
     * @return a copy
     */
    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BusinessData b && app.equals(b.app) && reference.equals(b.reference) && summary.equals(b.summary)
                && Arrays.equals(data, b.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(app, reference, summary, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "BusinessData[app=" + app + ", reference=" + reference + ", " + data.length + " bytes]";
    }
}
