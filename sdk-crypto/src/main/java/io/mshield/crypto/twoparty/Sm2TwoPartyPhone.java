package io.mshield.crypto.twoparty;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.internal.Sm2Math;
import io.mshield.crypto.internal.KeyPairs;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.jce.interfaces.ECPublicKey;
import org.bouncycastle.math.ec.ECPoint;

import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * The phone's half of two-party SM2 (see {@code docs/sm2-two-party.md}): share d1 and
 * P1 = d1⁻¹·G, the signing round (k1, Q1 = k1·G), the final s = d1·k1·s2 + d1·s3 − r, the
 * decryption half T1 = d1⁻¹·C1, and share refresh d1·t. Its API uses only JDK types; points are
 * 65-byte uncompressed encodings. Thread-safe.
 */
public final class Sm2TwoPartyPhone {
    private final SecureRandom random;
    private final String userId;

    /**
     * The phone's share. A secret: {@code toString()} is redacted.
     *
     * @param d1 the share, in [1, n−1]
     * @param p1 P1 = d1⁻¹·G, sent to the bank once at key generation
     */
    public record Share(BigInteger d1, byte[] p1) {
        /**
         * Validates and copies.
         *
         * @param d1 the share
         * @param p1 the point
         */
        public Share {
            Sm2Math.requireScalar(d1, "d1");
            p1 = Objects.requireNonNull(p1, "p1").clone();
        }

        /**
         * P1.
         *
         * @return a copy
         */
        @Override
        public byte[] p1() {
            return p1.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Share s && d1.equals(s.d1) && Arrays.equals(p1, s.p1);
        }

        @Override
        public int hashCode() {
            return d1.hashCode();
        }

        @Override
        public String toString() {
            return "Share[d1=<redacted>]";
        }
    }

    /**
     * One signing round's secret nonce and its point. A secret: {@code toString()} is redacted.
     *
     * @param k1 the nonce
     * @param q1 Q1 = k1·G, sent to the bank
     */
    public record Round(BigInteger k1, byte[] q1) {
        /**
         * Validates and copies.
         *
         * @param k1 the nonce
         * @param q1 the point
         */
        public Round {
            Sm2Math.requireScalar(k1, "k1");
            q1 = Objects.requireNonNull(q1, "q1").clone();
        }

        /**
         * Q1.
         *
         * @return a copy
         */
        @Override
        public byte[] q1() {
            return q1.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Round r && k1.equals(r.k1) && Arrays.equals(q1, r.q1);
        }

        @Override
        public int hashCode() {
            return k1.hashCode();
        }

        @Override
        public String toString() {
            return "Round[k1=<redacted>]";
        }
    }

    /**
     * Creates the phone's half.
     *
     * @param random the phone's randomness
     * @param userId the SM2 user ID (default "1234567812345678")
     */
    public Sm2TwoPartyPhone(SecureRandom random, String userId) {
        this.random = Objects.requireNonNull(random, "random");
        this.userId = io.mshield.crypto.internal.Allowlist.sm2UserId(userId);
    }

    /**
     * Generates a share.
     *
     * @return d1 and P1
     */
    public Share newShare() {
        BigInteger d1 = Sm2Math.randomScalar(random);
        return shareOf(d1);
    }

    /**
     * The share for a given d1 (for example one unmasked from the PIN).
     *
     * @param d1 the scalar
     * @return d1 and P1
     */
    public static Share shareOf(BigInteger d1) {
        Sm2Math.requireScalar(d1, "d1");
        return new Share(d1, Sm2Math.encode(Sm2Math.multiplyG(Sm2Math.invertSecret(d1))));
    }

    /**
     * Starts a signing round.
     *
     * @return k1 and Q1
     */
    public Round startRound() {
        BigInteger k1 = Sm2Math.randomScalar(random);
        return new Round(k1, Sm2Math.encode(Sm2Math.multiplyG(k1)));
    }

    /**
     * e = SM3(Z‖M) under the joint public key. The bank computes it itself; the phone needs it only
     * to check what it signs.
     *
     * @param jointKey the joint public key
     * @param message  M
     * @return 32 bytes
     */
    public byte[] digest(PublicKey jointKey, byte[] message) {
        return Sm2Math.digest(point(jointKey), userId, Objects.requireNonNull(message, "message"));
    }

    /**
     * Finishes the signature: s = d1·k1·s2 + d1·s3 − r mod n.
     *
     * @param share the phone's share
     * @param round the round's nonce
     * @param r     the bank's r
     * @param s2    the bank's s2
     * @param s3    the bank's s3
     * @return the DER-encoded SM2 signature (r, s)
     * @throws ShieldException {@link ErrorCode#SIGNATURE_INVALID} when s = 0 or r + s = n (start a new round)
     */
    public byte[] finish(Share share, Round round, BigInteger r, BigInteger s2, BigInteger s3) {
        BigInteger s = finishScalar(share, round, r, s2, s3);
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Integer(r));
        v.add(new ASN1Integer(s));
        try {
            return new DERSequence(v).getEncoded("DER");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The final s as a number.
     *
     * @param share the phone's share
     * @param round the round
     * @param r     the bank's r
     * @param s2    the bank's s2
     * @param s3    the bank's s3
     * @return s
     */
    public static BigInteger finishScalar(Share share, Round round, BigInteger r, BigInteger s2, BigInteger s3) {
        Objects.requireNonNull(share, "share");
        Objects.requireNonNull(round, "round");
        Sm2Math.requireScalar(r, "r");
        Sm2Math.requireScalar(s2, "s2");
        Sm2Math.requireScalar(s3, "s3");
        BigInteger n = Sm2Math.N;
        BigInteger s = share.d1().multiply(round.k1()).multiply(s2).add(share.d1().multiply(s3)).subtract(r).mod(n);
        if (s.signum() == 0 || s.add(r).equals(n)) {
            throw new ShieldException(ErrorCode.SIGNATURE_INVALID, "degenerate signature: start a new round");
        }
        return s;
    }

    /**
     * The phone's decryption half: T1 = d1⁻¹·C1 for an SM2 ciphertext C1‖C3‖C2.
     *
     * @param share      the share
     * @param ciphertext the ciphertext
     * @return T1, uncompressed
     */
    public byte[] decryptStart(Share share, byte[] ciphertext) {
        ECPoint c1 = c1(ciphertext);
        return Sm2Math.encode(Sm2Math.multiplySecret(c1, Sm2Math.invertSecret(share.d1())));
    }

    /**
     * Finishes joint decryption: (x2, y2) = T2 − C1, then the KDF and the C3 check of GB/T 32918.4.
     *
     * @param ciphertext the ciphertext C1‖C3‖C2
     * @param t2         the bank's T2
     * @return the plaintext
     * @throws ShieldException {@link ErrorCode#DECRYPTION_FAILED} when C3 does not match
     */
    public byte[] decryptFinish(byte[] ciphertext, byte[] t2) {
        ECPoint c1 = c1(ciphertext);
        ECPoint p2 = Sm2Math.decode(t2, "T2").subtract(c1).normalize();
        if (p2.isInfinity()) {
            throw new ShieldException(ErrorCode.DECRYPTION_FAILED, "the ciphertext does not decrypt");
        }
        byte[] x2 = Sm2Math.fixed32(p2.getAffineXCoord().toBigInteger());
        byte[] y2 = Sm2Math.fixed32(p2.getAffineYCoord().toBigInteger());
        byte[] c3 = Arrays.copyOfRange(ciphertext, 65, 97);
        byte[] c2 = Arrays.copyOfRange(ciphertext, 97, ciphertext.length);
        byte[] z = new byte[64];
        System.arraycopy(x2, 0, z, 0, 32);
        System.arraycopy(y2, 0, z, 32, 32);
        byte[] t = Sm2Math.kdf(z, c2.length);
        byte[] m = new byte[c2.length];
        boolean allZero = true;
        for (int i = 0; i < m.length; i++) {
            m[i] = (byte) (c2[i] ^ t[i]);
            allZero &= t[i] == 0;
        }
        if (allZero || !MessageDigest.isEqual(c3, Sm2Math.sm3(x2, m, y2))) {
            throw new ShieldException(ErrorCode.DECRYPTION_FAILED, "the ciphertext does not decrypt");
        }
        return m;
    }

    private static ECPoint c1(byte[] ciphertext) {
        Objects.requireNonNull(ciphertext, "ciphertext");
        if (ciphertext.length < 98) {
            throw new ShieldException(ErrorCode.DECRYPTION_FAILED, "an SM2 ciphertext has C1 (65), C3 (32) and C2");
        }
        return Sm2Math.decode(Arrays.copyOf(ciphertext, 65), "C1");
    }

    /**
     * Refreshes the share with the bank's factor t: d1·t.
     *
     * @param share the old share
     * @param t     the factor from the bank's refresh
     * @return the new share
     */
    public static Share refresh(Share share, BigInteger t) {
        Sm2Math.requireScalar(t, "t");
        return shareOf(share.d1().multiply(t).mod(Sm2Math.N));
    }

    private static ECPoint point(PublicKey key) {
        Objects.requireNonNull(key, "key");
        io.mshield.crypto.internal.Allowlist.requireSm2(key);
        PublicKey k = key instanceof ECPublicKey ? key : KeyPairs.decode(key.getEncoded());
        return Sm2Math.CURVE.getCurve().importPoint(((ECPublicKey) k).getQ()).normalize();
    }
}
