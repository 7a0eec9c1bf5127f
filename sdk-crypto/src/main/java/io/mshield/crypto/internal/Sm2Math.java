package io.mshield.crypto.internal;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/** The sm2p256v1 arithmetic both halves share; package-private, never in an API signature. */
public final class Sm2Math {
    public static final X9ECParameters CURVE = CustomNamedCurves.getByName("sm2p256v1");
    public static final BigInteger N = CURVE.getN();
    public static final ECPoint G = CURVE.getG();

    private Sm2Math() {
    }

    /**
     * k·G for a secret k: BouncyCastle's fixed-point comb, constant time.
     *
     * @param k the scalar
     * @return the point
     */
    public static ECPoint multiplyG(BigInteger k) {
        return new org.bouncycastle.math.ec.FixedPointCombMultiplier().multiply(G, k);
    }

    /**
     * x⁻¹ mod n for a secret x, in constant time (BouncyCastle's {@code BigIntegers.modOddInverse};
     * {@link BigInteger#modInverse} takes time that depends on x).
     *
     * @param x the secret, not a multiple of n
     * @return the inverse
     * @throws ArithmeticException when x is a multiple of n
     */
    public static BigInteger invertSecret(BigInteger x) {
        return BigIntegers.modOddInverse(N, x);
    }

    /**
     * k·P for a secret k: constant time, whatever the point.
     *
     * @param p the point
     * @param k the scalar
     * @return the point
     */
    public static ECPoint multiplySecret(ECPoint p, BigInteger k) {
        return org.bouncycastle.math.ec.ECAlgorithms.multiplySecret(p, k);
    }

    /**
     * k·P + j·G for secret k and j, normalized: P by the constant-time {@link #multiplySecret},
     * G by the constant-time fixed-point comb. About a third faster here than BouncyCastle's
     * interleaved {@code ECAlgorithms.sumOfTwoMultipliesSecret}.
     *
     * @param p the point
     * @param k the scalar for p
     * @param j the scalar for G
     * @return the normalized sum
     */
    public static ECPoint sumOfSecretMultiples(ECPoint p, BigInteger k, BigInteger j) {
        return multiplySecret(p, k).add(multiplyG(j)).normalize();
    }

    public static BigInteger randomScalar(SecureRandom random) {
        BigInteger k;
        do {
            k = BigIntegers.createRandomInRange(BigInteger.ONE, N.subtract(BigInteger.ONE), random);
        } while (k.signum() == 0);
        return k;
    }

    public static void requireScalar(BigInteger k, String what) {
        if (k == null || k.signum() <= 0 || k.compareTo(N) >= 0) {
            throw new ShieldException(ErrorCode.INVALID_ARGUMENT, what + " must be in [1, n-1]");
        }
    }

    public static ECPoint decode(byte[] encoded, String what) {
        try {
            if (encoded == null || encoded.length != 65 || encoded[0] != 0x04) {
                throw new IllegalArgumentException("not uncompressed");
            }
            ECPoint p = CURVE.getCurve().decodePoint(encoded).normalize();
            if (p.isInfinity() || !p.isValid()) {
                throw new IllegalArgumentException("not on the curve");
            }
            return p;
        } catch (RuntimeException e) {
            throw new ShieldException(ErrorCode.INVALID_ARGUMENT, what + " is not a point of sm2p256v1 in uncompressed form");
        }
    }

    public static byte[] encode(ECPoint p) {
        return p.normalize().getEncoded(false);
    }

    public static byte[] fixed32(BigInteger v) {
        return BigIntegers.asUnsignedByteArray(32, v);
    }

    /** Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA), then e = SM3(Z ‖ M). */
    public static byte[] digest(ECPoint publicKey, String userId, byte[] message) {
        byte[] id = userId.getBytes(StandardCharsets.UTF_8);
        SM3Digest d = new SM3Digest();
        int entl = id.length * 8;
        d.update((byte) (entl >> 8));
        d.update((byte) entl);
        d.update(id, 0, id.length);
        for (BigInteger v : new BigInteger[]{CURVE.getCurve().getA().toBigInteger(), CURVE.getCurve().getB().toBigInteger(),
                G.getAffineXCoord().toBigInteger(), G.getAffineYCoord().toBigInteger(),
                publicKey.normalize().getAffineXCoord().toBigInteger(), publicKey.normalize().getAffineYCoord().toBigInteger()}) {
            byte[] b = fixed32(v);
            d.update(b, 0, b.length);
        }
        byte[] z = new byte[32];
        d.doFinal(z, 0);
        SM3Digest e = new SM3Digest();
        e.update(z, 0, z.length);
        e.update(message, 0, message.length);
        byte[] out = new byte[32];
        e.doFinal(out, 0);
        return out;
    }

    public static byte[] sm3(byte[]... parts) {
        SM3Digest d = new SM3Digest();
        for (byte[] p : parts) {
            d.update(p, 0, p.length);
        }
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }

    /** The KDF of GB/T 32918.4. */
    public static byte[] kdf(byte[] z, int length) {
        byte[] out = new byte[length];
        int counter = 1;
        int off = 0;
        while (off < length) {
            byte[] block = sm3(z, new byte[]{(byte) (counter >>> 24), (byte) (counter >>> 16), (byte) (counter >>> 8), (byte) counter});
            int n = Math.min(32, length - off);
            System.arraycopy(block, 0, out, off, n);
            off += n;
            counter++;
        }
        return out;
    }
}
