package io.mshield.enrollment;

import io.mshield.identity.PersonName;
import io.mshield.identity.ResidentIdNumber;

import java.util.Arrays;
import java.util.Objects;

/**
 * The bank's face comparison against the authoritative source for an ID number (R2.2, R8.6).
 *
 * <p>Contract: thread-safe; MUST NOT keep or log the image; returns a score and a liveness
 * verdict and lets the SDK apply the {@link FacePolicy}; signals failure of the service itself by
 * {@link io.mshield.ShieldException} with {@link io.mshield.ErrorCode#ADAPTER_FAILURE}.
 */
public interface FaceVerifier {

    /**
     * Compares a captured face with the authoritative photo of an ID number.
     *
     * @param person   the ID number
     * @param name     the name on record
     * @param capture  the capture from the app (opaque to the SDK)
     * @return the score and liveness
     */
    FaceResult compare(ResidentIdNumber person, PersonName name, FaceCapture capture);

    /**
     * A capture from the app: the vendor's opaque payload.
     *
     * @param payload the bytes; copied
     */
    record FaceCapture(byte[] payload) {
        /**
         * Validates and copies.
         * @param payload the bytes; copied
         */
        public FaceCapture {
            Objects.requireNonNull(payload, "payload");
            payload = payload.clone();
        }

        /**
         * The bytes.
         *
         * @return a copy
         */
        @Override
        public byte[] payload() {
            return payload.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FaceCapture c && Arrays.equals(payload, c.payload);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return "FaceCapture[" + payload.length + " bytes]";
        }
    }

    /**
     * The comparison's outcome.
     *
     * @param score    similarity from 0 to 1
     * @param live     whether the liveness check passed
     * @param vendorId the vendor's reference for the comparison, for the audit log
     */
    record FaceResult(double score, boolean live, String vendorId) {
        /**
         * Validates.
         * @param score similarity from 0 to 1
         * @param live whether the liveness check passed
         * @param vendorId the vendor's reference for the comparison, for the audit log
         */
        public FaceResult {
            Objects.requireNonNull(vendorId, "vendorId");
            if (!(score >= 0.0 && score <= 1.0)) {
                throw new io.mshield.ShieldException(io.mshield.ErrorCode.ADAPTER_FAILURE, "face score must be within [0, 1]");
            }
        }
    }
}
