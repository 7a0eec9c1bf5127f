package io.mshield.crypto.internal;

import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;

/** RSA material for refusal tests, made without key generation. */
public final class RsaFixtures {
    private RsaFixtures() {
    }

    /**
     * A 2048-bit modulus with two prime factors, deterministic: BouncyCastle accepts it as a key
     * (it refuses moduli with small factors), which the e = 1 forgery needs.
     *
     * @return the modulus
     */
    public static BigInteger realisticModulus() {
        Random seeded = new Random(17);
        BigInteger n;
        do {
            n = BigInteger.probablePrime(1024, seeded).multiply(BigInteger.probablePrime(1024, seeded));
        } while (n.bitLength() != 2048);
        return n;
    }

    /**
     * EMSA-PKCS1-v1_5 of SHA-256(data) in 256 bytes: under e = 1 it is its own "signature",
     * made with no private key.
     *
     * @param data the signed bytes
     * @return the encoded message
     */
    public static byte[] emsaPkcs1(byte[] data) {
        try {
            byte[] digestInfo = new DigestInfo(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE),
                    MessageDigest.getInstance("SHA-256").digest(data)).getEncoded("DER");
            byte[] em = new byte[256];
            em[1] = 0x01;
            Arrays.fill(em, 2, 256 - digestInfo.length - 1, (byte) 0xff);
            System.arraycopy(digestInfo, 0, em, 256 - digestInfo.length, digestInfo.length);
            return em;
        } catch (java.io.IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
