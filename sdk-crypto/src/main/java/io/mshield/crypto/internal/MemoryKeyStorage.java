package io.mshield.crypto.internal;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.CollaborativeSm2;
import io.mshield.crypto.KeyAlgorithm;
import io.mshield.crypto.KeyHandle;
import io.mshield.crypto.KeyStorage;
import io.mshield.crypto.SignatureScheme;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keys in process memory: every algorithm, HMAC-SM3 MAC keys, SM2 decryption (GB/T 32918.4,
 * C1C3C2) and ECIES for P-256. For tests, demos and a bank's development environment; production
 * keys belong in an HSM. Thread-safe; nothing secret in {@code toString()} or messages.
 */
public final class MemoryKeyStorage implements KeyStorage {
    /** How many keys' initialized signers are kept ({@link SignerPool}). */
    private static final int SIGNER_POOL_KEYS = 4096;

    private final String id;
    private final SecureRandom random;
    private final Signatures signatures;
    /** A key pair with the algorithm read from its public key when it was stored. */
    private record Stored(KeyAlgorithm algorithm, KeyPair pair) {
        Stored(KeyPair pair) {
            this(Allowlist.keyOf(pair.getPublic()), pair);
        }
    }

    private final Map<String, Stored> pairs = new ConcurrentHashMap<>();
    private final Map<String, byte[]> secrets = new ConcurrentHashMap<>();
    private final Sm2BankHalf bankHalf;
    private final SignerPool signers;

    /**
     * Creates an empty storage.
     *
     * @param id         its id
     * @param random     the randomness
     * @param signatures the signer
     */
    public MemoryKeyStorage(String id, SecureRandom random, Signatures signatures) {
        this.id = Objects.requireNonNull(id, "id");
        this.random = Objects.requireNonNull(random, "random");
        this.signatures = Objects.requireNonNull(signatures, "signatures");
        if (!id.matches("[A-Za-z0-9._:-]{1,128}")) {
            throw new ShieldException(ErrorCode.INVALID_IDENTIFIER, "a key storage id is 1-128 characters of [A-Za-z0-9._:-]");
        }
        this.signers = new SignerPool(signatures, SIGNER_POOL_KEYS);
        this.bankHalf = new Sm2BankHalf(id, random, new String(signatures.sm2UserId(), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Set<KeyAlgorithm> algorithms() {
        return EnumSet.allOf(KeyAlgorithm.class);
    }

    @Override
    public KeyHandle generateKeyPair(KeyAlgorithm algorithm) {
        KeyPair pair = KeyPairs.generate(algorithm, random);
        KeyHandle h = new KeyHandle(id, "k-" + HexFormat.of().formatHex(bytes(12)), algorithm);
        pairs.put(h.alias(), new Stored(algorithm, pair));
        return h;
    }

    /**
     * Imports a key pair (the demo's and tests' CA keys).
     *
     * @param algorithm its algorithm
     * @param pair      the pair
     * @return the handle
     * @throws ShieldException {@link ErrorCode#ALGORITHM_NOT_SUPPORTED} when the pair's key is
     *                         outside the allowlist or is not of {@code algorithm}
     */
    public KeyHandle importKeyPair(KeyAlgorithm algorithm, KeyPair pair) {
        Objects.requireNonNull(algorithm, "algorithm");
        Stored stored = new Stored(Objects.requireNonNull(pair, "pair"));
        if (stored.algorithm() != algorithm) {
            throw new ShieldException(ErrorCode.ALGORITHM_NOT_SUPPORTED, "the key pair is " + stored.algorithm() + ", not " + algorithm);
        }
        KeyHandle h = new KeyHandle(id, "k-" + HexFormat.of().formatHex(bytes(12)), algorithm);
        pairs.put(h.alias(), stored);
        return h;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** The pair a handle names: same storage, same alias and the same algorithm as the stored key. */
    private KeyPair pair(KeyHandle key) {
        Objects.requireNonNull(key, "key");
        Stored p = key.storage().equals(id) ? pairs.get(key.alias()) : null;
        if (p == null || p.algorithm() != key.algorithm()) {
            throw new ShieldException(ErrorCode.KEY_NOT_FOUND, "no " + key.algorithm() + " key pair " + key.alias() + " in key storage " + id);
        }
        return p.pair();
    }

    /**
     * The private key, for components of this module that sign inside the storage (CMS, CA).
     *
     * @param key the handle
     * @return the private key
     */
    PrivateKey privateKey(KeyHandle key) {
        return pair(key).getPrivate();
    }

    @Override
    public PublicKey publicKey(KeyHandle key) {
        return pair(key).getPublic();
    }

    @Override
    public byte[] sign(KeyHandle key, SignatureScheme scheme, byte[] data) {
        Objects.requireNonNull(scheme, "scheme");
        KeyPair pair = pair(key);
        Allowlist.bind(scheme, key.algorithm());
        return signers.sign(key.alias(), pair.getPrivate(), scheme, data, pairs::containsKey);
    }

    @Override
    public KeyHandle generateMacKey() {
        KeyHandle h = new KeyHandle(id, "m-" + HexFormat.of().formatHex(bytes(12)), KeyAlgorithm.SM2);
        secrets.put(h.alias(), bytes(32));
        return h;
    }

    @Override
    public byte[] mac(KeyHandle key, byte[] data) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(data, "data");
        byte[] k = secrets.get(key.alias());
        if (k == null || !key.storage().equals(id)) {
            throw new ShieldException(ErrorCode.KEY_NOT_FOUND, "no MAC key " + key.alias() + " in key storage " + id);
        }
        try {
            Mac m = Mac.getInstance("HMACSM3", Bc.provider());
            m.init(new SecretKeySpec(k, "HMACSM3"));
            return m.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new ShieldException(ErrorCode.KEY_STORAGE_FAILURE, "HMAC-SM3 failed", e);
        }
    }

    @Override
    public byte[] decrypt(KeyHandle key, byte[] ciphertext) {
        Objects.requireNonNull(ciphertext, "ciphertext");
        KeyPair p = pair(key);
        try {
            if (key.algorithm() == KeyAlgorithm.SM2) {
                SM2Engine engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
                engine.init(false, (ECPrivateKeyParameters) ECUtil.generatePrivateKeyParameter(p.getPrivate()));
                return engine.processBlock(ciphertext, 0, ciphertext.length);
            }
            if (key.algorithm() == KeyAlgorithm.EC_P256) {
                return io.mshield.crypto.internal.keys.EciesP256.decrypt(p.getPrivate(), ciphertext);
            }
        } catch (GeneralSecurityException | org.bouncycastle.crypto.InvalidCipherTextException | RuntimeException e) {
            throw new ShieldException(ErrorCode.DECRYPTION_FAILED, "the ciphertext does not decrypt with key " + key.alias());
        }
        throw new ShieldException(ErrorCode.ALGORITHM_NOT_SUPPORTED, "decryption needs an SM2 or P-256 key, not " + key.algorithm());
    }

    @Override
    public boolean contains(KeyHandle key) {
        Objects.requireNonNull(key, "key");
        return key.storage().equals(id) && (pairs.containsKey(key.alias()) || secrets.containsKey(key.alias()) || bankHalf.holds(key));
    }

    @Override
    public void destroy(KeyHandle key) {
        Objects.requireNonNull(key, "key");
        pairs.remove(key.alias());
        signers.forget(key.alias());
        bankHalf.destroy(key);
        byte[] s = secrets.remove(key.alias());
        if (s != null) {
            Arrays.fill(s, (byte) 0);
        }
    }

    @Override
    public Optional<CollaborativeSm2> collaborativeSm2() {
        return Optional.of(bankHalf);
    }

    @Override
    public void close() {
        secrets.values().forEach(s -> Arrays.fill(s, (byte) 0));
        secrets.clear();
        pairs.clear();
    }

    /**
     * Everything the storage holds, encoded for a protected file: key pairs as PKCS#8 and
     * SubjectPublicKeyInfo, secret keys and two-party shares raw. Package-private: only the file
     * storage of this module calls it, and it encrypts the result.
     *
     * @return alias → entry
     */
    Map<String, byte[][]> snapshot() {
        Map<String, byte[][]> out = new java.util.TreeMap<>();
        pairs.forEach((alias, p) -> out.put(alias, new byte[][]{"pair".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                p.pair().getPrivate().getEncoded(), p.pair().getPublic().getEncoded()}));
        secrets.forEach((alias, k) -> out.put(alias, new byte[][]{"secret".getBytes(java.nio.charset.StandardCharsets.US_ASCII), k.clone()}));
        bankHalf.snapshot().forEach((alias, e) -> out.put(alias, e));
        return out;
    }

    /**
     * Restores what {@link #snapshot()} produced.
     *
     * @param entries alias → entry
     */
    void restore(Map<String, byte[][]> entries) {
        entries.forEach((alias, e) -> {
            String kind = new String(e[0], java.nio.charset.StandardCharsets.US_ASCII);
            switch (kind) {
                case "pair" -> {
                    pairs.put(alias, new Stored(KeyPairs.fromEncoded(e[1], e[2])));
                    signers.forget(alias);
                }
                case "secret" -> secrets.put(alias, e[1].clone());
                default -> bankHalf.restore(alias, e);
            }
        });
    }

    @Override
    public String toString() {
        return "MemoryKeyStorage[" + id + ", " + pairs.size() + " key pairs, " + secrets.size() + " secret keys]";
    }
}
