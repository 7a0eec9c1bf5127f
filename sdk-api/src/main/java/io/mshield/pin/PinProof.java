package io.mshield.pin;

import io.mshield.identity.ShieldNumber;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * How the holder proves knowledge of the PIN to the bank, by custody mode, or confirms with a
 * biometric method in its place (R2.3).
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
    /**
     * A biometric confirmation (R2.3, seed 000): the device key registered for
     * {@link AuthMethod#FINGERPRINT} or {@link AuthMethod#FACE} (a {@link BiometricKey}), released by the
     * phone's secure module after its own biometric check, signs {@link #message} for a
     * {@link PinChallenge} of the shield. It replaces the PIN block when a signature (a payment, a
     * data signature, a PIN challenge) is confirmed by that method, in every custody mode; a
     * signature that does not verify counts under the PIN policy like a wrong PIN. Changes to the
     * shield itself (PIN, method, renewal, revocation) still need the PIN.
     *
     * @param challengeId the challenge it answers
     * @param method      the biometric method whose key signed
     * @param signature   the signature over {@link #message} (ECDSA-SHA256 for P-256, SM2-SM3 for SM2, DER); copied
     */
    record BiometricSignature(String challengeId, AuthMethod method, byte[] signature) implements PinProof {
        /**
         * Validates and copies.
         * @param challengeId the challenge it answers
         * @param method a biometric method
         * @param signature the signature; copied
         */
        public BiometricSignature {
            Objects.requireNonNull(challengeId, "challengeId");
            Objects.requireNonNull(method, "method");
            signature = Objects.requireNonNull(signature, "signature").clone();
            if (!method.biometric()) {
                throw new io.mshield.ShieldException(io.mshield.ErrorCode.INVALID_ARGUMENT, "a biometric signature is made for FINGERPRINT or FACE, not " + method);
            }
            if (signature.length > BiometricKey.MAX_LENGTH) {
                throw new io.mshield.ShieldException(io.mshield.ErrorCode.INPUT_TOO_LARGE, "a biometric signature has at most "
                        + BiometricKey.MAX_LENGTH + " bytes");
            }
        }

        /**
         * What the biometric key signs (phone side):
         * {@code "MSBIO1" ‖ challengeId ‖ nonce ‖ shield ‖ method}, each field prefixed by its 16-bit
         * big-endian length.
         *
         * @param challenge the shield's challenge
         * @param shield    the shield
         * @param method    the biometric method
         * @return the bytes to sign
         */
        public static byte[] message(PinChallenge challenge, ShieldNumber shield, AuthMethod method) {
            return message(challenge.id(), challenge.nonce(), shield, method);
        }

        /**
         * The message from its parts (bank side).
         *
         * @param challengeId the challenge id
         * @param nonce       the challenge's nonce
         * @param shield      the shield
         * @param method      the biometric method
         * @return the bytes signed
         */
        public static byte[] message(String challengeId, byte[] nonce, ShieldNumber shield, AuthMethod method) {
            return BiometricKey.encode("MSBIO1", challengeId.getBytes(StandardCharsets.UTF_8), nonce,
                    shield.value().getBytes(StandardCharsets.US_ASCII), method.name().getBytes(StandardCharsets.US_ASCII));
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
            return o instanceof BiometricSignature p && challengeId.equals(p.challengeId) && method == p.method
                    && Arrays.equals(signature, p.signature);
        }

        @Override
        public int hashCode() {
            return Objects.hash(challengeId, method, Arrays.hashCode(signature));
        }

        @Override
        public String toString() {
            return "BiometricSignature[challengeId=" + challengeId + ", method=" + method + ", " + signature.length + " bytes]";
        }
    }
}
