package io.mshield.crypto;

import java.math.BigInteger;
import java.security.PublicKey;
import java.util.Objects;

/**
 * The bank's half of SM2 two-party signing and decryption (R10.6), held inside a
 * {@link KeyStorage}. The protocol is described in {@code docs/sm2-two-party.md}.
 *
 * <p>The bank's share d2 MUST NOT leave the storage. Points are exchanged in the uncompressed
 * SEC 1 encoding ({@code 04 ‖ x ‖ y}, 65 bytes). Implementations MUST be thread-safe and MUST
 * reject points not on the curve, the point at infinity, and scalars outside [1, n−1] with
 * {@link io.mshield.ErrorCode#INVALID_ARGUMENT}. The SDK calls {@link #coSign} only after its own
 * PIN, status and limit checks.
 */
public interface CollaborativeSm2 {

    /**
     * The result of key generation.
     *
     * @param share     the handle of the bank's share d2
     * @param publicKey the joint public key P = d2⁻¹·P1 − G
     */
    record SharedKey(KeyHandle share, PublicKey publicKey) {
        /**
         * Validates the fields.
         * @param share the handle of the bank's share d2
         * @param publicKey the joint public key P = d2⁻¹·P1 − G
         */
        public SharedKey {
            Objects.requireNonNull(share, "share");
            Objects.requireNonNull(publicKey, "publicKey");
        }
    }

    /**
     * The bank's answer in the signing round: r, s2 = d2·k3 and s3 = d2·(r + k2).
     *
     * @param r  r = (x1 + e) mod n
     * @param s2 d2·k3 mod n
     * @param s3 d2·(r + k2) mod n
     */
    record CoSignature(BigInteger r, BigInteger s2, BigInteger s3) {
        /**
         * Validates the fields.
         * @param r r = (x1 + e) mod n
         * @param s2 d2·k3 mod n
         * @param s3 d2·(r + k2) mod n
         */
        public CoSignature {
            Objects.requireNonNull(r, "r");
            Objects.requireNonNull(s2, "s2");
            Objects.requireNonNull(s3, "s3");
        }
    }

    /**
     * The result of a share refresh.
     *
     * @param share the handle of the new share d2·t⁻¹ (the old one is destroyed)
     * @param t     the factor the phone multiplies its share by; send it to the phone over a
     *              protected channel and wipe it
     */
    record Refresh(KeyHandle share, BigInteger t) {
        /**
         * Validates the fields.
         * @param share the handle of the new share d2·t⁻¹ (the old one is destroyed)
         * @param t the factor the phone multiplies its share by; send it to the phone over a protected channel and wipe it
         */
        public Refresh {
            Objects.requireNonNull(share, "share");
            Objects.requireNonNull(t, "t");
        }

        @Override
        public String toString() {
            return "Refresh[share=" + share + ", t=<redacted>]";
        }
    }

    /**
     * Generates d2 for the phone's P1 = d1⁻¹·G and returns the joint public key.
     *
     * @param p1 the phone's point, uncompressed encoding
     * @return the share handle and the joint public key
     */
    SharedKey generateShare(byte[] p1);

    /**
     * The digest e = SM3(Z‖M) of GB/T 32918.2 for a message under a joint public key, with the
     * configured SM2 user ID. The bank computes e itself from the content it holds, so the phone
     * cannot make it co-sign anything else.
     *
     * @param publicKey the joint public key
     * @param message   the message M
     * @return the 32-byte digest
     */
    byte[] digest(PublicKey publicKey, byte[] message);

    /**
     * The bank's signing round for e = SM3(Z‖M) and the phone's Q1 = k1·G.
     *
     * @param share the bank's share
     * @param e     the 32-byte digest
     * @param q1    the phone's point, uncompressed encoding
     * @return r, s2, s3
     */
    CoSignature coSign(KeyHandle share, byte[] e, byte[] q1);

    /**
     * The bank's decryption half: T2 = d2⁻¹·T1.
     *
     * @param share the bank's share
     * @param t1    the phone's T1 = d1⁻¹·C1, uncompressed encoding
     * @return T2, uncompressed encoding
     */
    byte[] decryptHalf(KeyHandle share, byte[] t1);

    /**
     * Replaces d2 by d2·t⁻¹ for a fresh random t, keeping the joint public key.
     *
     * @param share the current share; destroyed on success
     * @return the new share and t
     */
    Refresh refresh(KeyHandle share);
}
