package io.mshield.crypto.internal;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.CollaborativeSm2;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.KeyHandle;
import org.bouncycastle.jce.interfaces.ECPublicKey;
import org.bouncycastle.jce.spec.ECParameterSpec;
import org.bouncycastle.jce.spec.ECPublicKeySpec;
import org.bouncycastle.math.ec.ECPoint;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bank's half of two-party SM2. The shares d2 live in a {@link ShareVault} of the key storage —
 * in memory beside a {@link MemoryKeyStorage}, wrapped under a storage key in the production
 * storages — and are unwrapped only for the operation. d2 never leaves this object: not in a return
 * value, a message or {@code toString()}. Thread-safe.
 */
public final class Sm2BankHalf implements CollaborativeSm2 {
    private final String storage;
    private final SecureRandom random;
    private final String userId;
    private final ShareVault vault;
    private final Map<String, BigInteger> shares = new ConcurrentHashMap<>();
    private final Map<String, ECPoint> jointKeys = new ConcurrentHashMap<>();

    /**
     * Creates the bank half holding its shares in memory.
     *
     * @param storage the id of the key storage whose handles it issues
     * @param random  the randomness
     * @param userId  the SM2 user ID
     */
    public Sm2BankHalf(String storage, SecureRandom random, String userId) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.random = Objects.requireNonNull(random, "random");
        this.userId = Objects.requireNonNull(userId, "userId");
        this.vault = null;
    }

    /**
     * Creates the bank half over a key storage's vault of wrapped shares.
     *
     * @param vault  the vault
     * @param random the randomness
     * @param userId the SM2 user ID
     */
    public Sm2BankHalf(ShareVault vault, SecureRandom random, String userId) {
        this.vault = Objects.requireNonNull(vault, "vault");
        this.storage = "";
        this.random = Objects.requireNonNull(random, "random");
        this.userId = Objects.requireNonNull(userId, "userId");
    }

    boolean holds(KeyHandle h) {
        return h.storage().equals(storage) && shares.containsKey(h.alias());
    }

    void destroy(KeyHandle h) {
        shares.remove(h.alias());
        jointKeys.remove(h.alias());
    }

    private BigInteger share(KeyHandle h) {
        Objects.requireNonNull(h, "share");
        if (vault != null) {
            return vault.unwrap(h);
        }
        BigInteger d2 = h.storage().equals(storage) ? shares.get(h.alias()) : null;
        if (d2 == null) {
            throw new ShieldException(ErrorCode.KEY_NOT_FOUND, "no two-party share " + h.alias() + " in key storage " + storage);
        }
        return d2;
    }

    private KeyHandle store(BigInteger d2, ECPoint joint) {
        if (vault != null) {
            return vault.store(d2);
        }
        KeyHandle h = new KeyHandle(storage, "s-" + HexFormat.of().formatHex(randomBytes()), KeyAlgorithm.SM2);
        shares.put(h.alias(), d2);
        jointKeys.put(h.alias(), joint);
        return h;
    }

    private void forget(KeyHandle h) {
        if (vault != null) {
            vault.destroy(h);
        } else {
            destroy(h);
        }
    }

    private byte[] randomBytes() {
        byte[] b = new byte[12];
        random.nextBytes(b);
        return b;
    }

    @Override
    public SharedKey generateShare(byte[] p1) {
        ECPoint p1Point = Sm2Math.decode(p1, "P1");
        BigInteger d2 = Sm2Math.randomScalar(random);
        ECPoint p = Sm2Math.multiplySecret(p1Point, Sm2Math.invertSecret(d2)).subtract(Sm2Math.G).normalize();
        if (p.isInfinity()) {
            throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "P1 leads to the point at infinity; generate another share");
        }
        return new SharedKey(store(d2, p), publicKey(p));
    }

    /**
     * The joint public key P = d2⁻¹·P1 − G as a JCA key.
     *
     * @param p the point
     * @return the key
     */
    public static PublicKey publicKey(ECPoint p) {
        try {
            ECParameterSpec spec = new org.bouncycastle.jce.spec.ECNamedCurveParameterSpec("sm2p256v1", Sm2Math.CURVE.getCurve(), Sm2Math.G,
                    Sm2Math.N, Sm2Math.CURVE.getH());
            return KeyFactory.getInstance("EC", Bc.provider()).generatePublic(new ECPublicKeySpec(p, spec));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public byte[] digest(PublicKey publicKey, byte[] message) {
        Objects.requireNonNull(message, "message");
        Allowlist.requireSm2(publicKey);
        PublicKey k = publicKey instanceof ECPublicKey ? publicKey : KeyPairs.decode(publicKey.getEncoded());
        return Sm2Math.digest(((ECPublicKey) k).getQ(), userId, message);
    }

    @Override
    public CoSignature coSign(KeyHandle shareHandle, byte[] e, byte[] q1) {
        BigInteger d2 = share(shareHandle);
        if (e == null || e.length != 32) {
            throw new ShieldException(ErrorCode.INVALID_ARGUMENT, "e must be 32 bytes");
        }
        ECPoint q1Point = Sm2Math.decode(q1, "Q1");
        BigInteger ev = new BigInteger(1, e);
        BigInteger n = Sm2Math.N;
        while (true) {
            BigInteger k2 = Sm2Math.randomScalar(random);
            BigInteger k3 = Sm2Math.randomScalar(random);
            // k3·Q1 + k2·G, both in constant time because the nonces are secret
            ECPoint x = Sm2Math.sumOfSecretMultiples(q1Point, k3, k2);
            if (x.isInfinity()) {
                continue;
            }
            BigInteger r = x.getAffineXCoord().toBigInteger().add(ev).mod(n);
            if (r.signum() == 0) {
                continue;
            }
            BigInteger s2 = d2.multiply(k3).mod(n);
            BigInteger s3 = d2.multiply(r.add(k2)).mod(n);
            if (s3.signum() == 0) {
                continue;
            }
            return new CoSignature(r, s2, s3);
        }
    }

    /**
     * The signing round with given nonces, for the published test vectors only.
     *
     * @param shareHandle the share
     * @param e           the digest
     * @param q1          Q1
     * @param k2          the bank's k2
     * @param k3          the bank's k3
     * @return r, s2, s3
     */
    public CoSignature coSign(KeyHandle shareHandle, byte[] e, byte[] q1, BigInteger k2, BigInteger k3) {
        BigInteger d2 = share(shareHandle);
        ECPoint x = Sm2Math.sumOfSecretMultiples(Sm2Math.decode(q1, "Q1"), k3, k2);
        BigInteger r = x.getAffineXCoord().toBigInteger().add(new BigInteger(1, e)).mod(Sm2Math.N);
        return new CoSignature(r, d2.multiply(k3).mod(Sm2Math.N), d2.multiply(r.add(k2)).mod(Sm2Math.N));
    }

    /**
     * Key generation with a given d2, for the published test vectors only.
     *
     * @param p1 P1
     * @param d2 the bank's share
     * @return the handle and the joint key
     */
    public SharedKey generateShare(byte[] p1, BigInteger d2) {
        Sm2Math.requireScalar(d2, "d2");
        ECPoint p = Sm2Math.multiplySecret(Sm2Math.decode(p1, "P1"), Sm2Math.invertSecret(d2)).subtract(Sm2Math.G).normalize();
        return new SharedKey(store(d2, p), publicKey(p));
    }

    @Override
    public byte[] decryptHalf(KeyHandle shareHandle, byte[] t1) {
        BigInteger d2 = share(shareHandle);
        return Sm2Math.encode(Sm2Math.multiplySecret(Sm2Math.decode(t1, "T1"), Sm2Math.invertSecret(d2)));
    }

    @Override
    public Refresh refresh(KeyHandle shareHandle) {
        BigInteger d2 = share(shareHandle);
        BigInteger t = Sm2Math.randomScalar(random);
        KeyHandle fresh = store(d2.multiply(Sm2Math.invertSecret(t)).mod(Sm2Math.N), jointKeys.get(shareHandle.alias()));
        forget(shareHandle);
        return new Refresh(fresh, t);
    }

    Map<String, byte[][]> snapshot() {
        Map<String, byte[][]> out = new java.util.TreeMap<>();
        shares.forEach((alias, d2) -> out.put(alias, new byte[][]{"share".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                Sm2Math.fixed32(d2), Sm2Math.encode(jointKeys.get(alias))}));
        return out;
    }

    void restore(String alias, byte[][] entry) {
        shares.put(alias, new BigInteger(1, entry[1]));
        jointKeys.put(alias, Sm2Math.decode(entry[2], "P"));
    }

    @Override
    public String toString() {
        return vault != null ? "Sm2BankHalf[" + vault + "]" : "Sm2BankHalf[" + storage + ", " + shares.size() + " shares]";
    }
}
