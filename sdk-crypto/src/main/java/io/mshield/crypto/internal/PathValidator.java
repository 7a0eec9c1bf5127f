package io.mshield.crypto.internal;

import java.nio.ByteBuffer;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * RFC 5280 path validation of a signer's certificate up to a trust anchor, through
 * BouncyCastle's PKIX validator, with a bounded cache of successful validations.
 *
 * <p>What a successful validation establishes is independent of the time, except for the
 * validity periods: signatures along the path, names chaining, basic constraints and the CA's
 * key usage. The cache therefore keeps, per leaf certificate (its exact encoding) and anchor,
 * the validated path and the intersection of its validity periods; a later check of the same
 * leaf at a time inside that window costs a map lookup instead of two signature verifications.
 * A time outside the window, a different issuing certificate or an unknown leaf goes through
 * full validation. Failures are never cached, so a transient failure cannot stick.
 *
 * <p>Revocation is not part of this class: the caller asks its revocation source for the status
 * at the signing time on every verification, so that a revocation takes effect at once.
 *
 * <p>Thread-safe.
 */
public final class PathValidator {
    /** Entries kept; beyond this, older validations are evicted. */
    public static final int DEFAULT_CAPACITY = 10_000;

    /** {@code direct}: the issuing certificate is itself the trust anchor (a two-certificate path). */
    private record Key(ByteBuffer leaf, ByteBuffer issuing, boolean direct) {
    }

    private record Validated(List<X509Certificate> path, Instant notBefore, Instant notAfter) {
    }

    private final Map<Key, Validated> cache;
    private final int capacity;
    private final java.util.concurrent.atomic.AtomicLong hits = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong misses = new java.util.concurrent.atomic.AtomicLong();

    /** Creates a validator with {@link #DEFAULT_CAPACITY}. */
    public PathValidator() {
        this(DEFAULT_CAPACITY);
    }

    /**
     * Creates a validator.
     *
     * @param capacity how many validations to keep (0 disables the cache)
     */
    public PathValidator(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative");
        }
        this.capacity = capacity;
        this.cache = new ConcurrentHashMap<>();
    }

    /**
     * Validates {@code leaf → issuing → root} at a time.
     *
     * @param leaf    the end-entity certificate
     * @param issuing the certificate that issued it
     * @param root    the trust anchor, a self-signed certificate
     * @param at      the time the path must be valid at
     * @return the path, leaf first and anchor last, or why it does not validate
     */
    public Result validate(X509Certificate leaf, X509Certificate issuing, X509Certificate root, Instant at) {
        Objects.requireNonNull(leaf, "leaf");
        Objects.requireNonNull(issuing, "issuing");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(at, "at");
        return validate(List.of(leaf, issuing), root, at, false);
    }

    /**
     * Validates {@code leaf → anchor} at a time, where the issuing certificate is itself the trust
     * anchor (a CA the caller trusts directly, such as the USB-key CAs a bank configures for seal
     * media). Besides the PKIX checks, the anchor must be a CA certificate (basic constraints
     * {@code cA}, and {@code keyCertSign} where it has a key usage) valid at that time.
     *
     * @param leaf   the end-entity certificate
     * @param anchor the trusted issuing certificate
     * @param at     the time the path must be valid at
     * @return the path, leaf first and anchor last, or why it does not validate
     */
    public Result validate(X509Certificate leaf, X509Certificate anchor, Instant at) {
        Objects.requireNonNull(leaf, "leaf");
        Objects.requireNonNull(anchor, "anchor");
        Objects.requireNonNull(at, "at");
        boolean[] usage = anchor.getKeyUsage();
        if (anchor.getBasicConstraints() < 0 || usage != null && (usage.length < 6 || !usage[5])) {
            return Result.failure("the trusted issuer is not a CA certificate");
        }
        return validate(List.of(leaf), anchor, at, true);
    }

    private Result validate(List<X509Certificate> belowAnchor, X509Certificate root, Instant at, boolean direct) {
        X509Certificate leaf = belowAnchor.get(0);
        X509Certificate issuing = direct ? root : belowAnchor.get(1);
        Key key;
        try {
            key = new Key(ByteBuffer.wrap(leaf.getEncoded()), ByteBuffer.wrap(issuing.getEncoded()), direct);
        } catch (CertificateEncodingException e) {
            return Result.failure("the certificate cannot be encoded");
        }
        Validated hit = cache.get(key);
        if (hit != null && !at.isBefore(hit.notBefore()) && !at.isAfter(hit.notAfter())) {
            hits.incrementAndGet();
            return Result.success(hit.path());
        }
        misses.incrementAndGet();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509", Bc.provider());
            CertPath path = factory.generateCertPath(belowAnchor);
            PKIXParameters parameters = new PKIXParameters(java.util.Set.of(new TrustAnchor(root, null)));
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(at));
            CertPathValidator.getInstance("PKIX", Bc.provider()).validate(path, parameters);
            root.checkValidity(Date.from(at));
        } catch (java.security.cert.CertPathValidatorException e) {
            return Result.failure("the path to the trust anchor does not validate: " + safe(e.getMessage()));
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            return Result.failure("the path to the trust anchor does not validate");
        }
        Instant notBefore = latest(leaf.getNotBefore(), issuing.getNotBefore(), root.getNotBefore());
        Instant notAfter = earliest(leaf.getNotAfter(), issuing.getNotAfter(), root.getNotAfter());
        List<X509Certificate> validated = direct ? List.of(leaf, root) : List.of(leaf, issuing, root);
        if (capacity > 0) {
            // Bounded without a lock on the read path: past capacity, evict arbitrary entries.
            Iterator<Key> evict = cache.keySet().iterator();
            while (cache.size() >= capacity && evict.hasNext()) {
                evict.next();
                evict.remove();
            }
            cache.put(key, new Validated(validated, notBefore, notAfter));
        }
        return Result.success(validated);
    }

    /**
     * Validations answered from the cache so far.
     *
     * @return the count
     */
    public long cacheHits() {
        return hits.get();
    }

    /**
     * Validations done in full so far.
     *
     * @return the count
     */
    public long cacheMisses() {
        return misses.get();
    }

    private static String safe(String message) {
        // BouncyCastle's messages name certificates and algorithms, never key material; keep them short.
        if (message == null) {
            return "no reason given";
        }
        return message.length() > 200 ? message.substring(0, 200) : message;
    }

    private static Instant latest(Date... dates) {
        Instant latest = Instant.MIN;
        for (Date d : dates) {
            if (d.toInstant().isAfter(latest)) {
                latest = d.toInstant();
            }
        }
        return latest;
    }

    private static Instant earliest(Date... dates) {
        Instant earliest = Instant.MAX;
        for (Date d : dates) {
            if (d.toInstant().isBefore(earliest)) {
                earliest = d.toInstant();
            }
        }
        return earliest;
    }

    /**
     * The outcome of a validation.
     *
     * @param path    the validated path, leaf first (empty on failure)
     * @param failure why it failed, if it did
     */
    public record Result(List<X509Certificate> path, Optional<String> failure) {
        /**
         * Validates the components.
         *
         * @param path    the path
         * @param failure the failure
         */
        public Result {
            path = List.copyOf(path);
            Objects.requireNonNull(failure, "failure");
        }

        static Result success(List<X509Certificate> path) {
            return new Result(path, Optional.empty());
        }

        static Result failure(String why) {
            return new Result(List.of(), Optional.of(why));
        }

        /**
         * Whether the path validated.
         *
         * @return true when valid
         */
        public boolean valid() {
            return failure.isEmpty();
        }
    }
}
