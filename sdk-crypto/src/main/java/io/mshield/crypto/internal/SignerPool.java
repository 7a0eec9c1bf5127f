package io.mshield.crypto.internal;

import io.mshield.ErrorCode;
import io.mshield.ShieldException;
import io.mshield.crypto.SignatureScheme;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Initialized signers kept per key and scheme, so that a key that signs often is not initialized
 * again for every signature: BouncyCastle's SM2 signer computes the public point d·G in every
 * {@code initSign}, which costs as much as the signature itself.
 *
 * <p>A signer is borrowed by one thread at a time and given back only after a successful
 * {@code sign()}, which resets it to its initialized state (the JCA contract); a signer that
 * failed is dropped. At most {@value #IDLE_PER_KEY} idle signers are kept per key and scheme, and
 * beyond {@code maxKeys} keys the least recently used are dropped. The pool holds what the owning
 * key storage already holds in memory; the storage calls {@link #forget(String)} when it destroys
 * a key, and a signer is given back only while its key still exists. Thread-safe.
 */
final class SignerPool {
    static final int IDLE_PER_KEY = 4;

    private final Signatures signatures;
    private final Map<String, ArrayDeque<Signature>> idle;

    /**
     * Creates a pool.
     *
     * @param signatures makes new signers
     * @param maxKeys    how many keys' signers are kept at most
     */
    SignerPool(Signatures signatures, int maxKeys) {
        this.signatures = Objects.requireNonNull(signatures, "signatures");
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be positive");
        }
        this.idle = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ArrayDeque<Signature>> eldest) {
                return size() > maxKeys;
            }
        };
    }

    /**
     * Signs with a pooled signer of the key, or a new one.
     *
     * @param alias     the key's alias in its storage
     * @param key       the private key
     * @param scheme    the scheme
     * @param data      the data
     * @param stillKept whether the storage still holds the alias, asked before a signer is kept
     * @return the signature value
     */
    byte[] sign(String alias, PrivateKey key, SignatureScheme scheme, byte[] data, Predicate<String> stillKept) {
        Objects.requireNonNull(data, "data");
        String slot = alias + '/' + scheme.name();
        Signature s;
        synchronized (idle) {
            ArrayDeque<Signature> q = idle.get(slot);
            s = q == null ? null : q.pollFirst();
        }
        if (s == null) {
            s = signatures.initializedSigner(key, scheme);
        }
        byte[] value;
        try {
            s.update(data);
            value = s.sign();
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new ShieldException(ErrorCode.ALGORITHM_NOT_SUPPORTED,
                    "cannot sign with " + scheme + " using a " + key.getAlgorithm() + " key", e);
        }
        synchronized (idle) {
            if (stillKept.test(alias)) {
                ArrayDeque<Signature> q = idle.computeIfAbsent(slot, k -> new ArrayDeque<>());
                if (q.size() < IDLE_PER_KEY) {
                    q.addFirst(s);
                }
            }
        }
        return value;
    }

    /**
     * Drops every signer of a key.
     *
     * @param alias the key's alias
     */
    void forget(String alias) {
        String prefix = alias + '/';
        synchronized (idle) {
            idle.keySet().removeIf(k -> k.startsWith(prefix));
        }
    }

    /**
     * How many idle signers the pool holds, for tests.
     *
     * @return the count
     */
    int idleSigners() {
        synchronized (idle) {
            return idle.values().stream().mapToInt(ArrayDeque::size).sum();
        }
    }
}
