package io.mshield.pin;

import java.util.Arrays;
import java.util.Objects;

/**
 * How the holder proves knowledge of the PIN to the bank, by custody mode.
 */
public sealed interface PinProof {

    /**
     * DEVICE and HOSTED: the PIN encrypted with a {@link PinChallenge}'s nonce to the bank's PIN
     * key (R5.4). The block is opaque to everyone but the bank's key storage.
     *
     * @param challengeId the challenge it answers
     * @param ciphertext  the encrypted block; copied
     */
    record EncryptedPin(String challengeId, byte[] ciphertext) implements PinProof {
        /**
         * Validates and copies.
         * @param challengeId the challenge it answers
         * @param ciphertext the encrypted block; copied
         */
        public EncryptedPin {
            Objects.requireNonNull(challengeId, "challengeId");
            ciphertext = Objects.requireNonNull(ciphertext, "ciphertext").clone();
        }

        /**
         * The block.
         *
         * @return a copy
         */
        @Override
        public byte[] ciphertext() {
            return ciphertext.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof EncryptedPin p && challengeId.equals(p.challengeId) && Arrays.equals(ciphertext, p.ciphertext);
        }

        @Override
        public int hashCode() {
            return Objects.hash(challengeId, Arrays.hashCode(ciphertext));
        }

        @Override
        public String toString() {
            return "EncryptedPin[challengeId=" + challengeId + ", " + ciphertext.length + " bytes]";
        }
    }

    /**
     * COLLABORATIVE: a two-party signature over a {@link PinChallenge}'s nonce. Only the right PIN
     * unmasks the phone's share to one that completes a valid signature; the bank counts the
     * co-sign request as a failed attempt until this signature verifies.
     *
     * @param challengeId the challenge it answers
     * @param signature   the DER-encoded SM2 signature over the nonce; copied
     */
    record JointSignature(String challengeId, byte[] signature) implements PinProof {
        /**
         * Validates and copies.
         * @param challengeId the challenge it answers
         * @param signature the DER-encoded SM2 signature over the nonce; copied
         */
        public JointSignature {
            Objects.requireNonNull(challengeId, "challengeId");
            signature = Objects.requireNonNull(signature, "signature").clone();
        }

        /**
         * The signature.
         *
         * @return a copy
         */
        @Override
        public byte[] signature() {
            return signature.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof JointSignature p && challengeId.equals(p.challengeId) && Arrays.equals(signature, p.signature);
        }

        @Override
        public int hashCode() {
            return Objects.hash(challengeId, Arrays.hashCode(signature));
        }

        @Override
        public String toString() {
            return "JointSignature[challengeId=" + challengeId + ", " + signature.length + " bytes]";
        }
    }
}
