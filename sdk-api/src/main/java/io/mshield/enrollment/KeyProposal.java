package io.mshield.enrollment;

import java.util.Arrays;
import java.util.Objects;

/**
 * What the phone contributes to the key step, by custody mode (R2.5).
 */
public sealed interface KeyProposal {

    /** DEVICE: the key pair is in the phone's secure module; the phone will send a CSR. */
    record DeviceKey() implements KeyProposal {
    }

    /**
     * COLLABORATIVE: the phone's point P1 = d1⁻¹·G, uncompressed SEC 1 encoding.
     *
     * @param p1 the point; copied
     */
    record CollaborativeKey(byte[] p1) implements KeyProposal {
        /**
         * Validates and copies.
         * @param p1 the point; copied
         */
        public CollaborativeKey {
            p1 = Objects.requireNonNull(p1, "p1").clone();
            if (p1.length != 65 || p1[0] != 0x04) {
                throw new io.mshield.ShieldException(io.mshield.ErrorCode.INVALID_ARGUMENT, "P1 must be an uncompressed point of 65 bytes");
            }
        }

        /**
         * The point.
         *
         * @return a copy
         */
        @Override
        public byte[] p1() {
            return p1.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CollaborativeKey k && Arrays.equals(p1, k.p1);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(p1);
        }

        @Override
        public String toString() {
            return "CollaborativeKey[P1]";
        }
    }

    /** HOSTED: the bank generates the whole key in its key storage. */
    record HostedKey() implements KeyProposal {
    }
}
