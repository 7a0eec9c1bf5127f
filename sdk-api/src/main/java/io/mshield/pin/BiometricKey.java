package io.mshield.pin;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.identity.ShieldNumber;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A device key registered for a biometric method (R2.3, R3.2): a key pair the phone's secure
 * module generates and releases only after its own fingerprint or face check, whose public key the
 * holder registers with the shield, confirmed with the PIN
 * ({@link io.mshield.shield.ShieldService#registerBiometric}). From then on a
 * {@link PinProof.BiometricSignature} made with it confirms a signature in place of the PIN block.
 *
 * <p>The phone proves possession by signing {@link #registrationMessage} for a fresh
 * {@link PinChallenge} of the shield with the new key.
 *
 * @param method      {@link AuthMethod#FINGERPRINT} or {@link AuthMethod#FACE}
 * @param algorithm   {@link KeyAlgorithm#EC_P256} or {@link KeyAlgorithm#SM2}, as phones' secure modules offer
 * @param publicKey   the key, X.509 SubjectPublicKeyInfo DER; copied
 * @param challengeId the challenge the possession signature answers
 * @param possession  the signature over {@link #registrationMessage} (ECDSA-SHA256 or SM2-SM3, DER); copied
 */
public record BiometricKey(AuthMethod method, KeyAlgorithm algorithm, byte[] publicKey, String challengeId, byte[] possession) {
    /** The largest public key or signature accepted. */
    public static final int MAX_LENGTH = 1024;

    /**
     * Validates and copies.
     *
     * @param method      a biometric method
     * @param algorithm   P-256 or SM2
     * @param publicKey   the key; copied
     * @param challengeId the challenge
     * @param possession  the possession signature; copied
     * @throws ShieldException {@link ErrorCode#INVALID_ARGUMENT} for the PIN method, {@link ErrorCode#ALGORITHM_NOT_SUPPORTED}
     *         for another algorithm, {@link ErrorCode#INPUT_TOO_LARGE} for oversized input
     */
    public BiometricKey {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(challengeId, "challengeId");
        publicKey = Objects.requireNonNull(publicKey, "publicKey").clone();
        possession = Objects.requireNonNull(possession, "possession").clone();
        if (!method.biometric()) {
            throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "a biometric key is registered for FINGERPRINT or FACE, not " + method);
        }
        if (algorithm != KeyAlgorithm.EC_P256 && algorithm != KeyAlgorithm.SM2) {
            throw new ShieldException(ErrorCode.ALGORITHM_NOT_SUPPORTED, "a biometric key is P-256 or SM2, as a phone's secure module makes it");
        }
        if (publicKey.length > MAX_LENGTH || possession.length > MAX_LENGTH) {
            throw new ShieldException(ErrorCode.INPUT_TOO_LARGE, "a biometric key or signature has at most " + MAX_LENGTH + " bytes");
        }
    }

    /**
     * The key.
     *
     * @return a copy
     */
    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /**
     * The possession signature.
     *
     * @return a copy
     */
    @Override
    public byte[] possession() {
        return possession.clone();
    }

    /**
     * What the new key signs to prove possession (phone side; the bank rebuilds it from the challenge it issued):
     * {@code "MSBIOKEY1" ‖ challengeId ‖ nonce ‖ shield ‖ method ‖ publicKey}, each field prefixed by its
     * 16-bit big-endian length.
     *
     * @param challenge the shield's challenge
     * @param shield    the shield
     * @param method    the biometric method
     * @param publicKey the key's SubjectPublicKeyInfo DER
     * @return the bytes to sign
     */
    public static byte[] registrationMessage(PinChallenge challenge, ShieldNumber shield, AuthMethod method, byte[] publicKey) {
        return registrationMessage(challenge.id(), challenge.nonce(), shield, method, publicKey);
    }

    /**
     * The registration message from its parts (bank side).
     *
     * @param challengeId the challenge id
     * @param nonce       the challenge's nonce
     * @param shield      the shield
     * @param method      the biometric method
     * @param publicKey   the key's SubjectPublicKeyInfo DER
     * @return the bytes signed
     */
    public static byte[] registrationMessage(String challengeId, byte[] nonce, ShieldNumber shield, AuthMethod method, byte[] publicKey) {
        return encode("MSBIOKEY1", challengeId.getBytes(StandardCharsets.UTF_8), nonce,
                shield.value().getBytes(StandardCharsets.US_ASCII), method.name().getBytes(StandardCharsets.US_ASCII), publicKey);
    }

    static byte[] encode(String magic, byte[]... fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(magic.getBytes(StandardCharsets.US_ASCII));
        for (byte[] f : fields) {
            if (f.length > 0xffff) {
                throw new ShieldException(ErrorCode.INPUT_TOO_LARGE, "a field of a biometric message is too long");
            }
            out.write(f.length >>> 8);
            out.write(f.length & 0xff);
            out.writeBytes(f);
        }
        return out.toByteArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BiometricKey k && method == k.method && algorithm == k.algorithm && Arrays.equals(publicKey, k.publicKey)
                && challengeId.equals(k.challengeId) && Arrays.equals(possession, k.possession);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, algorithm, Arrays.hashCode(publicKey), challengeId, Arrays.hashCode(possession));
    }

    @Override
    public String toString() {
        return "BiometricKey[method=" + method + ", algorithm=" + algorithm + ", challengeId=" + challengeId + "]";
    }
}
